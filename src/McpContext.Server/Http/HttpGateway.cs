using System.Text;
using System.Text.Json;
using McpContext.Server.Http.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpContext.Server.Http;

/// <summary>
/// Every request passes here: Host and Origin checks (403), then the OAuth protected-resource metadata or an
/// MCP endpoint behind bearer authentication (401). Nothing a client sends brings the server down.
/// </summary>
internal sealed partial class HttpGateway : IAsyncDisposable
{
    /// <summary>RFC 9728's well-known path; an endpoint's own document is at this path followed by the endpoint's.</summary>
    public const string MetadataPath = "/.well-known/oauth-protected-resource";

    private readonly HttpServerSettings _settings;
    private readonly IServer _server;
    private readonly RequestGuard _guard;
    private readonly BearerAuthenticator _auth;
    private readonly Dictionary<string, McpEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly ILogger<HttpGateway> _logger;

    public HttpGateway(HttpServerSettings settings, IServer server, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _server = server;
        _logger = loggerFactory.CreateLogger<HttpGateway>();
        _guard = new RequestGuard(settings);
        _auth = new BearerAuthenticator(settings, settings.OAuth is { } oauth ? new SigningKeys(oauth, settings.TimeProvider, loggerFactory.CreateLogger<SigningKeys>()) : null);
        foreach (var project in settings.Projects)
        {
            _endpoints[project.Path] = new McpEndpoint(project, settings, loggerFactory, lifetime.ApplicationStopping);
        }
    }

    public IEnumerable<McpEndpoint> Endpoints => _endpoints.Values;

    /// <summary>The base URL clients use: <see cref="HttpServerSettings.PublicUrl"/>, else the first listening address.</summary>
    public string BaseUrl => (_settings.PublicUrl?.GetLeftPart(UriPartial.Authority)
        ?? _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? HttpServerSettings.DefaultUrl).TrimEnd('/');

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (BadHttpRequestException e)
        {
            await HttpReplies.ErrorAsync(context, e.StatusCode, $"Bad Request: {e.Message}").ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The server must stay up whatever one request does; the failure is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRequestFailed(e, context.Request.Method, context.Request.Path);
            await HttpReplies.ErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error: the request failed; the server's log has the details").ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        if (_guard.Refusal(context.Request) is { } refusal)
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status403Forbidden, refusal).ConfigureAwait(false);
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        if (path == MetadataPath || path.StartsWith(MetadataPath + "/", StringComparison.Ordinal))
        {
            await MetadataAsync(context, path[MetadataPath.Length..]).ConfigureAwait(false);
            return;
        }

        if (!_endpoints.TryGetValue(path, out var endpoint))
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status404NotFound, $"Not Found: no MCP endpoint at '{path}'; this server's endpoints: {string.Join(", ", _endpoints.Keys)}").ConfigureAwait(false);
            return;
        }

        var auth = await _auth.AuthenticateAsync(context.Request, BaseUrl + endpoint.Project.Path, context.RequestAborted).ConfigureAwait(false);
        if (auth.Identity is null)
        {
            if (auth.Status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = Challenge(endpoint, auth);
            }

            await HttpReplies.ErrorAsync(context, auth.Status, auth.Message!).ConfigureAwait(false);
            return;
        }

        await endpoint.HandleAsync(context, auth.Identity).ConfigureAwait(false);
    }

    /// <summary>RFC 9728: what a client needs to get a token for an endpoint (which authorization server, for which resource).</summary>
    private async Task MetadataAsync(HttpContext context, string endpointPath)
    {
        // The bare well-known path describes the single project's /mcp, for clients that look there first.
        var endpoint = endpointPath.Length == 0 ? _endpoints.Values.SingleOrDefault(e => e.Project.Name is null) : _endpoints.GetValueOrDefault(endpointPath);
        if (_settings.OAuth is not { } oauth || endpoint is null)
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status404NotFound, _settings.OAuth is null
                ? "Not Found: this server takes no OAuth access tokens (start it with --oauth-issuer)"
                : $"Not Found: no MCP endpoint at '{endpointPath}'; this server's endpoints: {string.Join(", ", _endpoints.Keys)}").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await HttpReplies.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method Not Allowed: {context.Request.Method}; the metadata document takes GET").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "max-age=3600";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("resource", BaseUrl + endpoint.Project.Path);
        json.WriteStartArray("authorization_servers");
        json.WriteStringValue(oauth.Issuer);
        json.WriteEndArray();
        json.WriteStartArray("bearer_methods_supported");
        json.WriteStringValue("header");
        json.WriteEndArray();
        json.WriteString("resource_name", endpoint.Project.Name is { } name ? $"McpContext: {name}" : "McpContext");
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private string Challenge(McpEndpoint endpoint, AuthResult auth)
    {
        var challenge = new StringBuilder("Bearer realm=\"mcpctx\"");
        if (_settings.OAuth is not null)
        {
            challenge.Append($", resource_metadata=\"{BaseUrl}{MetadataPath}{endpoint.Project.Path}\"");
        }

        if (auth.ErrorCode is { } code)
        {
            // RFC 6750 section 3 allows printable ASCII except '"' and '\' in error_description.
            var description = new string([.. auth.Message!["Unauthorized: ".Length..].Where(c => c is >= ' ' and <= '~' and not '"' and not '\\')]);
            challenge.Append($", error=\"{code}\", error_description=\"{description}\"");
        }

        return challenge.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints.Values)
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }

        _auth.Dispose();
    }

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed")]
    private partial void LogRequestFailed(Exception exception, string method, PathString path);
}
