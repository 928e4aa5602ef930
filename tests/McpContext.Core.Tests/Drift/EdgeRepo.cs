using McpContext.Core.Context;
using McpContext.Core.Drift;
using McpContext.Core.Git;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Drift;

/// <summary>The wp-edge-core example copied into a real git repository in a temp directory, committed and accepted as verified.</summary>
internal static class EdgeRepo
{
    public static string Source { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "wp-edge-core");

    /// <summary>A repository holding the example at <paramref name="under"/> (the root by default), committed; verified at that commit unless told not to.</summary>
    public static async Task<TempGitRepo> CreateAsync(string under = "", bool accept = true)
    {
        var repo = await TempGitRepo.CreateAsync();
        Copy(Source, Path.Combine(repo.Root, under));
        await repo.CommitAllAsync("wp-edge-core");
        if (accept)
        {
            using var store = Store(repo, under);
            var accepted = await DriftDetector.AcceptAsync(store, store.Read().Revision, "test", "the fixture is in sync", cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(accepted.Recorded, string.Join("; ", accepted.Problems));
            await repo.CommitAllAsync("verified");
        }

        return repo;
    }

    public static ContextStore Store(TempGitRepo repo, string under = "") =>
        new(Path.Combine(repo.Root, under, "project-context.toml"), new ContextStoreOptions { WatchForChanges = false });

    public static async Task<DriftReport> CheckAsync(TempGitRepo repo, string under = "")
    {
        using var store = Store(repo, under);
        var outcome = await DriftDetector.CheckAsync(store, TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Report;
    }

    /// <summary>Applies the report's combined fix through the store, as a client would with context_update.</summary>
    public static void ApplyFix(TempGitRepo repo, DriftReport report)
    {
        using var store = Store(repo);
        var result = store.Update(report.Revision, report.Fix, "test", "apply the drift fix", TestContext.Current.CancellationToken);
        Assert.True(result.Status == ContextWriteStatus.Written, string.Join("; ", result.Problems));
    }

    /// <summary>The scan of every file git lists in the repository.</summary>
    public static async Task<RepositoryScan> ScanAsync(TempGitRepo repo)
    {
        var git = (await GitRepository.OpenAsync(repo.Root, cancellationToken: TestContext.Current.CancellationToken)).Value!;
        var files = await git.ListFilesUnderAsync("", TestContext.Current.CancellationToken);
        Assert.True(files.Succeeded, files.Error);
        return RepositoryScanner.Scan(repo.Root, new RepositoryFiles(files.Value!), TestContext.Current.CancellationToken);
    }

    public static void Replace(TempGitRepo repo, string file, string oldText, string newText)
    {
        var text = File.ReadAllText(repo.PathOf(file));
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        repo.Write(file, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>A clock that always says the same time, so a recorded time can be asserted exactly.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
