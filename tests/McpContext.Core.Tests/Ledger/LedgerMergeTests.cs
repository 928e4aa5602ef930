using McpContext.Core.Ledger;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Ledger;

/// <summary>Two branches of one real repository, each adding tasks and moving a different one, merged by git.</summary>
public sealed class LedgerMergeTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Branches_that_add_tasks_and_move_different_ones_merge_without_conflict_or_id_collision_and_every_chain_intact()
    {
        using var git = await TempGitRepo.CreateAsync();
        git.Write(".gitignore", ".mcpcontext/\n");
        git.Write("tasks/A.md", LedgerProject.Spec("A"));
        git.Write("tasks/B.md", LedgerProject.Spec("B"));
        using (var ledger = new TaskLedger(git.Root, new LedgerOptions { WatchForChanges = false }))
        {
            Assert.True((await ledger.TransitionAsync("A", TaskState.Ready, "lead", cancellationToken: Cancel)).Succeeded);
            Assert.True((await ledger.TransitionAsync("B", TaskState.Ready, "lead", cancellationToken: Cancel)).Succeeded);
        }

        await git.CommitAllAsync("two ready tasks");
        await git.GitAsync("branch", "-M", "main");
        var created = new List<string>();
        foreach (var (branch, moved) in new[] { ("left", "A"), ("right", "B") })
        {
            await git.GitAsync("checkout", "-q", "-b", branch, "main");
            using var ledger = new TaskLedger(git.Root, new LedgerOptions { WatchForChanges = false });
            for (var i = 0; i < 5; i++)
            {
                var result = ledger.Create(new NewTask { Title = $"{branch} task {i}", DependsOn = [moved], Ready = i % 2 == 0 }, branch, Cancel);
                Assert.True(result.Succeeded, result.Error);
                created.Add(result.Task.Id);
            }

            Assert.True(ledger.Claim(moved, $"{branch}-worker", null, branch, Cancel).Succeeded);
            Assert.True((await ledger.TransitionAsync(moved, TaskState.Verifying, $"{branch}-worker", cancellationToken: Cancel)).Succeeded);
            await git.CommitAllAsync($"{branch}: tasks and progress");
        }

        await git.GitAsync("checkout", "-q", "main");
        await git.GitAsync("merge", "-q", "--no-edit", "left");
        var merge = await McpContext.Core.Processes.ProcessRunner.RunAsync(
            new("git", ["merge", "--no-edit", "right"]) { WorkingDirectory = git.Root, Environment = TempGitRepo.Isolated }, Cancel);

        Assert.True(merge.Succeeded, merge.Stdout.Text + merge.Stderr.Text);
        Assert.Equal("", await git.GitAsync("status", "--porcelain"));
        var snapshot = new TaskLedger(git.Root, new LedgerOptions { WatchForChanges = false }).Read();
        Assert.Equal(12, snapshot.Tasks.Count);
        Assert.Equal(10, created.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(created, id => Assert.NotNull(snapshot.Find(id)));
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Severity == LedgerSeverity.Error);
        Assert.All(snapshot.Tasks, t => Assert.True(t.IsTrusted, $"{t.Id}: {t.Progress.Problem}"));
        Assert.Equal((TaskState.Verifying, "left-worker"), (snapshot.Find("A")!.State, snapshot.Find("A")!.Progress.Claim!.Owner));
        Assert.Equal((TaskState.Verifying, "right-worker"), (snapshot.Find("B")!.State, snapshot.Find("B")!.Progress.Claim!.Owner));
        Assert.Equal(6, snapshot.Tasks.Count(t => t.State == TaskState.Ready));
    }
}
