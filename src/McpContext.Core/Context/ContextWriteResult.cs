namespace McpContext.Core.Context;

/// <summary>How a write ended.</summary>
public enum ContextWriteStatus
{
    /// <summary>The change is on disk and in the journal.</summary>
    Written,

    /// <summary>The file changed since the revision the writer read; nothing was written.</summary>
    Conflict,

    /// <summary>The change was refused (invalid, a secret, an impossible edit, a busy lock); nothing was written.</summary>
    Rejected,
}

/// <summary>
/// The outcome of a write, as data a model can act on: on success the new snapshot; on a conflict the
/// current revision and value to retry from; on a refusal the reasons.
/// </summary>
public sealed class ContextWriteResult
{
    private ContextWriteResult(ContextWriteStatus status, ContextSnapshot? snapshot, IReadOnlyList<string> problems)
    {
        Status = status;
        Snapshot = snapshot;
        Problems = problems;
    }

    /// <summary>Written, conflict or rejected.</summary>
    public ContextWriteStatus Status { get; }

    /// <summary>After a write, the new version; after a conflict, the current one; null when the file could not be read.</summary>
    public ContextSnapshot? Snapshot { get; }

    /// <summary>Why the write was refused or conflicted, one reason per entry.</summary>
    public IReadOnlyList<string> Problems { get; }

    internal static ContextWriteResult Written(ContextSnapshot snapshot) => new(ContextWriteStatus.Written, snapshot, []);

    internal static ContextWriteResult Conflict(ContextSnapshot current, string expectedRevision) =>
        new(ContextWriteStatus.Conflict, current,
            [$"the context changed since revision {expectedRevision}: it is now at revision {current.Revision}; re-read it and apply the change again"]);

    internal static ContextWriteResult Rejected(ContextSnapshot? current, IReadOnlyList<string> problems) =>
        new(ContextWriteStatus.Rejected, current, problems);
}
