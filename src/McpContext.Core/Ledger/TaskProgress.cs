using System.Globalization;

namespace McpContext.Core.Ledger;

/// <summary>Who holds a task and until when.</summary>
/// <param name="Owner">The claim's owner.</param>
/// <param name="Since">When the current owner first claimed it.</param>
/// <param name="Until">When the lease ends unless renewed.</param>
public sealed record TaskClaim(string Owner, DateTimeOffset Since, DateTimeOffset Until)
{
    /// <summary>True while the lease lives at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => now < Until;
}

/// <summary>
/// A task's state as folded from its event log: the state, the claim, the evidence, the reviews and
/// the actions a reviewer attached. A log that does not check out (its hash chain, or a transition the
/// ledger never makes) is folded only up to the bad line, and <see cref="Problem"/> says so: nothing is
/// written to such a task until the log is repaired.
/// </summary>
public sealed class TaskProgress
{
    private TaskProgress(IReadOnlyList<LedgerEvent> events) => Events = events;

    /// <summary>The state.</summary>
    public TaskState State { get; private set; } = TaskState.Draft;

    /// <summary>The claim, while the task is in_progress or verifying.</summary>
    public TaskClaim? Claim { get; private set; }

    /// <summary>Why the task entered its current state, when a reason was given.</summary>
    public string? StateReason { get; private set; }

    /// <summary>The trusted events, oldest first.</summary>
    public IReadOnlyList<LedgerEvent> Events { get; }

    /// <summary>The evidence events, oldest first.</summary>
    public IReadOnlyList<LedgerEvent> Evidence => [.. Events.Where(e => e.Evidence is not null)];

    /// <summary>The review events, oldest first.</summary>
    public IReadOnlyList<LedgerEvent> Reviews => [.. Events.Where(e => e.Review is not null)];

    /// <summary>The reviewer's recommended actions from the last request for changes, until the next review.</summary>
    public IReadOnlyList<string> OpenActions { get; private set; } = [];

    /// <summary>Why the log cannot be trusted (<c>line 4 was changed after it was written...</c>); null when it checks out.</summary>
    public string? Problem { get; private set; }

    /// <summary>The line of the log <see cref="Problem"/> is about.</summary>
    public int ProblemLine { get; private set; }

    /// <summary>The last trusted event, which the next one chains to.</summary>
    public LedgerEvent? Last => Events.Count == 0 ? null : Events[^1];

    /// <summary>Folds <paramref name="log"/>, checking that every step is one the ledger makes.</summary>
    public static TaskProgress Fold(LogContent log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var trusted = new List<LedgerEvent>(log.Events.Count);
        var progress = new TaskProgress(trusted);
        foreach (var entry in log.Events)
        {
            if (progress.Apply(entry) is { } illegal)
            {
                progress.Problem = string.Create(CultureInfo.InvariantCulture, $"line {entry.Line} {illegal}");
                progress.ProblemLine = entry.Line;
                return progress;
            }

            trusted.Add(entry);
        }

        progress.Problem = log.Problem;
        progress.ProblemLine = log.ProblemLine;
        return progress;
    }

    /// <summary>
    /// Null when the latest evidence recorded on a clean tree at <paramref name="commit"/> passed and ran
    /// exactly <paramref name="checks"/>; otherwise why not, in words a model can act on.
    /// </summary>
    public string? EvidenceProblem(string commit, IReadOnlyList<TaskCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(checks);
        return EvidenceProblem(Events, commit, checks);
    }

    private static string? EvidenceProblem(IEnumerable<LedgerEvent> events, string commit, IReadOnlyList<TaskCheck>? checks)
    {
        var atCommit = events.Where(e => e.Evidence is { } evidence && string.Equals(evidence.Commit, commit, StringComparison.OrdinalIgnoreCase)).Select(e => e.Evidence!).ToList();
        var shortCommit = commit.Length > 12 ? commit[..12] : commit;
        if (atCommit.Count == 0)
        {
            return $"there is no evidence for commit {shortCommit}: run task_verify at that commit (with the exec toolset, or mcpctx task verify) first; an agent's own word is not evidence";
        }

        var clean = atCommit.Where(e => !e.Dirty).ToList();
        if (clean.Count == 0)
        {
            return $"the evidence for commit {shortCommit} was recorded with uncommitted changes in the working tree, so it proves nothing about the commit: commit them, then run task_verify again";
        }

        var latest = clean[^1];
        if (!latest.Passed)
        {
            var failed = latest.Commands.FirstOrDefault(c => !c.Passed);
            var what = failed is null ? "it did not pass" : $"`{failed.Command}` {Describe(failed)}";
            return $"the latest evidence for commit {shortCommit} failed: {what}; fix it, commit, and run task_verify again";
        }

        if (checks is not null && !latest.Commands.Select(c => c.Command).SequenceEqual(checks.Select(c => c.Command), StringComparer.Ordinal))
        {
            return $"the task's runnable completion criteria changed since the evidence for commit {shortCommit} was recorded: run task_verify again";
        }

        return null;
    }

    /// <summary>"exited 1", "timed out after 10 s", "could not start: ...".</summary>
    public static string Describe(CommandEvidence command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Outcome switch
        {
            "exited" => string.Create(CultureInfo.InvariantCulture, $"exited {command.ExitCode}"),
            "timed_out" => string.Create(CultureInfo.InvariantCulture, $"timed out after {command.DurationMs / 1000.0:0.#} s and was killed with its process group"),
            "cancelled" => "was cancelled and killed with its process group",
            _ => $"could not start: {command.Error}",
        };
    }

    /// <summary>Applies one event; returns why it is not a step the ledger would have made, or null.</summary>
    private string? Apply(LedgerEvent entry)
    {
        var hasFrom = TaskStates.TryParse(entry.From, out var from);
        var hasTo = TaskStates.TryParse(entry.To, out var to);
        switch (entry.Kind)
        {
            case LedgerEventKinds.Created:
                return entry.Seq == 1 ? null : "records a creation after other events";
            case LedgerEventKinds.Evidence:
                if (entry.Evidence is null)
                {
                    return "is an evidence event without evidence";
                }

                return State.IsFinal() ? $"records evidence for a task that was already {State.Name()}" : null;
            case LedgerEventKinds.Frozen:
                return "is a freeze event, which belongs in a freeze log";
        }

        if (!hasFrom || !hasTo)
        {
            return $"is a {entry.Kind} event without valid from and to states";
        }

        if (from != State)
        {
            return $"says the task went from {entry.From}, but it was {State.Name()} then";
        }

        switch (entry.Kind)
        {
            case LedgerEventKinds.Claimed:
                if (entry.Owner is null || entry.LeaseUntil is null)
                {
                    return "is a claim without owner or lease";
                }

                if (!(from == TaskState.Ready && to == TaskState.InProgress) && !(TaskStateMachine.IsClaimed(from) && to == from))
                {
                    return $"claims the task {entry.From} → {entry.To}, which no claim does";
                }

                Claim = Claim is { } held && string.Equals(held.Owner, entry.Owner, StringComparison.Ordinal)
                    ? held with { Until = entry.LeaseUntil.Value }
                    : new TaskClaim(entry.Owner, entry.Time, entry.LeaseUntil.Value);
                Enter(to, null);
                return null;
            case LedgerEventKinds.Review:
                if (entry.Review is null || from != TaskState.InReview)
                {
                    return "is a review event without a review, or of a task not in_review";
                }

                var expected = entry.Review.Status switch
                {
                    "approved" => TaskState.Done,
                    "changes_requested" => TaskState.ChangesRequested,
                    _ => TaskState.Blocked,
                };
                if (to != expected)
                {
                    return $"records a {entry.Review.Status} review moving the task to {entry.To}";
                }

                if (to == TaskState.Done && EvidenceProblem(Events, entry.Commit ?? "", null) is { } unproven)
                {
                    return $"marks the task done without passing evidence: {unproven}";
                }

                OpenActions = to == TaskState.ChangesRequested ? entry.Review.RecommendedActions : [];
                Enter(to, entry.Reason);
                return null;
            default:
                if (!TaskStateMachine.IsAllowed(from, to) || to == TaskState.InProgress)
                {
                    return $"moves the task {entry.From} → {entry.To}, which is not a transition the ledger makes";
                }

                if (to == TaskState.Done && EvidenceProblem(Events, entry.Commit ?? "", null) is { } missing)
                {
                    return $"marks the task done without passing evidence: {missing}";
                }

                if (to == TaskState.ChangesRequested)
                {
                    OpenActions = entry.Reason is null ? [] : [entry.Reason];
                }

                Enter(to, entry.Reason);
                return null;
        }
    }

    private void Enter(TaskState state, string? reason)
    {
        if (!TaskStateMachine.IsClaimed(state))
        {
            Claim = null;
        }

        if (state != State)
        {
            StateReason = reason;
        }

        State = state;
    }
}
