using System.Text.RegularExpressions;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

public sealed partial class CreateAndNextTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_task_gets_a_fresh_id_a_file_that_reads_back_and_a_created_event()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("base");
        var task = new NewTask
        {
            Title = "Add retries to the webhook sender",
            Objective = "Deliveries survive a flaky receiver.",
            FilesToModify = ["src/webhooks/deliver.ts", "src/webhooks/**"],
            Steps = ["Add a retry loop", "Cap it at five attempts"],
            CompletionCriteria = ["`npm test`", "The README documents the retries"],
            DependsOn = ["base"],
            Priority = "high",
            Tags = ["webhooks", "reliability \"core\""],
            Executor = "codex",
            Reviewer = "chatgpt",
        };

        var result = project.Ledger.Create(task, "codex", Cancel);

        Assert.True(result.Succeeded, result.Error);
        var spec = result.Task.Spec;
        Assert.Matches(IdPattern(), spec.Id);
        Assert.Equal($"tasks/{spec.Id}-add-retries-to-the-webhook-sender.md", spec.File);
        Assert.Equal(
            (task.Title, task.Objective, 1, "codex", "chatgpt"),
            (spec.Title, spec.Objective, spec.Priority, spec.Executor, spec.Reviewer));
        Assert.Equal(task.FilesToModify, spec.FilesToModify.Select(f => f.Path));
        Assert.Equal(task.Steps, spec.Steps.Select(s => s.Text));
        Assert.Equal(["npm test"], spec.Checks.Select(c => c.Command));
        Assert.Equal(task.Tags, spec.Tags);
        Assert.Equal(["base"], spec.DependsOn);
        Assert.Empty(spec.Diagnostics);
        Assert.Equal((TaskState.Draft, "created", "codex", "Add retries to the webhook sender"), (result.Task.State, result.Event.Kind, result.Event.Actor, result.Event.Title));
        Assert.Same(result.Task.Spec, project.Ledger.Find(spec.Id)!.Spec);
    }

    [Fact]
    public async Task A_task_created_ready_with_an_id_of_ones_own_is_ready_at_once()
    {
        using var project = await LedgerProject.CreateAsync();

        var result = project.Ledger.Create(new NewTask { Title = "Ship it", Id = "SHIP-1", Ready = true }, "lead", Cancel);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(("SHIP-1", "tasks/SHIP-1-ship-it.md", TaskState.Ready), (result.Task.Id, result.Task.Spec.File, result.Task.State));
        Assert.Equal(["created", "transition"], result.Task.Progress.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task Invalid_new_tasks_are_refused_naming_the_field_and_nothing_is_written()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        project.Git.Write("tasks/.ledger/GHOST.jsonl", "");

        string? Refusal(NewTask task) => project.Ledger.Create(task, "codex", Cancel).Error;

        Assert.Equal("title: expected one line of at most 200 characters", Refusal(new NewTask { Title = "two\nlines" }));
        Assert.Equal("id: 'a b' is not valid; use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 80 characters, or omit it to get a fresh one", Refusal(new NewTask { Title = "t", Id = "a b" }));
        Assert.Equal("id: 'a' is taken by tasks/A.md; choose another id or omit it to get a fresh one", Refusal(new NewTask { Title = "t", Id = "a" }));
        Assert.Equal("id: 'GHOST' has an event log already (tasks/.ledger/GHOST.jsonl) without a task file; restore the task file or choose another id", Refusal(new NewTask { Title = "t", Id = "GHOST" }));
        Assert.Equal("priority: 'asap' is not understood; use critical, high, medium, low, lowest, or P0 to P4 (lower runs first)", Refusal(new NewTask { Title = "t", Priority = "asap" }));
        Assert.Equal("files_to_modify[1]: '/etc/hosts' is absolute; paths are relative to the repository root", Refusal(new NewTask { Title = "t", FilesToModify = ["a.cs", "/etc/hosts"] }));
        Assert.Equal("files_to_modify[0]: '../x' uses '..'; paths stay inside the repository, relative to its root", Refusal(new NewTask { Title = "t", FilesToModify = ["../x"] }));
        Assert.Equal("files_to_modify[0]: expected one repository path, not 'a`b'", Refusal(new NewTask { Title = "t", FilesToModify = ["a`b"] }));
        Assert.Equal("steps[0]: expected one line of text", Refusal(new NewTask { Title = "t", Steps = ["a\nb"] }));
        Assert.Equal("completion_criteria[1]: expected one line of text", Refusal(new NewTask { Title = "t", CompletionCriteria = ["ok", " "] }));
        Assert.Equal("executor: expected a name on one line", Refusal(new NewTask { Title = "t", Executor = "" }));
        Assert.Equal("depends_on: no task has id 'Z'; ids look like A (task_list shows them all)", Refusal(new NewTask { Title = "t", DependsOn = ["Z"] }));
        Assert.Equal(["A.md"], Directory.GetFiles(Path.Combine(project.Root, "tasks")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_new_task_that_would_close_a_dependency_cycle_is_refused()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", LedgerProject.Spec("A", dependsOn: "B"));
        project.WriteTask("C", LedgerProject.Spec("C", dependsOn: "A"));

        var result = project.Ledger.Create(new NewTask { Title = "B", Id = "B", DependsOn = ["C"] }, "codex", Cancel);
        var self = project.Ledger.Create(new NewTask { Title = "S", Id = "S", DependsOn = ["S"] }, "codex", Cancel);

        Assert.Equal("depends_on: that would close a dependency cycle (B -> C -> A -> B); a task cannot wait for itself", result.Error);
        Assert.Equal("depends_on: no task has id 'S'; ids look like A, C (task_list shows them all)", self.Error);
    }

    [Fact]
    public async Task Cycles_written_by_hand_are_errors_on_every_task_in_them_and_keep_them_from_starting()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", LedgerProject.Spec("A", dependsOn: "B"));
        project.WriteTask("B", LedgerProject.Spec("B", dependsOn: "A"));
        project.WriteTask("C", LedgerProject.Spec("C", dependsOn: "NOPE"));

        var snapshot = project.Ledger.Read();
        var ready = await project.Ledger.TransitionAsync("A", TaskState.Ready, "w", cancellationToken: Cancel);

        Assert.Contains("tasks/A.md:3: in a dependency cycle: A -> B -> A; no task in it can ever start", snapshot.Find("A")!.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("tasks/B.md:3: in a dependency cycle: B -> A -> B; no task in it can ever start", snapshot.Find("B")!.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("tasks/C.md:3: depends on 'NOPE', which no task has", snapshot.Find("C")!.Diagnostics.Select(d => d.ToString()));
        Assert.Equal("A has errors to fix before it can move to ready: tasks/A.md:3: in a dependency cycle: A -> B -> A; no task in it can ever start", ready.Error);
    }

    [Fact]
    public async Task Next_picks_by_priority_then_order_and_says_why_each_other_task_is_not_next()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("01-setup", LedgerProject.Spec("01-setup"));
        project.WriteTask("02-api", LedgerProject.Spec("02-api", dependsOn: "01-setup", priority: "critical"));
        project.WriteTask("03-docs", LedgerProject.Spec("03-docs"));
        project.WriteTask("10-ui", LedgerProject.Spec("10-ui", priority: "high"));
        project.WriteTask("9-cli", LedgerProject.Spec("9-cli", priority: "high"));
        project.WriteTask("11-draft");
        project.WriteTask("12-busy");
        foreach (var id in new[] { "01-setup", "02-api", "03-docs", "10-ui", "9-cli" })
        {
            await project.DriveToAsync(id, TaskState.Ready);
        }

        await project.DriveToAsync("12-busy", TaskState.InProgress);

        var next = project.Ledger.Read().Next(project.Clock.Now);

        Assert.Equal(("9-cli", false), (next.Task!.Id, next.IsTakeover));
        Assert.Equal(
            [
                ("01-setup", "ready, but 9-cli comes first: P1 (high) before P2 (medium)"),
                ("02-api", "ready, waiting for 01-setup (ready)"),
                ("03-docs", "ready, but 9-cli comes first: P1 (high) before P2 (medium)"),
                ("10-ui", "ready, but 9-cli comes first: same priority, earlier in order"),
                ("11-draft", "draft: not ready yet (move it to ready when its spec is reviewed)"),
                ("12-busy", "in_progress, claimed by w until 2026-11-21T10:30:00Z (30 min left)"),
            ],
            next.Others.Select(o => (o.Task.Id, o.Reason)));
    }

    [Fact]
    public async Task Next_offers_a_task_whose_lease_expired_as_a_takeover_and_nothing_when_all_is_taken()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.InProgress);

        var taken = project.Ledger.Read().Next(project.Clock.Now);
        project.Clock.Advance(TimeSpan.FromHours(1));
        var expired = project.Ledger.Read().Next(project.Clock.Now);

        Assert.Null(taken.Task);
        Assert.Equal(("A", true), (expired.Task!.Id, expired.IsTakeover));
    }

    [GeneratedRegex("^T-261121-[0-9a-hjkmnp-tv-z]{8}$")]
    private static partial Regex IdPattern();
}
