using McpContext.Core.Context;
using McpContext.Core.Git;

namespace McpContext.Core.Drift;

/// <summary>A file changed since the verified commit that matters to the context, and why it matters.</summary>
/// <param name="Status">What git says happened to it.</param>
/// <param name="Path">Its path now, relative to the project root.</param>
/// <param name="OldPath">For a rename or copy, where it came from.</param>
/// <param name="Reasons">Why it matters: its kind (workflow, compose, nginx, ...), <c>deploy</c>, the services whose paths it is under, the knowledge items about it.</param>
public sealed record RelevantChange(GitChangeStatus Status, string Path, string? OldPath, IReadOnlyList<string> Reasons);

/// <summary>What changed in git since <c>verified.commit</c>, working tree included.</summary>
/// <param name="Since">The verified commit.</param>
/// <param name="Files">The changed files that matter to the context.</param>
/// <param name="OtherFiles">How many other files changed.</param>
public sealed record VerifiedChanges(string Since, IReadOnlyList<RelevantChange> Files, int OtherFiles);

/// <summary>The result of comparing a context with its repository.</summary>
public sealed class DriftReport
{
    /// <summary>The context file (absolute).</summary>
    public required string ContextFile { get; init; }

    /// <summary>The context file's revision the check read.</summary>
    public required string Revision { get; init; }

    /// <summary>The top of the git working tree (absolute).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Where the project (the context file's directory) is in the repository: empty at the top, else a path ending in <c>/</c>.</summary>
    public required string ProjectPrefix { get; init; }

    /// <summary>The commit checked out, or null before the first commit.</summary>
    public string? Head { get; init; }

    /// <summary><c>verified.commit</c>, as the context states it.</summary>
    public string? VerifiedCommit { get; init; }

    /// <summary>Every disagreement, ordered by context key.</summary>
    public required IReadOnlyList<DriftFinding> Findings { get; init; }

    /// <summary>What changed since the verified commit; null when there is no usable verified commit (a note says why).</summary>
    public VerifiedChanges? Changes { get; init; }

    /// <summary>Files that could not be read, and other remarks that do not make the context wrong.</summary>
    public required IReadOnlyList<ScanNote> Notes { get; init; }

    /// <summary>How many files git lists for the project.</summary>
    public int FilesListed { get; init; }

    /// <summary>How many of them the scanners read.</summary>
    public int FilesScanned { get; init; }

    /// <summary>Every finding's operations in one list that applies cleanly as a single <c>context_update</c> (sets, then appends, then removes from the back).</summary>
    public required IReadOnlyList<ContextOperation> Fix { get; init; }

    /// <summary>True when there are no findings.</summary>
    public bool InSync => Findings.Count == 0;
}

/// <summary>A drift check's outcome: a report, or why there could be none (no git repository, a context file that does not parse).</summary>
public sealed class DriftOutcome
{
    private DriftOutcome(DriftReport? report, string? error)
    {
        Report = report;
        Error = error;
    }

    /// <summary>The report, when the check ran.</summary>
    public DriftReport? Report { get; }

    /// <summary>Why the check could not run.</summary>
    public string? Error { get; }

    /// <summary>True when there is a report.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Report))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Report is not null;

    internal static DriftOutcome Success(DriftReport report) => new(report, null);

    internal static DriftOutcome Failure(string error) => new(null, error);
}
