using McpContext.Core.Ledger;
using McpContext.Server.Ledger;
using Microsoft.Extensions.Logging;

namespace McpContext.Server.Resources;

/// <summary>
/// Tells sessions about changed tasks: <c>notifications/resources/updated</c> for <c>ledger://tasks</c>
/// and for each changed <c>ledger://tasks/{id}</c> a session subscribed to, and
/// <c>notifications/resources/list_changed</c> to sessions that used ledger resources when tasks appear
/// or disappear. Whoever changed them: a tool, another process, a person.
/// </summary>
public sealed class LedgerNotifier : SessionNotifier, IDisposable
{
    private readonly LedgerWorkspace _workspace;

    /// <summary>Starts listening to <paramref name="workspace"/>'s changes.</summary>
    public LedgerNotifier(LedgerWorkspace workspace, ILogger<LedgerNotifier> logger)
        : base(logger, "ledger")
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _workspace = workspace;
        _workspace.Changed += OnChanged;
    }

    private void OnChanged(object? sender, LedgerChange change) =>
        Publish(change.ListChanged, change.ChangedIds.Select(TaskSearch.Url).Append(LedgerResources.ListUri).ToHashSet(StringComparer.Ordinal));

    /// <inheritdoc />
    public void Dispose() => _workspace.Changed -= OnChanged;
}
