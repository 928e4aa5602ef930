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
    private (List<LedgerTask> Startable, List<LedgerTask> Claimed, List<LedgerTask> Unfinished)? _ranked;

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
    /// expired, lowest priority number first, then in ledger order; and why each other unfinished task is
    /// not it. The ranking is computed once per snapshot and the reasons only when read, so asking again
    /// costs microseconds whatever the size of the ledger.
    /// </summary>
    public NextTask Next(DateTimeOffset now)
    {
        var ranked = _ranked ??= Rank();
        LedgerTask? best = ranked.Startable.Count > 0 ? ranked.Startable[0] : null;
        var takeover = false;
        foreach (var task in ranked.Claimed)
        {
            if (!task.Progress.Claim!.IsLive(now) && (best is null || (task.Spec.Priority, task.Order).CompareTo((best.Spec.Priority, best.Order)) < 0))
            {
                best = task;
                takeover = true;
            }
        }

        return new NextTask(best, takeover, new Reasons(this, ranked.Unfinished, best, now));
    }

    /// <summary>True when every dependency of <paramref name="task"/> is done (unknown ones are not).</summary>
    private bool DependenciesDone(LedgerTask task)
    {
        foreach (var dependency in task.Spec.DependsOn)
        {
            if (Find(dependency)?.State != TaskState.Done)
            {
                return false;
            }
        }

        return true;
    }

    private (List<LedgerTask> Startable, List<LedgerTask> Claimed, List<LedgerTask> Unfinished) Rank()
    {
        var startable = new List<LedgerTask>();
        var claimed = new List<LedgerTask>();
        var unfinished = new List<LedgerTask>();
        foreach (var task in Tasks)
        {
            if (!task.State.IsFinal())
            {
                unfinished.Add(task);
            }

            if (!task.IsTrusted || task.HasErrors || !DependenciesDone(task))
            {
                continue;
            }

            if (task.State == TaskState.Ready)
            {
                startable.Add(task);
            }
            else if (TaskStateMachine.IsClaimed(task.State) && task.Progress.Claim is not null)
            {
                claimed.Add(task);
            }
        }

        startable.Sort((a, b) => (a.Spec.Priority, a.Order).CompareTo((b.Spec.Priority, b.Order)));
        return (startable, claimed, unfinished);
    }

    /// <summary>The unfinished tasks other than the one picked, each with its reason, made when first read.</summary>
    private sealed class Reasons(LedgerSnapshot snapshot, List<LedgerTask> unfinished, LedgerTask? best, DateTimeOffset now) : IReadOnlyList<NotNext>
    {
        private readonly NotNext?[] _made = new NotNext?[unfinished.Count - (best is null ? 0 : 1)];
        private readonly int _skip = best is null ? int.MaxValue : unfinished.IndexOf(best);

        public int Count => _made.Length;

        public NotNext this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _made.Length);
                var task = unfinished[index >= _skip ? index + 1 : index];
                return _made[index] ??= new NotNext(task, snapshot.Reason(task, best, now));
            }
        }

        public IEnumerator<NotNext> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
