namespace McpContext.Core.Git;

/// <summary>How git says a file changed (<c>git diff --name-status</c>).</summary>
public enum GitChangeStatus
{
    /// <summary>A new file.</summary>
    Added,

    /// <summary>Changed content or mode.</summary>
    Modified,

    /// <summary>Removed.</summary>
    Deleted,

    /// <summary>Moved, perhaps with changes.</summary>
    Renamed,

    /// <summary>A new file copied from another.</summary>
    Copied,

    /// <summary>Its type changed (a file became a symlink, say).</summary>
    TypeChanged,
}

/// <summary>One file in a list of changes.</summary>
/// <param name="Status">What happened to it.</param>
/// <param name="Path">Its path now (relative to the repository root, with <c>/</c>).</param>
/// <param name="OldPath">For renames and copies, where it came from.</param>
public sealed record GitChangedFile(GitChangeStatus Status, string Path, string? OldPath = null);
