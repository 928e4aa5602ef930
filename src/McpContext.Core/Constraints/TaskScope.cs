using McpContext.Core.Ledger;

namespace McpContext.Core.Constraints;

/// <summary>One entry of a task's "Files to modify": a path, directory or glob, and where it is written.</summary>
/// <param name="Pattern">As written, without backticks.</param>
/// <param name="Line">Its line in the task file (1-based).</param>
public sealed record TaskScopeEntry(string Pattern, int Line);

/// <summary>What a task allows a change to touch.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="File">The task file, relative to the repository root.</param>
/// <param name="FilesToModify">Its "Files to modify"; empty when the task lists none.</param>
public sealed record TaskScope(string Id, string File, IReadOnlyList<TaskScopeEntry> FilesToModify);

/// <summary>A task's scope, or why it cannot be given.</summary>
/// <param name="Scope">The scope, when the task was found.</param>
/// <param name="Error">Why not (an unknown id, with the known ones).</param>
public sealed record TaskScopeResult(TaskScope? Scope, string? Error);

/// <summary>What the task ledger tells a change check: task scopes and frozen spec documents (<see cref="LedgerTaskScopes"/>).</summary>
public interface ITaskScopeProvider
{
    /// <summary>The scope of the task <paramref name="taskId"/>, or an error naming the ids that exist.</summary>
    TaskScopeResult Find(string taskId);

    /// <summary>Every frozen spec document and how it stands now; a change to one needs a person's approval.</summary>
    IReadOnlyList<FrozenDocument> FrozenDocuments();
}
