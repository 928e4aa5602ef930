using McpContext.Core.Processes;
using McpContext.Core.Tests.Git;

namespace McpContext.Cli.Tests;

/// <summary>A real repository holding the wp-edge-core example context and the nginx and workflow files it protects.</summary>
internal sealed class EdgeProject : IDisposable
{
    public const string Upstream = "deploy/nginx/conf.d/upstream-active.conf";
    public const string Build = ".github/workflows/build.yml";

    private EdgeProject(TempGitRepo git) => Git = git;

    public TempGitRepo Git { get; }

    public string Root => Git.Root;

    public static async Task<EdgeProject> CreateAsync()
    {
        var git = await TempGitRepo.CreateAsync();
        git.Write("project-context.toml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "wp-edge-core", "project-context.toml")));
        git.Write(Upstream, "upstream active {\n  server 127.0.0.1:3001;\n}\n");
        git.Write(Build, "name: build\non:\n  push:\n    tags: ['v*']\n");
        git.Write("README.md", "# wp-edge-core\n");
        git.Write(".gitignore", ".mcpcontext/\n");
        await git.CommitAllAsync("initial");
        return new EdgeProject(git);
    }

    public void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(Git.PathOf(path));
        Assert.Contains(from, text, StringComparison.Ordinal);
        Git.Write(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void ChangePort() => Edit(Upstream, "127.0.0.1:3001", "127.0.0.1:3005");

    public Task<Mcpctx.Result> RunAsync(params string[] args) => Mcpctx.RunAsync(null, Root, args);

    /// <summary>Runs git without asserting success, with the same isolated configuration.</summary>
    public Task<ProcessResult> TryGitAsync(params string[] args) =>
        ProcessRunner.RunAsync(new ProcessSpec("git", args) { WorkingDirectory = Root, Environment = TempGitRepo.Isolated }, TestContext.Current.CancellationToken);

    public void Dispose() => Git.Dispose();
}
