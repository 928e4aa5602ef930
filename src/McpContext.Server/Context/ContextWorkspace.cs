using McpContext.Core.Context;
using McpContext.Server.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Context;

/// <summary>A change of the served context: the snapshot before and after.</summary>
/// <param name="Previous">What was served before.</param>
/// <param name="Current">What is served now.</param>
public sealed record ContextChange(ContextSnapshot Previous, ContextSnapshot Current);

/// <summary>
/// The project this server serves and its <see cref="ContextStore"/>. The root is settled at the first
/// request that needs it, because the client's roots (<c>roots/list</c>) can only be asked for once the
/// session is initialised: <c>--root</c> first, then the client's first <c>file://</c> root, then discovery
/// from the working directory (<see cref="ProjectRoot.FindContextFile"/>).
/// </summary>
public sealed partial class ContextWorkspace : IDisposable
{
    private readonly ServerSettings _settings;
    private readonly ILogger<ContextWorkspace> _logger;
    private readonly Lock _gate = new();
    private Task<ContextStore>? _opening;
    private ContextStore? _store;
    private ContextSnapshot? _served;

    /// <summary>Creates the workspace; nothing is read until <see cref="GetStoreAsync"/>.</summary>
    public ContextWorkspace(ServerSettings settings, ILogger<ContextWorkspace> logger)
    {
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Raised when the file's content (or its diagnostics) changes: through this server, another process or a hand edit.</summary>
    public event EventHandler<ContextChange>? Changed;

    /// <summary>The store of the project, opening it on first use (asking <paramref name="server"/>'s client for its roots if need be).</summary>
    public Task<ContextStore> GetStoreAsync(McpServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        lock (_gate)
        {
            // Opening does not follow the first caller's cancellation: the store outlives any one request.
            _opening ??= OpenAsync(server);
            return _opening.WaitAsync(cancellationToken);
        }
    }

    private async Task<ContextStore> OpenAsync(McpServer server)
    {
        var file = _settings.Root is { } root ? ProjectRoot.ContextFileIn(root)
            : await FromClientRootsAsync(server).ConfigureAwait(false) ?? ProjectRoot.FindContextFile(_settings.WorkingDirectory);
        LogServing(file);
        var store = new ContextStore(file);
        lock (_gate)
        {
            _store = store;
            _served = store.Read();
        }

        store.Changed += OnStoreChanged;
        return store;
    }

    // Roots are deprecated from protocol revision 2026-07-28 on, but the clients of today (VS Code, Cursor)
    // announce them and launch stdio servers outside the workspace, so they are the best root there is.
#pragma warning disable MCP9005
    private async Task<string?> FromClientRootsAsync(McpServer server)
    {
        if (server.ClientCapabilities?.Roots is null)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(_settings.RootsTimeout);
        try
        {
            var result = await server.RequestRootsAsync(new ListRootsRequestParams(), timeout.Token).ConfigureAwait(false);
            foreach (var root in result.Roots)
            {
                if (Uri.TryCreate(root.Uri, UriKind.Absolute, out var uri) && uri.IsFile)
                {
                    return ProjectRoot.FindContextFile(uri.LocalPath);
                }
            }

            LogNoFileRoot(result.Roots.Count);
        }
        catch (Exception e) when (e is OperationCanceledException or ModelContextProtocol.McpException)
        {
            // A client that announces roots but does not answer must not keep the server from working.
            LogRootsFailed(e.Message);
        }

        return null;
    }
#pragma warning restore MCP9005

    private void OnStoreChanged(object? sender, ContextSnapshot current)
    {
        ContextSnapshot previous;
        lock (_gate)
        {
            previous = _served!;
            _served = current;
        }

        Changed?.Invoke(this, new ContextChange(previous, current));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _store?.Dispose();
        }
    }

    [LoggerMessage(LogLevel.Information, "serving the project context at {File}")]
    private partial void LogServing(string file);

    [LoggerMessage(LogLevel.Warning, "the client listed {Count} root(s) but none is a file:// URI; using the working directory")]
    private partial void LogNoFileRoot(int count);

    [LoggerMessage(LogLevel.Warning, "roots/list failed ({Reason}); using the working directory")]
    private partial void LogRootsFailed(string reason);
}
