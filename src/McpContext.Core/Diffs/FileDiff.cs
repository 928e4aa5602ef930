namespace McpContext.Core.Diffs;

/// <summary>What a diff does to a file.</summary>
public enum DiffChangeKind
{
    /// <summary>Creates it.</summary>
    Add,

    /// <summary>Changes its content or mode.</summary>
    Modify,

    /// <summary>Removes it.</summary>
    Delete,

    /// <summary>Moves it, perhaps with changes.</summary>
    Rename,

    /// <summary>Creates it as a copy of another file, perhaps with changes.</summary>
    Copy,
}

/// <summary>One line of a hunk.</summary>
/// <param name="Kind"><c>' '</c> context, <c>'+'</c> added, <c>'-'</c> removed.</param>
/// <param name="Text">The line without its marker and line break (a carriage return of a CRLF file stays).</param>
/// <param name="DiffLine">Where it is in the diff (1-based).</param>
/// <param name="OldNumber">Its line number in the old file, for context and removed lines; 0 otherwise.</param>
/// <param name="NewNumber">Its line number in the new file, for context and added lines; 0 otherwise.</param>
/// <param name="NoNewlineAtEnd">True when the diff marks it <c>\ No newline at end of file</c>.</param>
public readonly record struct HunkLine(char Kind, string Text, int DiffLine, int OldNumber, int NewNumber, bool NoNewlineAtEnd = false);

/// <summary>One <c>@@ -a,b +c,d @@</c> hunk.</summary>
/// <param name="DiffLine">Where its header is in the diff (1-based).</param>
/// <param name="OldStart">First old line it covers.</param>
/// <param name="OldCount">How many old lines it covers.</param>
/// <param name="NewStart">First new line it covers.</param>
/// <param name="NewCount">How many new lines it covers.</param>
/// <param name="Lines">Its lines, in order.</param>
public sealed record DiffHunk(int DiffLine, int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<HunkLine> Lines);

/// <summary>Everything a diff says about one file.</summary>
public sealed record FileDiff
{
    /// <summary>The path before the change (relative, with <c>/</c>); null for a new file.</summary>
    public string? OldPath { get; init; }

    /// <summary>The path after the change; null for a deleted file.</summary>
    public string? NewPath { get; init; }

    /// <summary>The path the change is about: the new one, or the old one for a deletion.</summary>
    public string Path => NewPath ?? OldPath!;

    /// <summary>Add, modify, delete, rename or copy.</summary>
    public DiffChangeKind Kind { get; init; }

    /// <summary>The old mode when the diff gives one (<c>100644</c>).</summary>
    public string? OldMode { get; init; }

    /// <summary>The new mode when the diff gives one.</summary>
    public string? NewMode { get; init; }

    /// <summary>For renames and copies, git's similarity percentage.</summary>
    public int? Similarity { get; init; }

    /// <summary>True for a binary file: the diff carries no lines for it.</summary>
    public bool IsBinary { get; init; }

    /// <summary>Where the file's section starts in the diff (1-based).</summary>
    public int DiffLine { get; init; }

    private readonly IReadOnlyList<DiffHunk> _hunks = [];
    private IReadOnlyList<HunkLine>? _added;
    private IReadOnlyList<HunkLine>? _removed;

    /// <summary>The hunks, in order.</summary>
    public IReadOnlyList<DiffHunk> Hunks
    {
        get => _hunks;
        init
        {
            _hunks = value;
            _added = _removed = null;
        }
    }

    /// <summary>The added lines of every hunk, in order.</summary>
    public IReadOnlyList<HunkLine> AddedLines => _added ??= Lines('+');

    /// <summary>The removed lines of every hunk, in order.</summary>
    public IReadOnlyList<HunkLine> RemovedLines => _removed ??= Lines('-');

    private List<HunkLine> Lines(char kind)
    {
        var lines = new List<HunkLine>();
        foreach (var hunk in _hunks)
        {
            foreach (var line in hunk.Lines)
            {
                if (line.Kind == kind)
                {
                    lines.Add(line);
                }
            }
        }

        return lines;
    }
}

/// <summary>Something in a diff that is not a well-formed unified diff.</summary>
/// <param name="Line">Where (1-based).</param>
/// <param name="Message">What is wrong there.</param>
public sealed record DiffProblem(int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}: {Message}";
}
