using McpContext.Core.Diffs;

namespace McpContext.Core.Constraints;

/// <summary>A file a change touches: named in a list of files, or read from a diff (then its lines are known).</summary>
/// <param name="Path">The path after the change, or the deleted path (relative to the repository root, with <c>/</c>).</param>
/// <param name="Kind">Add, modify, delete or rename.</param>
public sealed record ChangedFile(string Path, ChangeKind Kind)
{
    /// <summary>Where a renamed file came from.</summary>
    public string? OldPath { get; init; }

    /// <summary>The file's part of the diff, when the change came as one; null for a file only named in a list.</summary>
    public FileDiff? Diff { get; init; }

    /// <summary>Both paths of a rename, else the one path.</summary>
    public IEnumerable<string> Paths => OldPath is null || OldPath == Path ? [Path] : [Path, OldPath];
}
