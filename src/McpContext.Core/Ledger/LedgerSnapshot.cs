using System.Globalization;

namespace McpContext.Core.Ledger;

/// <summary>A task <c>task_next</c> did not pick, and why.</summary>
/// <param name="Task">The task.</param>
/// <param name="Reason">Why it is not next, in words a model can act on.</param>
public sealed record NotNext(LedgerTask Task, string Reason);

/// <summary>The answer of <see cref="LedgerSnapshot.Next"/>.</summary>
/// <param name="Task">The task to take, or null when none can be taken.</param>
/// <param name="IsTakeover">True when <paramref name="Task"/> is claimed by someone whose lease expired: claiming it takes it over.</param>
/// <param name="Others">Every unfinished task that was not picked, in ledger order, with the reason.</param>
public sealed record NextTask(LedgerTask? Task, bool IsTakeover, IReadOnlyList<NotNext> Others);

/// <summary>
/// The whole ledger at one moment: every task with its state, in order, plus the problems that span
/// tasks (duplicate ids, unknown dependencies, cycles, logs without a task). Immutable.
/// </summary>
public sealed class LedgerSnapshot
{
    private readonly Dictionary<string, LedgerTask> _byId;

    internal LedgerSnapshot(IReadOnlyList<LedgerTask> tasks, IReadOnlyList<LedgerDiagnostic> ledgerDiagnostics)
    {
        Tasks = tasks;
        _byId = new Dictionary<string, LedgerTask>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in tasks)
        {
            _byId.TryAdd(task.Id, task);
        }

        LedgerDiagnostics = ledgerDiagnostics;
    }

    /// <summary>Every task, in ledger order (task files sorted as people number them).</summary>
    public IReadOnlyList<LedgerTask> Tasks { get; }

    /// <summary>Problems not tied to one task file, such as a log whose task file is gone.</summary>
    public IReadOnlyList<LedgerDiagnostic> LedgerDiagnostics { get; }

    /// <summary>Every problem in the ledger: each task's, then the ledger's own.</summary>
    public IEnumerable<LedgerDiagnostic> Diagnostics => Tasks.SelectMany(t => t.Diagnostics).Concat(LedgerDiagnostics);

    /// <summary>The task with <paramref name="id"/> (case-insensitive), or null.</summary>
    public LedgerTask? Find(string id) => _byId.GetValueOrDefault(id ?? "");

    /// <summary>"no task has id 'X'; ids look like A, B, C (task_list shows them all)", or how to create the first task.</summary>
    public string UnknownId(string id) => Tasks.Count == 0
        ? $"no task has id '{id}'; there are no tasks yet (create one with task_create, or write {TaskLedger.TasksFolder}/<name>.md)"
        : $"no task has id '{id}'; ids look like {string.Join(", ", Tasks.Take(3).Select(t => t.Id))} (task_list shows them all)";

    /// <summary>The dependencies of <paramref name="task"/> that are not done yet, as "T-2 (in_progress)".</summary>
    public IReadOnlyList<string> PendingDependencies(LedgerTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return [.. task.Spec.DependsOn
            .Select(d => (Id: d, Task: Find(d)))
            .Where(d => d.Task?.State != TaskState.Done)
            .Select(d => d.Task is null ? $"{d.Id} (no such task)" : $"{d.Task.Id} ({d.Task.State.Name()})")];
    }

    /// <summary>
    /// The task to work on next: a ready task whose dependencies are all done, or one whose claim's lease
    /// expired, lowest priority number first, then in ledger order; and why each other unfinished task is not it.
    /// </summary>
    public NextTask Next(DateTimeOffset now)
    {
        var candidates = new List<(LedgerTask Task, bool Takeover)>();
        foreach (var task in Tasks)
        {
            if (!task.IsTrusted || task.HasErrors || PendingDependencies(task).Count > 0)
            {
                continue;
            }

            if (task.State == TaskState.Ready)
            {
                candidates.Add((task, false));
            }
            else if (TaskStateMachine.IsClaimed(task.State) && task.Progress.Claim is { } claim && !claim.IsLive(now))
            {
                candidates.Add((task, true));
            }
        }

        var best = candidates.OrderBy(c => c.Task.Spec.Priority).ThenBy(c => c.Task.Order).FirstOrDefault();
        var others = new List<NotNext>();
        foreach (var task in Tasks)
        {
            if (ReferenceEquals(task, best.Task) || task.State.IsFinal())
            {
                continue;
            }

            others.Add(new NotNext(task, Reason(task, best.Task, now)));
        }

        return new NextTask(best.Task, best.Takeover, others);
    }

    private string Reason(LedgerTask task, LedgerTask? best, DateTimeOffset now)
    {
        if (!task.IsTrusted)
        {
            return $"its log cannot be trusted ({task.LogFile}: {task.Progress.Problem})";
        }

        if (task.HasErrors)
        {
            return $"it has errors to fix first: {task.Diagnostics.First(d => d.Severity == LedgerSeverity.Error)}";
        }

        var pending = PendingDependencies(task);
        var claim = task.Progress.Claim;
        switch (task.State)
        {
            case TaskState.Draft:
                return "draft: not ready yet (move it to ready when its spec is reviewed)";
            case TaskState.Ready or TaskState.InProgress or TaskState.Verifying when pending.Count > 0 && (claim is null || !claim.IsLive(now)):
                return $"{task.State.Name()}, waiting for {string.Join(", ", pending)}";
            case TaskState.InProgress or TaskState.Verifying when claim is not null && claim.IsLive(now):
                return string.Create(CultureInfo.InvariantCulture, $"{task.State.Name()}, claimed by {claim.Owner} until {claim.Until:yyyy-MM-ddTHH:mm:ssZ} ({Minutes(claim.Until - now)} left)");
            case TaskState.Ready or TaskState.InProgress or TaskState.Verifying:
                var what = task.State == TaskState.Ready ? "ready" : string.Create(CultureInfo.InvariantCulture, $"{task.State.Name()} with an expired lease ({claim!.Owner}'s ended {claim.Until:yyyy-MM-ddTHH:mm:ssZ}; claiming it takes it over)");
                if (best is null)
                {
                    return what;
                }

                return task.Spec.Priority != best.Spec.Priority
                    ? $"{what}, but {best.Id} comes first: {TaskPriority.Describe(best.Spec.Priority)} before {TaskPriority.Describe(task.Spec.Priority)}"
                    : $"{what}, but {best.Id} comes first: same priority, earlier in order";
            case TaskState.InReview:
                return "in_review: waiting for a review";
            case TaskState.ChangesRequested:
                return string.Create(CultureInfo.InvariantCulture, $"changes_requested: move it to ready to rework it ({task.Progress.OpenActions.Count} action(s) attached)");
            default:
                return $"blocked: {task.Progress.StateReason ?? "no reason recorded"}";
        }
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalMinutes):0} min") : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Ceiling(span.TotalSeconds)):0} s");
}
