using McpContext.Core.Context;

namespace McpContext.Core.Constraints;

/// <summary>A file named in a list of files to change (no content, only the intent).</summary>
/// <param name="Path">Relative to the repository root.</param>
/// <param name="Kind">Add, modify, delete or rename.</param>
/// <param name="OldPath">For a rename, where it comes from.</param>
public sealed record ProposedFile(string Path, ChangeKind Kind, string? OldPath = null);

/// <summary>
/// The context file before and after a change, when the caller has read both (from git, say). The rules of
/// <paramref name="Before"/> apply, whatever the file on disk says; <paramref name="After"/> counts only when the
/// change touches the context file. When the file is in neither version (untracked), the file on disk is used.
/// </summary>
/// <param name="Before">The bytes before; null when the file did not exist.</param>
/// <param name="After">The bytes after; null when the change deletes it.</param>
public sealed record ContextVersions(byte[]? Before, byte[]? After);

/// <summary>A change to check: any mix of files, a unified diff and a context patch, optionally for a task.</summary>
public sealed record ChangeRequest
{
    /// <summary>Files the change touches, with their kind of change.</summary>
    public IReadOnlyList<ProposedFile> Files { get; init; } = [];

    /// <summary>A unified diff (git format) of the change.</summary>
    public string? Diff { get; init; }

    /// <summary>Operations on the context, as <c>context_update</c> takes them.</summary>
    public IReadOnlyList<ContextOperation> ContextPatch { get; init; } = [];

    /// <summary>The task the change is for: files outside its "Files to modify" are reported.</summary>
    public string? TaskId { get; init; }

    /// <summary>
    /// Both versions of the context file, when known (see <see cref="Constraints.ContextVersions"/>). Without
    /// them the file on disk is the version before the change, and a diff that touches it is applied to it
    /// (or, if it is already applied, undone) to get the other version.
    /// </summary>
    public ContextVersions? ContextVersions { get; init; }
}
