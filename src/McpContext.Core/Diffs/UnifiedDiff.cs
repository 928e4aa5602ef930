namespace McpContext.Core.Diffs;

/// <summary>
/// A parsed unified diff: git's format (<c>diff --git</c> with its extended headers: renames, copies,
/// new and deleted files, mode changes, binary files, quoted paths) and plain <c>diff -u</c> output.
/// Parsing never throws: what is not a well-formed diff becomes a <see cref="DiffProblem"/> with its line.
/// </summary>
public sealed class UnifiedDiff
{
    internal UnifiedDiff(IReadOnlyList<FileDiff> files, IReadOnlyList<DiffProblem> problems)
    {
        Files = files;
        Problems = problems;
    }

    /// <summary>The files, in the order the diff gives them.</summary>
    public IReadOnlyList<FileDiff> Files { get; }

    /// <summary>What is malformed, with line numbers; empty for a well-formed diff.</summary>
    public IReadOnlyList<DiffProblem> Problems { get; }

    /// <summary>Parses <paramref name="text"/>; an empty text is an empty, valid diff.</summary>
    public static UnifiedDiff Parse(string text) => Parse(text, 1);

    /// <summary>
    /// Parses <paramref name="text"/>, a part of a larger diff that starts at line <paramref name="firstLine"/>
    /// of it (see <see cref="DiffSplitter"/>): line numbers in files, hunks and problems are those of the whole diff.
    /// </summary>
    public static UnifiedDiff Parse(string text, int firstLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstLine, 1);
        return new DiffParser(text, firstLine).Parse();
    }
}
