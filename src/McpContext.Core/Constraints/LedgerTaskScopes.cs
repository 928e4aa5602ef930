using McpContext.Core.Ledger;

namespace McpContext.Core.Constraints;

/// <summary>
/// Task scopes and frozen spec documents from the task ledger of the repository at
/// <paramref name="repositoryRoot"/> (<c>tasks/*.md</c> as <see cref="TaskLedger"/> reads them), read once
/// per call without watching the folder.
/// </summary>
public sealed class LedgerTaskScopes(string repositoryRoot) : ITaskScopeProvider
{
    /// <inheritdoc />
    public TaskScopeResult Find(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!Directory.Exists(Path.Combine(repositoryRoot, TaskLedger.TasksFolder)))
        {
            return new(null, $"unknown task '{taskId}': there is no {TaskLedger.TasksFolder}/ folder in {repositoryRoot}");
        }

        using var ledger = Open();
        var snapshot = ledger.Read();
        if (snapshot.Find(taskId.Trim()) is not { } task)
        {
            var known = snapshot.Tasks.OrderBy(t => t.Spec.File, StringComparer.Ordinal).Select(t => t.Id).ToList();
            return new(null, $"unknown task '{taskId}': {TaskLedger.TasksFolder}/ holds {(known.Count == 0 ? "no task files" : string.Join(", ", known.Take(20)) + (known.Count > 20 ? $" and {known.Count - 20} more" : ""))} (a task's id is its front matter id, else its file name)");
        }

        return new(new TaskScope(task.Id, task.Spec.File, [.. task.Spec.FilesToModify.Select(e => new TaskScopeEntry(e.Path, e.Line))]), null);
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenDocument> FrozenDocuments()
    {
        using var ledger = Open();
        return ledger.Freezes.List();
    }

    private TaskLedger Open() => new(repositoryRoot, new LedgerOptions { WatchForChanges = false });
}
