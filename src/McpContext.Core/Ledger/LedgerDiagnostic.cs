namespace McpContext.Core.Ledger;

/// <summary>How bad a ledger problem is.</summary>
public enum LedgerSeverity
{
    /// <summary>The task cannot move on until it is fixed (a spec error, a broken log, a cycle).</summary>
    Error,

    /// <summary>Worth fixing; nothing is refused because of it.</summary>
    Warning,
}

/// <summary>A problem with a task file or a ledger log, positioned as <c>file:line</c>.</summary>
/// <param name="File">The file, relative to the project root, with <c>/</c> separators.</param>
/// <param name="Line">1-based line, or 0 when the problem is about the whole file.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record LedgerDiagnostic(string File, int Line, string Message, LedgerSeverity Severity = LedgerSeverity.Error)
{
    /// <summary><c>tasks/x.md:12: message</c> (warnings say so).</summary>
    public override string ToString() =>
        $"{File}{(Line > 0 ? ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}: {(Severity == LedgerSeverity.Warning ? "warning: " : "")}{Message}";
}
