using McpContext.Core.Ledger;

namespace McpContext.Server.Tools;

/// <summary>Turns the Core ledger's types into the tools' and resources' output shapes.</summary>
internal static class TaskOutputs
{
    public const int MaxOthers = 50;

    private const int MaxHistory = 50;

    private const int MaxEvidence = 5;

    public static TaskSummaryOutput Summary(LedgerTask task) => new(
        task.Id,
        task.Spec.Title,
        task.State.Name(),
        TaskPriority.Label(task.Spec.Priority),
        task.Spec.File,
        task.Spec.DependsOn,
        task.Spec.Tags,
        task.Progress.Claim?.Owner,
        task.Progress.Claim?.Until,
        task.Diagnostics.Count(d => d.Severity == LedgerSeverity.Error),
        TaskSearch.Url(task.Id));

    public static TaskDetailOutput Detail(LedgerTask task, LedgerSnapshot snapshot)
    {
        var spec = task.Spec;
        var progress = task.Progress;
        return new TaskDetailOutput(
            task.Id,
            spec.Title,
            task.State.Name(),
            Allowed(task),
            TaskPriority.Label(spec.Priority),
            spec.File,
            task.LogFile,
            spec.Objective,
            [.. spec.FilesToModify.Select(f => new TaskFileOutput(f.Path, f.Note, f.Line))],
            [.. spec.Steps.Select(s => new TaskItemOutput(s.Text, s.Line, []))],
            [.. spec.CompletionCriteria.Select(c => new TaskItemOutput(c.Text, c.Line, c.Commands))],
            [.. spec.DependsOn.Select(d => new DependencyOutput(d, snapshot.Find(d)?.State.Name() ?? "missing"))],
            spec.Tags,
            spec.Executor,
            spec.Reviewer,
            [.. spec.OtherSections.Select(s => new SectionOutput(s.Name, s.Text))],
            Claim(progress.Claim),
            progress.StateReason,
            progress.OpenActions,
            [.. progress.Evidence.Reverse().Take(MaxEvidence).Select(Evidence)],
            [.. progress.Reviews.Reverse().Select(Review)],
            [.. progress.Events.Reverse().Take(MaxHistory).Select(e => new EventOutput(e.Seq, e.Time, e.Actor, e.Kind, e.From, e.To, e.Reason))],
            progress.Events.Count,
            task.IsTrusted,
            [.. task.Diagnostics.Select(Diagnostic)],
            TaskSearch.Url(task.Id));
    }

    public static TaskWriteOutput Written(LedgerTask task, LedgerEvent written) =>
        new(task.Id, task.State.Name(), Allowed(task), task.Spec.File, Claim(task.Progress.Claim), written.TookOverFrom, TaskSearch.Url(task.Id));

    public static EvidenceOutput Evidence(LedgerEvent entry)
    {
        var evidence = entry.Evidence!;
        return new EvidenceOutput(
            entry.Time,
            entry.Actor,
            evidence.Commit,
            evidence.Dirty,
            evidence.Passed,
            [.. evidence.Commands.Select(c => new CommandOutput(c.Command, c.Line, c.Outcome, c.ExitCode, c.DurationMs, c.StdoutTail, c.StderrTail, c.OutputBytes, c.Error))]);
    }

    public static LedgerDiagnosticOutput Diagnostic(LedgerDiagnostic diagnostic) =>
        new(diagnostic.File, diagnostic.Line, diagnostic.Severity == LedgerSeverity.Error ? "error" : "warning", diagnostic.Message);

    public static IReadOnlyList<string> Allowed(LedgerTask task) => [.. TaskStateMachine.Allowed(task.State).Select(s => s.Name())];

    private static ClaimOutput? Claim(TaskClaim? claim) => claim is null ? null : new ClaimOutput(claim.Owner, claim.Since, claim.Until);

    private static ReviewOutput Review(LedgerEvent entry)
    {
        var review = entry.Review!;
        return new ReviewOutput(
            entry.Time,
            review.Status,
            review.Summary,
            [.. review.Findings.Select(f => new ReviewFindingOutput(f.Message, f.Severity, f.File, f.Line))],
            review.MissingTests,
            review.RecommendedActions,
            review.Commit,
            review.Reviewer);
    }
}
