namespace McpContext.Core.Ledger;

/// <summary>
/// The transitions a task may make, and only these: <c>draft → ready → in_progress → verifying →
/// in_review → done</c>; <c>in_review → changes_requested → ready</c>; any unfinished task to
/// <c>blocked</c> or <c>cancelled</c> with a reason; <c>blocked → ready</c> or <c>draft</c>.
/// The guards that need more than the two states (claims, dependencies, evidence) are the ledger's.
/// </summary>
public static class TaskStateMachine
{
    private static readonly Dictionary<TaskState, TaskState[]> Next = new()
    {
        [TaskState.Draft] = [TaskState.Ready, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.Ready] = [TaskState.InProgress, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.InProgress] = [TaskState.Verifying, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.Verifying] = [TaskState.InReview, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.InReview] = [TaskState.Done, TaskState.ChangesRequested, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.ChangesRequested] = [TaskState.Ready, TaskState.Blocked, TaskState.Cancelled],
        [TaskState.Blocked] = [TaskState.Ready, TaskState.Draft, TaskState.Cancelled],
        [TaskState.Done] = [],
        [TaskState.Cancelled] = [],
    };

    /// <summary>The states <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<TaskState> Allowed(TaskState from) => Next[from];

    /// <summary>True when <paramref name="from"/> → <paramref name="to"/> is a transition of the machine.</summary>
    public static bool IsAllowed(TaskState from, TaskState to) => Array.IndexOf(Next[from], to) >= 0;

    /// <summary>Entering these states needs a reason, which the ledger records.</summary>
    public static bool NeedsReason(TaskState to) => to is TaskState.Blocked or TaskState.Cancelled or TaskState.ChangesRequested;

    /// <summary>The states in which a claim holds: its owner works, others keep off while the lease lives.</summary>
    public static bool IsClaimed(TaskState state) => state is TaskState.InProgress or TaskState.Verifying;

    /// <summary>"ready, blocked or cancelled" (or "none: done is final").</summary>
    public static string DescribeAllowed(TaskState from)
    {
        var allowed = Next[from];
        return allowed.Length == 0 ? $"none: {from.Name()} is final" : Join(allowed.Select(s => s.Name()));
    }

    internal static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1],
        };
    }
}
