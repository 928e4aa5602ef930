using System.Text;
using McpContext.Core.Processes;

namespace McpContext.Core.Tests.Git;

/// <summary>
/// A real git repository in a temp directory, with its own identity and no global or system git
/// configuration (so nobody's ~/.gitconfig changes what the tests see).
/// </summary>
internal sealed class TempGitRepo : IDisposable
{
    /// <summary>The environment every git command of the tests runs with.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Isolated = new Dictionary<string, string?>
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    private TempGitRepo(string root) => Root = root;

    public string Root { get; }

    public static async Task<TempGitRepo> CreateAsync()
    {
        var repo = new TempGitRepo(Directory.CreateTempSubdirectory("mcpctx-git-").FullName);
        await repo.GitAsync("init", "-q");
        await repo.GitAsync("config", "user.name", "Test Person");
        await repo.GitAsync("config", "user.email", "test.person@example.com");
        await repo.GitAsync("config", "commit.gpgsign", "false");
        await repo.GitAsync("config", "core.autocrlf", "false");
        return repo;
    }

    /// <summary>Runs git in the repository; it must succeed. Returns stdout.</summary>
    public async Task<string> GitAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("git", args) { WorkingDirectory = Root, Environment = Isolated }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"git {string.Join(' ', args)}: {result.Error}{result.Stderr.Text}");
        return result.Stdout.Text;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(false));
    }

    public void WriteBytes(string relative, byte[] content)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    public void Delete(string relative) => File.Delete(PathOf(relative));

    /// <summary>Stages everything and commits; returns the new commit's id.</summary>
    public async Task<string> CommitAllAsync(string message = "change")
    {
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "--allow-empty", "-m", message);
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
