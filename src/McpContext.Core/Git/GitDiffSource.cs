namespace McpContext.Core.Git;

/// <summary>Which changes a diff shows.</summary>
public abstract record GitDiffSource
{
    private GitDiffSource()
    {
    }

    /// <summary>What is staged for the next commit: the index against <c>HEAD</c>.</summary>
    public static GitDiffSource Staged { get; } = new StagedSource();

    /// <summary>Every uncommitted change to tracked files: the working tree against <c>HEAD</c>.</summary>
    public static GitDiffSource WorkingTree { get; } = new WorkingTreeSource();

    /// <summary>
    /// A range as git writes it: <c>A..B</c> (B against A), <c>A...B</c> (B against the merge base of A
    /// and B), or a single revision (the working tree against it).
    /// </summary>
    public static GitDiffSource Range(string range) => new RangeSource(range);

    internal sealed record StagedSource : GitDiffSource;

    internal sealed record WorkingTreeSource : GitDiffSource;

    internal sealed record RangeSource(string Text) : GitDiffSource;
}
