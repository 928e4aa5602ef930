using McpContext.Core.Context;

namespace McpContext.Core.Drift;

/// <summary>The outcome of <see cref="DriftDetector.AcceptAsync"/>.</summary>
public sealed class DriftAcceptResult
{
    private DriftAcceptResult(DriftReport? report, ContextWriteResult? write, string? commit, string? at, IReadOnlyList<string> problems)
    {
        Report = report;
        Write = write;
        Commit = commit;
        At = at;
        Problems = problems;
    }

    /// <summary>The check that ran first; null when it could not run.</summary>
    public DriftReport? Report { get; }

    /// <summary>The write, when one was attempted.</summary>
    public ContextWriteResult? Write { get; }

    /// <summary>The commit recorded.</summary>
    public string? Commit { get; }

    /// <summary>The time recorded, RFC 3339.</summary>
    public string? At { get; }

    /// <summary>Why nothing was recorded.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>True when <c>[verified]</c> was written.</summary>
    public bool Recorded => Write?.Status == ContextWriteStatus.Written;

    internal static DriftAcceptResult Success(DriftReport report, ContextWriteResult write, string commit, string at) => new(report, write, commit, at, []);

    internal static DriftAcceptResult Refused(DriftReport? report, IReadOnlyList<string> problems, ContextWriteResult? write = null) => new(report, write, null, null, problems);
}
