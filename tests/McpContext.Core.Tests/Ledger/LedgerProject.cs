using McpContext.Core.Ledger;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Ledger;

/// <summary>A clock the test moves: leases expire when the test says so, not when the machine is slow.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan span) => Now += span;
}

/// <summary>A real git repository with a task ledger in it, on a clock the test controls.</summary>
internal sealed class LedgerProject : IDisposable
{
    private LedgerProject(TempGitRepo git, ManualClock clock, bool watch)
    {
        Git = git;
        Clock = clock;
        Ledger = new TaskLedger(git.Root, new LedgerOptions { Time = clock, WatchForChanges = watch, CommandTimeout = TimeSpan.FromMinutes(2) });
    }

    public TempGitRepo Git { get; }

    public ManualClock Clock { get; }

    public TaskLedger Ledger { get; }

    public string Root => Git.Root;

    public static async Task<LedgerProject> CreateAsync(bool watch = false)
    {
        var git = await TempGitRepo.CreateAsync();
        git.Write("README.md", "a project with tasks\n");

        // The ledger's lock lives in .mcpcontext/, which projects keep out of git.
        git.Write(".gitignore", ".mcpcontext/\n");
        await git.CommitAllAsync("init");
        return new LedgerProject(git, new ManualClock(), watch);
    }

    /// <summary>A task file in the format.</summary>
    public static string Spec(string id, string criteria = "- `true`", string? dependsOn = null, string? priority = null) =>
        $"""
        ---
        id: {id}
        {(dependsOn is null ? "" : $"depends_on: [{dependsOn}]")}
        {(priority is null ? "" : $"priority: {priority}")}
        ---
        # Task {id}

        ## Objective

        Do {id}.

        ## Files to Modify

        - `src/{id}.txt`

        ## Steps

        1. Write it.

        ## Completion Criteria

        {criteria}

        """;

    public void WriteTask(string id, string? text = null) => Git.Write($"tasks/{id}.md", text ?? Spec(id));

    public Task<string> CommitAsync(string message = "tasks") => Git.CommitAllAsync(message);

    /// <summary>Drives task <paramref name="id"/> to <paramref name="state"/> through the ledger's own operations, as owner "w".</summary>
    public async Task DriveToAsync(string id, TaskState state)
    {
        async Task Step(Task<LedgerWriteResult> step)
        {
            var result = await step;
            Assert.True(result.Succeeded, result.Error);
        }

        var cancel = TestContext.Current.CancellationToken;
        if (state == TaskState.Draft)
        {
            return;
        }

        if (state is TaskState.Blocked or TaskState.Cancelled)
        {
            await Step(Ledger.TransitionAsync(id, state, "w", "for the test", cancellationToken: cancel));
            return;
        }

        await Step(Ledger.TransitionAsync(id, TaskState.Ready, "w", cancellationToken: cancel));
        if (state == TaskState.Ready)
        {
            return;
        }

        await Step(Task.FromResult(Ledger.Claim(id, "w", null, "w", cancel)));
        if (state == TaskState.InProgress)
        {
            return;
        }

        await Step(Ledger.TransitionAsync(id, TaskState.Verifying, "w", cancellationToken: cancel));
        if (state == TaskState.Verifying)
        {
            return;
        }

        await Step(Ledger.VerifyAsync(id, "w", cancellationToken: cancel));
        await Step(Ledger.TransitionAsync(id, TaskState.InReview, "w", cancellationToken: cancel));
        if (state == TaskState.InReview)
        {
            return;
        }

        var review = state == TaskState.Done
            ? new TaskReview { Status = "approved", Summary = "good" }
            : new TaskReview { Status = "changes_requested", Summary = "not yet", RecommendedActions = ["add a test"] };
        await Step(Ledger.RecordReviewAsync(id, review, "reviewer", cancel));
    }

    public void Dispose()
    {
        Ledger.Dispose();
        Git.Dispose();
    }
}
