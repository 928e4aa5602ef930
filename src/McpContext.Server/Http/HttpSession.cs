using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace McpContext.Server.Http;

/// <summary>
/// One Streamable HTTP session: its transport and the MCP server running over it, the identity that
/// started it, and how busy it is, so that idle sessions can be ended without cutting a request short.
/// </summary>
internal sealed partial class HttpSession : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly Task _running;
    private readonly Action<McpServer> _ended;
    private readonly ILogger _logger;
    private int _active;
    private bool _closed;
    private bool _getStarted;
    private DateTimeOffset _lastActive;

    public HttpSession(string id, string owner, StreamableHttpServerTransport transport, McpServer server, TimeProvider clock, Action<McpServer> ended, ILogger logger)
    {
        Id = id;
        Owner = owner;
        Transport = transport;
        Server = server;
        _clock = clock;
        _ended = ended;
        _logger = logger;
        _lastActive = clock.GetUtcNow();
        _running = server.RunAsync();
    }

    public string Id { get; }

    /// <summary>The identity that started the session; only it may use the session.</summary>
    public string Owner { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServer Server { get; }

    public DateTimeOffset LastActive
    {
        get
        {
            lock (_gate)
            {
                return _lastActive;
            }
        }
    }

    /// <summary>Marks a request as running in the session until the result is disposed; null when the session has ended.</summary>
    public Activity? TryEnter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            _active++;
            _lastActive = _clock.GetUtcNow();
            return new Activity(this);
        }
    }

    /// <summary>Claims the session's one GET stream (the SDK transport serves one per session).</summary>
    public bool TryStartGet()
    {
        lock (_gate)
        {
            var first = !_getStarted;
            _getStarted = true;
            return first;
        }
    }

    /// <summary>Closes the session if no request is running and none came since <paramref name="cutoff"/>.</summary>
    public bool TryCloseIfIdleSince(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            if (_closed || _active > 0 || _lastActive > cutoff)
            {
                return false;
            }

            _closed = true;
            return true;
        }
    }

    /// <summary>Closes the session whatever runs in it (DELETE, shutdown); false when it was closed already.</summary>
    public bool TryClose()
    {
        lock (_gate)
        {
            var open = !_closed;
            _closed = true;
            return open;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the transport completes its message channel, which ends the server's run loop.
        await Transport.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            LogRunEnded(e.Message);
        }

        await Server.DisposeAsync().ConfigureAwait(false);
        _ended(Server);
    }

    private void Leave()
    {
        lock (_gate)
        {
            _active--;
            _lastActive = _clock.GetUtcNow();
        }
    }

    [LoggerMessage(LogLevel.Debug, "a session's server stopped: {Reason}")]
    private partial void LogRunEnded(string reason);

    /// <summary>A request running in a session.</summary>
    public sealed class Activity(HttpSession session) : IDisposable
    {
        private HttpSession? _session = session;

        public void Dispose() => Interlocked.Exchange(ref _session, null)?.Leave();
    }
}
