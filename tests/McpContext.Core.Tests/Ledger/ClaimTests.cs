using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

public sealed class ClaimTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_claim_moves_a_ready_task_to_in_progress_under_a_lease_and_a_second_claimer_is_refused_while_it_lives()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Ready);

        var first = project.Ledger.Claim("A", "worker-1", TimeSpan.FromMinutes(20), "codex", Cancel);
        project.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = project.Ledger.Claim("A", "worker-2", null, "codex", Cancel);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(TaskState.InProgress, first.Task.State);
        Assert.Equal(new TaskClaim("worker-1", project.Clock.Now.AddMinutes(-5), project.Clock.Now.AddMinutes(15)), first.Task.Progress.Claim);
        Assert.Equal(("claimed", "ready", "in_progress", "worker-1", "codex"), (first.Event.Kind, first.Event.From, first.Event.To, first.Event.Owner, first.Event.Actor));
        Assert.Equal("A is already claimed by worker-1 until 2026-11-21T10:20:00Z (15 min left); a second claimer is refused while the lease lives", second.Error);
    }

    [Fact]
    public async Task The_owner_renews_its_lease_and_an_expired_lease_is_taken_over()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Ready);
        project.Ledger.Claim("A", "worker-1", TimeSpan.FromMinutes(10), "codex", Cancel);

        project.Clock.Advance(TimeSpan.FromMinutes(8));
        var renewed = project.Ledger.Claim("A", "worker-1", TimeSpan.FromMinutes(10), "codex", Cancel);
        project.Clock.Advance(TimeSpan.FromMinutes(11));
        var takeover = project.Ledger.Claim("A", "worker-2", null, "codex", Cancel);

        Assert.True(renewed.Succeeded, renewed.Error);
        Assert.Equal(("in_progress", "in_progress"), (renewed.Event.From, renewed.Event.To));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 18, 0, TimeSpan.Zero), renewed.Task.Progress.Claim!.Until);
        Assert.True(takeover.Succeeded, takeover.Error);
        Assert.Equal(("worker-1", "took over: worker-1's lease ended 2026-11-21T10:18:00Z"), (takeover.Event.TookOverFrom, takeover.Event.Reason));
        Assert.Equal("worker-2", takeover.Task.Progress.Claim!.Owner);
        Assert.Equal(TaskState.InProgress, takeover.Task.State);
    }

    [Fact]
    public async Task Only_the_owner_moves_a_claimed_task_until_the_lease_ends_but_anyone_may_cancel()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        project.WriteTask("B");
        await project.DriveToAsync("A", TaskState.InProgress);
        await project.DriveToAsync("B", TaskState.InProgress);

        var stranger = await project.Ledger.TransitionAsync("A", TaskState.Verifying, "other", cancellationToken: Cancel);
        var cancel = await project.Ledger.TransitionAsync("B", TaskState.Cancelled, "lead", "no longer needed", cancellationToken: Cancel);
        project.Clock.Advance(TimeSpan.FromMinutes(31));
        var afterLease = await project.Ledger.TransitionAsync("A", TaskState.Blocked, "other", "owner vanished", cancellationToken: Cancel);

        Assert.Equal("A is claimed by w until 2026-11-21T10:30:00Z (30 min left); only w can move it now (pass owner if you claimed it under that name), or anyone once the lease ends", stranger.Error);
        Assert.True(cancel.Succeeded, cancel.Error);
        Assert.Null(cancel.Task.Progress.Claim);
        Assert.True(afterLease.Succeeded, afterLease.Error);
    }

    [Fact]
    public async Task Claims_are_refused_for_tasks_that_are_not_ready_or_wait_for_dependencies()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        project.WriteTask("B", LedgerProject.Spec("B", dependsOn: "A"));
        await project.DriveToAsync("B", TaskState.Ready);

        var draft = project.Ledger.Claim("A", "w", null, "w", Cancel);
        var waiting = project.Ledger.Claim("B", "w", null, "w", Cancel);
        var empty = project.Ledger.Claim("A", " ", null, "w", Cancel);
        var tooLong = project.Ledger.Claim("A", "w", TimeSpan.FromHours(25), "w", Cancel);
        var tooShort = project.Ledger.Claim("A", "w", TimeSpan.FromSeconds(30), "w", Cancel);

        Assert.Equal("A is draft; only a ready task, or a claimed one whose lease expired, can be claimed", draft.Error);
        Assert.Equal("B waits for A (draft); claim it once they are done (task_next picks a task that can start)", waiting.Error);
        Assert.Equal("owner: expected who takes the task (an agent or worker name)", empty.Error);
        Assert.Equal("lease: expected between 1 and 1440 minutes, not 1500", tooLong.Error);
        Assert.Equal("lease: expected between 1 and 1440 minutes, not 0.5", tooShort.Error);
    }
}
