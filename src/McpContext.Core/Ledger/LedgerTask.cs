namespace McpContext.Core.Ledger;

/// <summary>A task as the ledger knows it: its spec (the Markdown file), its progress (the folded log) and every problem with either.</summary>
public sealed class LedgerTask
{
    internal LedgerTask(TaskSpec spec, TaskProgress progress, string logFile, int order, IReadOnlyList<LedgerDiagnostic> diagnostics)
    {
        Spec = spec;
        Progress = progress;
        LogFile = logFile;
        Order = order;
        Diagnostics = diagnostics;
    }

    /// <summary>The task's id.</summary>
    public string Id => Spec.Id;

    /// <summary>The task file as written.</summary>
    public TaskSpec Spec { get; }

    /// <summary>State, claim, evidence and reviews, folded from the log.</summary>
    public TaskProgress Progress { get; }

    /// <summary>The current state.</summary>
    public TaskState State => Progress.State;

    /// <summary>The event log, relative to the project root.</summary>
    public string LogFile { get; }

    /// <summary>Position in the ledger's order (task files sorted as people number them), for ties of priority.</summary>
    public int Order { get; }

    /// <summary>Problems with the spec, the log and the dependencies.</summary>
    public IReadOnlyList<LedgerDiagnostic> Diagnostics { get; }

    /// <summary>True when the log checks out; an untrusted task takes no writes.</summary>
    public bool IsTrusted => Progress.Problem is null;

    /// <summary>True when a problem keeps the task from moving on (spec errors, a broken log, a cycle, an unknown dependency, a duplicate id).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == LedgerSeverity.Error);
}
