using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Resources;

/// <summary>
/// The sessions that use a family of resources and the URIs each subscribed to, and the sending of
/// <c>notifications/resources/updated</c> and <c>notifications/resources/list_changed</c> to them. A
/// session that cannot be reached any more is dropped. Subclasses decide what changed.
/// </summary>
public abstract partial class SessionNotifier
{
    private readonly ILogger _logger;
    private readonly string _family;
    private readonly ConcurrentDictionary<McpServer, ConcurrentDictionary<string, byte>> _sessions = new();

    /// <summary>Creates the registry; <paramref name="family"/> names the resources in logs.</summary>
    protected SessionNotifier(ILogger logger, string family)
    {
        _logger = logger;
        _family = family;
    }

    /// <summary>Records that <paramref name="session"/> uses these resources, so it hears when their list changes.</summary>
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

    /// <summary>Tells each session about the <paramref name="updated"/> URIs it subscribed to, and every session when the list changed.</summary>
    protected void Publish(bool listChanged, IReadOnlySet<string> updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
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
            LogSessionGone(_family, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Debug, "a session stopped receiving {Family} notifications: {Reason}")]
    private partial void LogSessionGone(string family, string reason);
}
