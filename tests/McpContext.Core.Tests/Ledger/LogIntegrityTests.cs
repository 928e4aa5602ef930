using System.Text;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>An edited, cut or forged log is detected and reported, and nothing more is written to it.</summary>
public sealed class LogIntegrityTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    /// <summary>A task with four events: ready, claimed, verifying, blocked.</summary>
    private static async Task<(LedgerProject Project, string Log)> FourEventsAsync()
    {
        var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Verifying);
        await project.Ledger.TransitionAsync("A", TaskState.Blocked, "w", "waiting", cancellationToken: Cancel);
        var log = Path.Combine(project.Root, "tasks", ".ledger", "A.jsonl");
        Assert.Equal(4, File.ReadAllLines(log).Length);
        return (project, log);
    }

    private static void EditLines(string log, Func<List<string>, List<string>> edit) =>
        File.WriteAllText(log, string.Join("", edit([.. File.ReadAllLines(log)]).Select(l => l + "\n")));

    public static TheoryData<string, string> Tampering => new()
    {
        { "edit", "line 2 was changed after it was written: its hash does not match its content" },
        { "remove", "line 2 has seq 3 where 2 was expected: an event was removed, added or moved" },
        { "swap", "line 2 has seq 3 where 2 was expected: an event was removed, added or moved" },
        { "blank", "line 3 is blank; every line of a ledger log is one event" },
        { "torn", "line 4 is incomplete (no newline at its end): a write was cut short? Remove that line to keep the events before it" },
        { "garbage", "line 3 is not a ledger event: it does not end with its \"hash\"" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_tampered_log_is_reported_with_its_line_and_the_task_takes_no_more_writes(string how, string problem)
    {
        var (project, log) = await FourEventsAsync();
        using var _ = project;
        switch (how)
        {
            case "edit":
                EditLines(log, lines => [lines[0], lines[1].Replace("\"owner\":\"w\"", "\"owner\":\"mallory\"", StringComparison.Ordinal), .. lines[2..]]);
                break;
            case "remove":
                EditLines(log, lines => [lines[0], .. lines[2..]]);
                break;
            case "swap":
                EditLines(log, lines => [lines[0], lines[2], lines[1], lines[3]]);
                break;
            case "blank":
                EditLines(log, lines => [lines[0], lines[1], "", .. lines[2..]]);
                break;
            case "torn":
                File.WriteAllText(log, File.ReadAllText(log)[..^20]);
                break;
            default:
                EditLines(log, lines => [lines[0], lines[1], "{\"task\":\"A\",\"seq\":3}", lines[3]]);
                break;
        }

        var task = project.Ledger.Find("A")!;
        var write = await project.Ledger.TransitionAsync("A", TaskState.Ready, "w", cancellationToken: Cancel);

        Assert.False(task.IsTrusted);
        Assert.Equal(problem, task.Progress.Problem);
        Assert.Contains(task.Diagnostics, d => d.ToString() == $"tasks/.ledger/A.jsonl:{task.Progress.ProblemLine}: the event log cannot be trusted: {problem}; restore it from git or repair it, nothing is added to it until then");
        Assert.Equal($"A's event log cannot be trusted, so nothing is added to it: tasks/.ledger/A.jsonl: {problem}. Restore it from git (git checkout -- tasks/.ledger/A.jsonl) or repair it by hand", write.Error);
        Assert.Contains(project.Ledger.Read().Next(project.Clock.Now).Others, o => o.Reason == $"its log cannot be trusted (tasks/.ledger/A.jsonl: {problem})");
    }

    [Fact]
    public async Task A_log_copied_from_another_task_is_detected()
    {
        var (project, log) = await FourEventsAsync();
        using var _ = project;
        project.WriteTask("B");
        File.Copy(log, Path.Combine(project.Root, "tasks", ".ledger", "B.jsonl"));

        var task = project.Ledger.Find("B")!;

        Assert.Equal("line 1 belongs to 'A', not 'B': it was copied from another log", task.Progress.Problem);
    }

    [Fact]
    public async Task A_forged_line_with_a_correct_hash_but_a_step_the_ledger_never_makes_is_detected()
    {
        var (project, log) = await FourEventsAsync();
        using var _ = project;
        var events = LedgerLog.Read(log, "A").Events;

        // Re-hashing a forged line keeps the chain intact; the fold still refuses a step the ledger never makes.
        var (forged, _) = LedgerLog.Format(new LedgerEvent { Task = "A", Seq = 0, Time = project.Clock.Now, Actor = "mallory", Kind = LedgerEventKinds.Transition, From = "blocked", To = "done", Commit = "abc1234" }, events[^1]);
        File.AppendAllText(log, forged);
        var task = project.Ledger.Find("A")!;

        Assert.Equal("line 5 moves the task blocked → done, which is not a transition the ledger makes", task.Progress.Problem);
        Assert.Equal(TaskState.Blocked, task.State);
    }

    [Fact]
    public async Task A_forged_done_without_evidence_is_detected_even_on_a_legal_path()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Verifying);
        var log = Path.Combine(project.Root, "tasks", ".ledger", "A.jsonl");
        var last = LedgerLog.Read(log, "A").Events[^1];
        var (toReview, reviewEvent) = LedgerLog.Format(new LedgerEvent { Task = "A", Seq = 0, Time = project.Clock.Now, Actor = "w", Kind = LedgerEventKinds.Transition, From = "verifying", To = "in_review", Commit = "abc1234" }, last);
        var (toDone, _) = LedgerLog.Format(new LedgerEvent { Task = "A", Seq = 0, Time = project.Clock.Now, Actor = "w", Kind = LedgerEventKinds.Transition, From = "in_review", To = "done", Commit = "abc1234" }, reviewEvent);
        File.AppendAllText(log, toReview + toDone, new UTF8Encoding(false));

        var task = project.Ledger.Find("A")!;

        Assert.Equal("line 5 marks the task done without passing evidence: there is no evidence for commit abc1234: run task_verify at that commit (with the exec toolset, or mcpctx task verify) first; an agent's own word is not evidence", task.Progress.Problem);
        Assert.Equal(TaskState.InReview, task.State);
    }

    [Fact]
    public async Task A_log_whose_task_file_is_gone_and_duplicate_ids_are_reported()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Ready);
        File.Delete(Path.Combine(project.Root, "tasks", "A.md"));
        project.Git.Write("tasks/one.md", "---\nid: X\n---\n# One\n");
        project.Git.Write("tasks/two.md", "---\nid: x\n---\n# Two\n");

        var snapshot = project.Ledger.Read();

        Assert.Contains("tasks/.ledger/A.jsonl: warning: no task file has id 'A' (renamed or deleted?); its events are kept but belong to no task", snapshot.LedgerDiagnostics.Select(d => d.ToString()));
        Assert.Contains("tasks/one.md:1: id 'X' is also the id of tasks/two.md; ids must be unique (set a different id in the front matter)", snapshot.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("tasks/two.md:1: id 'x' is also the id of tasks/one.md; ids must be unique (set a different id in the front matter)", snapshot.Diagnostics.Select(d => d.ToString()));
    }
}
