using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace McpContext.Server.Http;

/// <summary>
/// The sessions of one endpoint. Idle ones are ended after <see cref="HttpServerSettings.SessionIdleTimeout"/>
/// (checked periodically and whenever a session starts), and at most <see cref="HttpServerSettings.MaxSessions"/> are kept.
/// </summary>
internal sealed partial class SessionStore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly HttpServerSettings _settings;
    private readonly Func<StreamableHttpServerTransport, McpServer> _createServer;
    private readonly Action<McpServer> _ended;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<SessionStore> _logger;

    public SessionStore(HttpServerSettings settings, Func<StreamableHttpServerTransport, McpServer> createServer, Action<McpServer> ended, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _createServer = createServer;
        _ended = ended;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SessionStore>();
    }

    public int Count => _sessions.Count;

    /// <summary>Starts a session owned by <paramref name="owner"/>; null when the store is full of busy sessions.</summary>
    public async Task<HttpSession?> StartAsync(string owner)
    {
        await PruneAsync().ConfigureAwait(false);
        if (_sessions.Count >= _settings.MaxSessions && !await EvictLongestIdleAsync().ConfigureAwait(false))
        {
            return null;
        }

        var id = NewId();
        var transport = new StreamableHttpServerTransport(_loggerFactory) { SessionId = id };
        var session = new HttpSession(id, owner, transport, _createServer(transport), _settings.TimeProvider, _ended, _logger);
        _sessions[id] = session;
        return session;
    }

    public bool TryGet(string id, out HttpSession session) => _sessions.TryGetValue(id, out session!);

    /// <summary>Ends <paramref name="session"/> now (DELETE).</summary>
    public async Task EndAsync(HttpSession session)
    {
        if (session.TryClose() && _sessions.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends every session with no request since the idle timeout.</summary>
    public async Task PruneAsync()
    {
        var cutoff = _settings.TimeProvider.GetUtcNow() - _settings.SessionIdleTimeout;
        foreach (var session in _sessions.Values)
        {
            if (session.TryCloseIfIdleSince(cutoff) && _sessions.TryRemove(session.Id, out _))
            {
                LogPruned(_settings.SessionIdleTimeout.TotalMinutes);
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> EvictLongestIdleAsync()
    {
        var now = _settings.TimeProvider.GetUtcNow();
        foreach (var session in _sessions.Values.OrderBy(s => s.LastActive))
        {
            if (session.TryCloseIfIdleSince(now) && _sessions.TryRemove(session.Id, out _))
            {
                LogEvicted(_settings.MaxSessions);
                await session.DisposeAsync().ConfigureAwait(false);
                return true;
            }
        }

        return false;
    }

    /// <summary>256 random bits: a session id is the only thing standing between sessions when there is no authentication.</summary>
    private static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            if (session.TryClose() && _sessions.TryRemove(session.Id, out _))
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "ended a session idle for more than {Minutes} minutes")]
    private partial void LogPruned(double minutes);

    [LoggerMessage(LogLevel.Warning, "ended the longest idle session to stay within {Max} sessions")]
    private partial void LogEvicted(int max);
}
