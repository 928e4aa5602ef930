namespace McpContext.Core.Ledger;

/// <summary>Where a task is in its life. The ledger folds it from the task's event log.</summary>
public enum TaskState
{
    /// <summary>The spec is still being written; nobody should start it.</summary>
    Draft,

    /// <summary>Reviewed and startable once its dependencies are done.</summary>
    Ready,

    /// <summary>Claimed: one owner works on it under a lease.</summary>
    InProgress,

    /// <summary>The owner says the work is finished; its completion criteria are being run.</summary>
    Verifying,

    /// <summary>Verified; waiting for a reviewer.</summary>
    InReview,

    /// <summary>Approved with passing evidence for the reviewed commit. Final.</summary>
    Done,

    /// <summary>The reviewer asked for changes; the actions are attached. Goes back to ready.</summary>
    ChangesRequested,

    /// <summary>Cannot go on, for a recorded reason.</summary>
    Blocked,

    /// <summary>Dropped, for a recorded reason. Final.</summary>
    Cancelled,
}

/// <summary>The names of <see cref="TaskState"/> values as tools, files and people write them.</summary>
public static class TaskStates
{
    private static readonly (TaskState State, string Name)[] Table =
    [
        (TaskState.Draft, "draft"),
        (TaskState.Ready, "ready"),
        (TaskState.InProgress, "in_progress"),
        (TaskState.Verifying, "verifying"),
        (TaskState.InReview, "in_review"),
        (TaskState.Done, "done"),
        (TaskState.ChangesRequested, "changes_requested"),
        (TaskState.Blocked, "blocked"),
        (TaskState.Cancelled, "cancelled"),
    ];

    /// <summary>Every state's name, in life order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The snake_case name: <c>in_progress</c>.</summary>
    public static string Name(this TaskState state) => Table[(int)state].Name;

    /// <summary>Reads a state name; case, spaces and dashes do not matter (<c>In Progress</c>, <c>in-progress</c>).</summary>
    public static bool TryParse(string? text, out TaskState state)
    {
        // Logs hold the exact names; only what people type needs normalising.
        for (var i = 0; i < Table.Length; i++)
        {
            if (string.Equals(Table[i].Name, text, StringComparison.Ordinal))
            {
                state = Table[i].State;
                return true;
            }
        }

        var key = (text ?? "").Trim().Replace(' ', '_').Replace('-', '_').ToLowerInvariant();
        foreach (var (value, name) in Table)
        {
            if (name == key)
            {
                state = value;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>True for the states a task never leaves.</summary>
    public static bool IsFinal(this TaskState state) => state is TaskState.Done or TaskState.Cancelled;
}
