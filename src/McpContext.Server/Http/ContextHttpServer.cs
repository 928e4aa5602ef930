using McpContext.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpContext.Server.Http;

/// <summary>
/// The McpContext MCP server over Streamable HTTP (<c>mcpctx serve --http</c>): Kestrel, one endpoint per
/// project, each built from the same options as the stdio server (<see cref="ContextServer.AddContextServer"/>).
/// </summary>
public sealed class ContextHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpGateway _gateway;

    private ContextHttpServer(WebApplication app)
    {
        _app = app;
        _gateway = app.Services.GetRequiredService<HttpGateway>();
    }

    /// <summary>Builds the server; nothing listens until <see cref="StartAsync"/> or <see cref="RunAsync"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="settings"/> has problems (see <see cref="HttpServerSettings.Problems"/>).</exception>
    public static ContextHttpServer Build(HttpServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(settings));
        }

        // The empty builder reads no appsettings.json and no ASPNETCORE_* environment: what listens, and
        // where, is exactly what the settings say.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(settings.Server.LogLevel);

        // The host logs a failure to start (an address in use) with a stack trace; the caller reports it in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = settings.MaxRequestBytes;
        });
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<HttpGateway>();
        builder.Services.AddHostedService<SessionPruner>();

        var app = builder.Build();
        app.Run(app.Services.GetRequiredService<HttpGateway>().HandleAsync);
        return new ContextHttpServer(app);
    }

    /// <summary>Each project's endpoint URL at the base URL clients use (<see cref="HttpServerSettings.PublicUrl"/>, else the first listening address).</summary>
    public IReadOnlyList<Uri> Endpoints => [.. _gateway.Endpoints.Select(e => new Uri(_gateway.BaseUrl + e.Project.Path))];

    /// <summary>The addresses listened on, once started (with the real port of a <c>:0</c> address).</summary>
    public IReadOnlyList<Uri> Addresses => [.. _app.Urls.Select(u => new Uri(u))];

    /// <summary>The endpoint paths, one per project: <c>/mcp</c>, or <c>/p/{name}/mcp</c> each.</summary>
    public IReadOnlyList<string> Paths => [.. _gateway.Endpoints.Select(e => e.Project.Path)];

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Stops listening, ending every session and event stream.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled or the process is told to stop.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
