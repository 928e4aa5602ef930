using System.Collections.Concurrent;
using McpContext.Server.Context;
using McpContext.Toml;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Resources;

/// <summary>
/// Tells sessions about changed resources: <c>notifications/resources/updated</c> to the subscribers of a
/// URI whose content changed, <c>notifications/resources/list_changed</c> to every session that used
/// resources when URIs appear or disappear. Whoever changed the file (a tool, another process, a person).
/// </summary>
public sealed partial class ResourceNotifier : IDisposable
{
    private readonly ContextWorkspace _workspace;
    private readonly ILogger<ResourceNotifier> _logger;
    private readonly ConcurrentDictionary<McpServer, ConcurrentDictionary<string, byte>> _sessions = new();

    /// <summary>Starts listening to <paramref name="workspace"/>'s changes.</summary>
    public ResourceNotifier(ContextWorkspace workspace, ILogger<ResourceNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _workspace = workspace;
        _logger = logger;
        _workspace.Changed += OnChanged;
    }

    /// <summary>Records that <paramref name="session"/> uses resources, so it hears when the list changes.</summary>
    public void Attach(McpServer session) => _sessions.GetOrAdd(session, _ => new(StringComparer.Ordinal));

    /// <summary>Forgets <paramref name="session"/> once it has ended (an HTTP session deleted, pruned or answered statelessly).</summary>
    public void Detach(McpServer session) => _sessions.TryRemove(session, out _);

    /// <summary>Subscribes <paramref name="session"/> to updates of <paramref name="uri"/>.</summary>
    public void Subscribe(McpServer session, string uri) => _sessions.GetOrAdd(session, _ => new(StringComparer.Ordinal))[uri] = 0;

    /// <summary>Ends <paramref name="session"/>'s subscription to <paramref name="uri"/>.</summary>
    public void Unsubscribe(McpServer session, string uri)
    {
        if (_sessions.TryGetValue(session, out var uris))
        {
            uris.TryRemove(uri, out _);
        }
    }

    private void OnChanged(object? sender, ContextChange change)
    {
        var before = ContextResourceMap.Entries(change.Previous.Model);
        var after = ContextResourceMap.Entries(change.Current.Model);
        var listChanged = before.Count != after.Count || before.Keys.Any(k => !after.ContainsKey(k));
        var updated = after.Where(e => !before.TryGetValue(e.Key, out var old) || !TomlModel.DeepEquals(old, e.Value)).Select(e => e.Key)
            .Concat(before.Keys.Where(k => !after.ContainsKey(k)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (session, uris) in _sessions)
        {
            _ = NotifyAsync(session, listChanged, [.. uris.Keys.Where(updated.Contains)]);
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
            // The session has gone; stop telling it.
            _sessions.TryRemove(session, out _);
            LogSessionGone(e.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _workspace.Changed -= OnChanged;

    [LoggerMessage(LogLevel.Debug, "a session stopped receiving notifications: {Reason}")]
    private partial void LogSessionGone(string reason);
}
