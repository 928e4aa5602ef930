using System.Collections.Concurrent;
using McpContext.Core.Ledger;
using McpContext.Server.Ledger;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Resources;

/// <summary>
/// Tells sessions about changed tasks: <c>notifications/resources/updated</c> for <c>ledger://tasks</c>
/// and for each changed <c>ledger://tasks/{id}</c> a session subscribed to, and
/// <c>notifications/resources/list_changed</c> to sessions that used ledger resources when tasks appear
/// or disappear. Whoever changed them: a tool, another process, a person.
/// </summary>
public sealed partial class LedgerNotifier : IDisposable
{
    private readonly LedgerWorkspace _workspace;
    private readonly ILogger<LedgerNotifier> _logger;
    private readonly ConcurrentDictionary<McpServer, ConcurrentDictionary<string, byte>> _sessions = new();

    /// <summary>Starts listening to <paramref name="workspace"/>'s changes.</summary>
    public LedgerNotifier(LedgerWorkspace workspace, ILogger<LedgerNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _workspace = workspace;
        _logger = logger;
        _workspace.Changed += OnChanged;
    }

    /// <summary>Records that <paramref name="session"/> uses ledger resources.</summary>
    public void Attach(McpServer session) => _sessions.GetOrAdd(session, _ => new(StringComparer.Ordinal));

    /// <summary>Forgets <paramref name="session"/> once it has ended (an HTTP session deleted, pruned or answered statelessly).</summary>
    public void Detach(McpServer session) => _sessions.TryRemove(session, out _);

    /// <summary>Subscribes <paramref name="session"/> to <paramref name="uri"/>.</summary>
    public void Subscribe(McpServer session, string uri) => _sessions.GetOrAdd(session, _ => new(StringComparer.Ordinal))[uri] = 0;

    /// <summary>Ends a subscription.</summary>
    public void Unsubscribe(McpServer session, string uri)
    {
        if (_sessions.TryGetValue(session, out var uris))
        {
            uris.TryRemove(uri, out _);
        }
    }

    private void OnChanged(object? sender, LedgerChange change)
    {
        var updated = change.ChangedIds.Select(TaskSearch.Url).Append(LedgerResources.ListUri).ToHashSet(StringComparer.Ordinal);
        foreach (var (session, uris) in _sessions)
        {
            _ = NotifyAsync(session, change.ListChanged, [.. uris.Keys.Where(updated.Contains)]);
        }
    }

    private async Task NotifyAsync(McpServer session, bool listChanged, IReadOnlyList<string> updated)
    {
        try
        {
            foreach (var uri in updated)
            {
                await session.SendNotificationAsync(NotificationMethods.ResourceUpdatedNotification, new ResourceUpdatedNotificationParams { Uri = uri }, McpJsonUtilities.DefaultOptions).ConfigureAwait(false);
            }

            if (listChanged)
            {
                await session.SendNotificationAsync(NotificationMethods.ResourceListChangedNotification).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or McpException)
        {
            _sessions.TryRemove(session, out _);
            LogSessionGone(e.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _workspace.Changed -= OnChanged;

    [LoggerMessage(LogLevel.Debug, "a session stopped receiving ledger notifications: {Reason}")]
    private partial void LogSessionGone(string reason);
}
