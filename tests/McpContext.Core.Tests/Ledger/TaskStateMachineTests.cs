using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>Every state against every target, through the ledger on a real repository.</summary>
public sealed class TaskStateMachineTests
{
    // The machine as the issue states it: draft -> ready -> in_progress (claimed) -> verifying -> in_review -> done;
    // changes_requested returns to ready; blocked and cancelled with a reason; blocked can be lifted.
    public static TheoryData<TaskState, string> Machine => new()
    {
        { TaskState.Draft, "ready, blocked or cancelled" },
        { TaskState.Ready, "in_progress, blocked or cancelled" },
        { TaskState.InProgress, "verifying, blocked or cancelled" },
        { TaskState.Verifying, "in_review, blocked or cancelled" },
        { TaskState.InReview, "done, changes_requested, blocked or cancelled" },
        { TaskState.ChangesRequested, "ready, blocked or cancelled" },
        { TaskState.Blocked, "ready, draft or cancelled" },
        { TaskState.Done, "none: done is final" },
        { TaskState.Cancelled, "none: cancelled is final" },
    };

    [Theory]
    [MemberData(nameof(Machine))]
    public async Task From_each_state_exactly_the_listed_transitions_are_made_and_the_others_refused_naming_them(TaskState from, string allowed)
    {
        using var project = await LedgerProject.CreateAsync();
        var targets = Enum.GetValues<TaskState>();
        foreach (var to in targets)
        {
            project.WriteTask($"T-{to}");
        }

        await project.CommitAsync();
        var made = new List<TaskState>();
        foreach (var to in targets)
        {
            var id = $"T-{to}";
            await project.DriveToAsync(id, from);
            if (to is TaskState.InReview or TaskState.Done)
            {
                // Evidence for HEAD, so only the machine decides.
                await project.Ledger.VerifyAsync(id, "w", cancellationToken: TestContext.Current.CancellationToken);
            }

            var result = await project.Ledger.TransitionAsync(id, to, "w", "because", cancellationToken: TestContext.Current.CancellationToken);

            if (result.Succeeded)
            {
                made.Add(to);
                Assert.Equal(to, result.Task.State);
                Assert.Equal((from.Name(), to.Name(), "w", "because"), (result.Event.From, result.Event.To, result.Event.Actor, result.Event.Reason));
            }
            else if (to == TaskState.InProgress)
            {
                Assert.Equal("to: a task moves to in_progress by being claimed; call task_claim, which takes a lease", result.Error);
            }
            else
            {
                Assert.Equal($"{id} cannot go from {from.Name()} to {to.Name()}; from {from.Name()} it can go to {allowed}", result.Error);
                Assert.Equal(from, project.Ledger.Find(id)!.State);
            }
        }

        var expected = allowed.StartsWith("none", StringComparison.Ordinal) ? [] : allowed.Replace(" or ", ", ", StringComparison.Ordinal).Split(", ").Where(s => s != "in_progress").ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), made.Select(s => s.Name()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Blocked_cancelled_and_changes_requested_need_a_reason_which_is_recorded()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        var ledger = project.Ledger;
        var cancel = TestContext.Current.CancellationToken;

        foreach (var to in new[] { TaskState.Blocked, TaskState.Cancelled, TaskState.ChangesRequested })
        {
            var refused = await ledger.TransitionAsync("A", to, "w", "  ", cancellationToken: cancel);
            Assert.Equal($"reason: moving a task to {to.Name()} needs a reason; say why", refused.Error);
        }

        var blocked = await ledger.TransitionAsync("A", TaskState.Blocked, "w", "waiting for the database team", cancellationToken: cancel);

        Assert.True(blocked.Succeeded, blocked.Error);
        Assert.Equal("waiting for the database team", blocked.Task.Progress.StateReason);
        Assert.Contains(ledger.Read().Next(project.Clock.Now).Others, o => o.Reason == "blocked: waiting for the database team");
    }

    [Fact]
    public async Task Changes_requested_returns_to_ready_with_the_reviewers_actions_attached()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.CommitAsync();

        await project.DriveToAsync("A", TaskState.ChangesRequested);
        var ready = await project.Ledger.TransitionAsync("A", TaskState.Ready, "w", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(ready.Succeeded, ready.Error);
        Assert.Equal(["add a test"], ready.Task.Progress.OpenActions);
        var review = Assert.Single(ready.Task.Progress.Reviews).Review!;
        Assert.Equal(("changes_requested", "not yet", "reviewer"), (review.Status, review.Summary, review.Reviewer));
    }

    [Fact]
    public async Task A_task_whose_spec_has_errors_cannot_move_forward_but_can_be_blocked_or_cancelled()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", "# A\n\n## Files to Modify\n\n- `/etc/hosts`\n");
        var cancel = TestContext.Current.CancellationToken;

        var ready = await project.Ledger.TransitionAsync("A", TaskState.Ready, "w", cancellationToken: cancel);
        var cancelled = await project.Ledger.TransitionAsync("A", TaskState.Cancelled, "w", "spec was wrong", cancellationToken: cancel);

        Assert.Equal("A has errors to fix before it can move to ready: tasks/A.md:5: '/etc/hosts' is absolute; paths are relative to the repository root", ready.Error);
        Assert.True(cancelled.Succeeded, cancelled.Error);
    }

    [Fact]
    public async Task An_unknown_id_is_refused_with_ids_that_exist()
    {
        using var project = await LedgerProject.CreateAsync();
        var cancel = TestContext.Current.CancellationToken;

        var empty = await project.Ledger.TransitionAsync("T-9", TaskState.Ready, "w", cancellationToken: cancel);
        project.WriteTask("A");
        project.WriteTask("B");
        var missing = await project.Ledger.TransitionAsync("T-9", TaskState.Ready, "w", cancellationToken: cancel);

        Assert.Equal("id: no task has id 'T-9'; there are no tasks yet (create one with task_create, or write tasks/<name>.md)", empty.Error);
        Assert.Equal("id: no task has id 'T-9'; ids look like A, B (task_list shows them all)", missing.Error);
    }
}
