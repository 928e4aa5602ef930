namespace McpContext.Core.Ledger;

/// <summary>Settings for a <see cref="TaskLedger"/>.</summary>
public sealed class LedgerOptions
{
    /// <summary>The clock for event times and leases.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Watch <c>tasks/</c> so reads are served from memory until something changes, and <see cref="TaskLedger.Changed"/> fires for changes by anyone.</summary>
    public bool WatchForChanges { get; init; } = true;

    /// <summary>How long a write waits for another process's write to finish.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The lease a claim gets when the caller names none.</summary>
    public TimeSpan DefaultLease { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest lease a claim may ask for.</summary>
    public TimeSpan MaxLease { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long each completion command may run when the caller names no timeout.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How much of each output stream of a command the evidence keeps (the end of it).</summary>
    public int OutputTailBytes { get; init; } = 4096;
}

/// <summary>The outcome of a ledger write: the event written and the task after it, or why nothing was written.</summary>
public sealed record LedgerWriteResult
{
    /// <summary>Why nothing was written; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The task after the write (on a refusal, as it stands, when it exists).</summary>
    public LedgerTask? Task { get; init; }

    /// <summary>The event written.</summary>
    public LedgerEvent? Event { get; init; }

    /// <summary>True when the event was written.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Task), nameof(Event))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    internal static LedgerWriteResult Refused(string error, LedgerTask? task = null) => new() { Error = error, Task = task };
}

/// <summary>A task to create through the ledger (<c>task_create</c>, <c>mcpctx task new</c>).</summary>
public sealed record NewTask
{
    /// <summary>One line.</summary>
    public required string Title { get; init; }

    /// <summary>What the task is for.</summary>
    public string? Objective { get; init; }

    /// <summary>Repository paths (or globs) the task may change.</summary>
    public IReadOnlyList<string> FilesToModify { get; init; } = [];

    /// <summary>The steps, one line each.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>The completion criteria, one line each; commands in backticks are runnable.</summary>
    public IReadOnlyList<string> CompletionCriteria { get; init; } = [];

    /// <summary>Ids of tasks that must be done first; each must exist.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>critical, high, medium, low, lowest or P0–P4; medium when null.</summary>
    public string? Priority { get; init; }

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Who should do it.</summary>
    public string? Executor { get; init; }

    /// <summary>Who should review it.</summary>
    public string? Reviewer { get; init; }

    /// <summary>An id of one's own choosing; a fresh <c>T-yymmdd-xxxxxxxx</c> when null.</summary>
    public string? Id { get; init; }

    /// <summary>Create it ready rather than draft (the spec is already reviewed).</summary>
    public bool Ready { get; init; }
}
