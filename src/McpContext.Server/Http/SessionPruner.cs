using Microsoft.Extensions.Hosting;

namespace McpContext.Server.Http;

/// <summary>Ends idle sessions on every endpoint, every half idle-timeout (at most every minute).</summary>
internal sealed class SessionPruner(HttpGateway gateway, HttpServerSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Min(settings.SessionIdleTimeout.Ticks / 2, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period, settings.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var endpoint in gateway.Endpoints)
                {
                    await endpoint.Sessions.PruneAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the endpoints end their sessions themselves.
        }
    }
}
