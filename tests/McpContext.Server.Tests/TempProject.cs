namespace McpContext.Server.Tests;

/// <summary>A project directory in the temp folder, optionally with a context file.</summary>
internal sealed class TempProject : IDisposable
{
    public static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "wp-edge-core", "project-context.toml"));

    public TempProject(string? context = null)
    {
        Root = Directory.CreateTempSubdirectory("mcpctx-server-").FullName;
        if (context is not null)
        {
            File.WriteAllText(ContextFile, context);
        }
    }

    public string Root { get; }

    public string ContextFile => Path.Combine(Root, "project-context.toml");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
