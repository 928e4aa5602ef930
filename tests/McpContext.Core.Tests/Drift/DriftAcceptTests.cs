using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Drift;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Drift;

public sealed class DriftAcceptTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 14, 5, 9, 123, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accept_records_the_checked_out_commit_and_the_time_through_the_store_and_journal()
    {
        using var repo = await EdgeRepo.CreateAsync(accept: false);
        var head = (await repo.GitAsync("rev-parse", "HEAD")).Trim();
        using var store = EdgeRepo.Store(repo);
        var before = store.Read().Revision;

        var result = await DriftDetector.AcceptAsync(store, before, "ops-agent", "reviewed after the 1.9 release", new FixedTime(Now), Cancel);

        Assert.True(result.Recorded, string.Join("; ", result.Problems));
        Assert.Equal((head, "2026-11-21T14:05:09Z"), (result.Commit, result.At));
        var verified = ProjectContext.From(store.Read().Model).Verified!;
        Assert.Equal((head, "2026-11-21T14:05:09Z"), (verified.Commit, verified.At));
        Assert.Contains($"commit = \"{head}\"\nat = 2026-11-21T14:05:09Z\n", await File.ReadAllTextAsync(store.FilePath, Cancel), StringComparison.Ordinal);
        Assert.Contains("# Last time someone checked this file against the repository (mcpctx drift).\n[verified]\n", await File.ReadAllTextAsync(store.FilePath, Cancel), StringComparison.Ordinal);
        var entry = Assert.Single(store.Journal.Query(new ContextJournalQuery()));
        Assert.Equal(("ops-agent", "reviewed after the 1.9 release", before), (entry.Actor, entry.Reason, entry.OldRevision));
        Assert.Equal(["verified.commit", "verified.at"], entry.Paths);

        var report = await EdgeRepo.CheckAsync(repo);
        Assert.Equal(head, report.Changes!.Since);
        Assert.Empty(report.Notes);
    }

    [Fact]
    public async Task Accept_is_refused_while_the_context_disagrees_with_the_repository()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/compose/green.yml", "3002:8080", "3012:8080");
        using var store = EdgeRepo.Store(repo);
        var text = await File.ReadAllTextAsync(store.FilePath, Cancel);

        var result = await DriftDetector.AcceptAsync(store, store.Read().Revision, "test", "accept anyway", new FixedTime(Now), Cancel);

        Assert.False(result.Recorded);
        Assert.Null(result.Write);
        Assert.Equal(["the context disagrees with the repository in 1 place(s); nothing was recorded. Fix each finding (its operations, or the repository) and accept again"], result.Problems);
        Assert.Equal(DriftKinds.PortMismatch, Assert.Single(result.Report!.Findings).Kind);
        Assert.Equal(text, await File.ReadAllTextAsync(store.FilePath, Cancel));
    }

    [Fact]
    public async Task Accept_with_a_stale_revision_is_a_conflict_and_writes_nothing()
    {
        using var repo = await EdgeRepo.CreateAsync();
        using var store = EdgeRepo.Store(repo);
        var result = await DriftDetector.AcceptAsync(store, "0123456789abcdef", "test", "stale", new FixedTime(Now), Cancel);
        Assert.False(result.Recorded);
        Assert.Equal(ContextWriteStatus.Conflict, result.Write!.Status);
        Assert.Equal([$"the context changed since revision 0123456789abcdef: it is now at revision {store.Read().Revision}; re-read it and apply the change again"], result.Problems);
    }

    [Fact]
    public async Task Accept_before_the_first_commit_says_there_is_nothing_to_record()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("project-context.toml", "project = \"fresh\"\n");
        using var store = new ContextStore(repo.PathOf("project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
        var result = await DriftDetector.AcceptAsync(store, store.Read().Revision, "test", "too early", new FixedTime(Now), Cancel);
        Assert.False(result.Recorded);
        Assert.Equal([$"the repository at {repo.Root} has no commit yet; commit first, then accept"], result.Problems);
    }

    [Fact]
    public async Task Accept_outside_a_git_repository_passes_on_why_drift_cannot_run()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-accept-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "project-context.toml"), "project = \"x\"\n", Cancel);
            using var store = new ContextStore(Path.Combine(dir.FullName, "project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
            var result = await DriftDetector.AcceptAsync(store, store.Read().Revision, "test", "no git", new FixedTime(Now), Cancel);
            Assert.False(result.Recorded);
            Assert.Null(result.Report);
            Assert.Equal([$"drift reads the project's files through git, and '{dir.FullName}' is not inside a git repository; run git init there (and commit) first"], result.Problems);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
