using McpContext.Core.Ledger;
using McpContext.Server.Context;
using ModelContextProtocol.Server;

namespace McpContext.Server.Ledger;

/// <summary>
/// The task ledger of the project this server serves: the same root as the context
/// (<see cref="ContextWorkspace"/>), opened at first use and watched, so resources and tools see changes
/// made by other processes and by hand.
/// </summary>
public sealed class LedgerWorkspace : IDisposable
{
    private readonly ContextWorkspace _context;
    private readonly Lock _gate = new();
    private Task<TaskLedger>? _opening;
    private TaskLedger? _ledger;

    /// <summary>Creates the workspace; nothing is read until <see cref="GetLedgerAsync"/>.</summary>
    public LedgerWorkspace(ContextWorkspace context) => _context = context;

    /// <summary>Raised when tasks change, whoever changed them.</summary>
    public event EventHandler<LedgerChange>? Changed;

    /// <summary>The project's ledger, opening it on first use.</summary>
    public Task<TaskLedger> GetLedgerAsync(McpServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        lock (_gate)
        {
            _opening ??= OpenAsync(server);
            return _opening.WaitAsync(cancellationToken);
        }
    }

    private async Task<TaskLedger> OpenAsync(McpServer server)
    {
        var store = await _context.GetStoreAsync(server, CancellationToken.None).ConfigureAwait(false);
        var ledger = new TaskLedger(Path.GetDirectoryName(store.FilePath)!);
        ledger.Changed += (_, change) => Changed?.Invoke(this, change);
        ledger.Read();
        lock (_gate)
        {
            _ledger = ledger;
        }

        return ledger;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _ledger?.Dispose();
        }
    }
}
