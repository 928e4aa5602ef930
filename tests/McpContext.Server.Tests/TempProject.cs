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

    /// <summary>
    /// Replaces the file as most editors save: a new file renamed over the old one. (A truncate-then-write
    /// save can be read half-way, empty, by the store's watcher, which would then take the empty file as
    /// the last good version: reported to Core.)
    /// </summary>
    public void HandEdit(string text)
    {
        var temp = ContextFile + ".edit";
        File.WriteAllText(temp, text);
        File.Move(temp, ContextFile, overwrite: true);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
