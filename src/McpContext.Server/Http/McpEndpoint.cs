using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using McpContext.Server.Hosting;
using McpContext.Server.Http.Auth;
using McpContext.Server.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Http;

/// <summary>
/// One project's MCP endpoint over the Streamable HTTP transport (POST, GET, DELETE; protocol revisions
/// 2025-03-26 to 2025-11-25). The project has services of its own (store, workspace, notifier), so endpoints
/// share nothing; each session gets its own <see cref="McpServer"/> over those services.
/// </summary>
internal sealed class McpEndpoint : IAsyncDisposable
{
    /// <summary>The protocol revisions with Streamable HTTP and sessions that this endpoint speaks.</summary>
    public static readonly string[] ProtocolVersions = ["2025-03-26", "2025-06-18", "2025-11-25"];

    private const string SessionIdHeader = "Mcp-Session-Id";
    private const string ProtocolVersionHeader = "MCP-Protocol-Version";

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private static readonly JsonTypeInfo<InitializeRequestParams> InitializeParamsType = (JsonTypeInfo<InitializeRequestParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(InitializeRequestParams));

    private readonly HttpServerSettings _settings;
    private readonly ServiceProvider _services;
    private readonly McpServerOptions _options;
    private readonly Action<McpServer> _forget;
    private readonly ILoggerFactory _loggerFactory;
    private readonly CancellationToken _stopping;

    public McpEndpoint(HttpProject project, HttpServerSettings settings, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        Project = project;
        _settings = settings;
        _loggerFactory = loggerFactory;
        _stopping = stopping;

        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddContextServer(settings.Server with { Root = Path.GetFullPath(project.Root) });
        if (settings.Stateless)
        {
            // Nothing can reach a client between its requests, so promise no notifications.
            services.PostConfigure<McpServerOptions>(o => o.Capabilities!.Resources = new ResourcesCapability { Subscribe = false, ListChanged = false });
        }

        _services = services.BuildServiceProvider();
        _options = _services.GetRequiredService<IOptions<McpServerOptions>>().Value;
        var resources = _services.GetRequiredService<ResourceNotifier>();
        var ledger = _services.GetRequiredService<LedgerNotifier>();

        // An ended session must be forgotten by everything that tracks sessions, or each one stays referenced.
        _forget = session =>
        {
            resources.Detach(session);
            ledger.Detach(session);
        };
        Sessions = new SessionStore(settings, CreateServer, _forget, loggerFactory);
    }

    public HttpProject Project { get; }

    public SessionStore Sessions { get; }

    public Task HandleAsync(HttpContext context, string identity) => context.Request.Method switch
    {
        "POST" => PostAsync(context, identity),
        "GET" => GetAsync(context, identity),
        "DELETE" => DeleteAsync(context, identity),
        _ => MethodNotAllowedAsync(context, $"Method Not Allowed: {context.Request.Method}; an MCP endpoint takes {Allowed}"),
    };

    private string Allowed => _settings.Stateless ? "POST" : "POST, GET and DELETE";

    private async Task PostAsync(HttpContext context, string identity)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(a => a.MatchesMediaType("application/json")) || !accept.Any(a => a.MatchesMediaType("text/event-stream")))
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the Accept header must list both application/json and text/event-stream").ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) || !contentType.MatchesMediaType("application/json"))
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type: the body must be a JSON-RPC message with Content-Type application/json").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > _settings.MaxRequestBytes)
        {
            await TooLargeAsync(context).ConfigureAwait(false);
            return;
        }

        if (await RefuseProtocolVersionAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var (message, problem, code) = await ReadMessageAsync(context).ConfigureAwait(false);
        if (message is null)
        {
            await (problem is null ? TooLargeAsync(context) : HttpReplies.ErrorAsync(context, StatusCodes.Status400BadRequest, problem, code)).ConfigureAwait(false);
            return;
        }

        var id = message is JsonRpcRequest request ? request.Id : default;
        if (context.Request.Headers[ProtocolVersionHeader].ToString() is { Length: > 0 } version)
        {
            (message.Context ??= new()).ProtocolVersion = version;
        }

        if (message is JsonRpcRequest { Method: RequestMethods.Initialize } initialize && InitializeProblem(initialize) is { } invalid)
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status400BadRequest, invalid, HttpReplies.InvalidParams, id).ConfigureAwait(false);
            return;
        }

        if (message is JsonRpcRequest { Method: RequestMethods.Initialize, Params: JsonObject parameters } && parameters["protocolVersion"] is JsonValue asked
            && asked.TryGetValue<string>(out var askedVersion) && !ProtocolVersions.Contains(askedVersion))
        {
            // A server answers a revision it does not speak with one it does; the SDK alone would also accept
            // 2024-11-05 (no Streamable HTTP) and refuse 2026-07-28 (no sessions).
            parameters["protocolVersion"] = ProtocolVersions[^1];
        }

        if (_settings.Stateless)
        {
            await PostStatelessAsync(context, message, id).ConfigureAwait(false);
            return;
        }

        HttpSession? session;
        if (SessionId(context) is null)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await HttpReplies.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: the Mcp-Session-Id header is required on every request but initialize; send initialize first and use the Mcp-Session-Id its response carries", id: id).ConfigureAwait(false);
                return;
            }

            session = await Sessions.StartAsync(identity).ConfigureAwait(false);
            if (session is null)
            {
                await HttpReplies.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"Service Unavailable: {_settings.MaxSessions} sessions are busy, the most this server keeps (--max-sessions); try again later", id: id).ConfigureAwait(false);
                return;
            }

            context.Response.Headers[SessionIdHeader] = session.Id;
        }
        else if ((session = await FindSessionAsync(context, identity, id).ConfigureAwait(false)) is null)
        {
            return;
        }

        using var activity = session.TryEnter();
        if (activity is null)
        {
            await SessionNotFoundAsync(context, id).ConfigureAwait(false);
            return;
        }

        HttpReplies.StartEventStream(context);
        if (!await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false))
        {
            Accepted(context);
        }
    }

    private async Task PostStatelessAsync(HttpContext context, JsonRpcMessage message, RequestId id)
    {
        if (SessionId(context) is not null)
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: this server is stateless and keeps no sessions; send requests without Mcp-Session-Id", id: id).ConfigureAwait(false);
            return;
        }

        // A session that lives for one request: same server, same services, no id and nothing kept.
        var transport = new StreamableHttpServerTransport(_loggerFactory) { Stateless = true };
        await using var once = new HttpSession("", AuthResult.Anonymous, transport, CreateServer(transport), _settings.TimeProvider, _forget, _loggerFactory.CreateLogger<HttpSession>());
        HttpReplies.StartEventStream(context);
        if (!await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false))
        {
            Accepted(context);
        }
    }

    private async Task GetAsync(HttpContext context, string identity)
    {
        if (_settings.Stateless)
        {
            await MethodNotAllowedAsync(context, "Method Not Allowed: this server is stateless (--stateless); it keeps no sessions and has no GET stream").ConfigureAwait(false);
            return;
        }

        if (!context.Request.GetTypedHeaders().Accept.Any(a => a.MatchesMediaType("text/event-stream")))
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the Accept header must list text/event-stream").ConfigureAwait(false);
            return;
        }

        if (await RefuseProtocolVersionAsync(context).ConfigureAwait(false) || await FindSessionAsync(context, identity, default).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (!session.TryStartGet())
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status409Conflict, "Conflict: this session already has its GET stream, and a session has only one; start a new session to listen again").ConfigureAwait(false);
            return;
        }

        using var activity = session.TryEnter();
        if (activity is null)
        {
            await SessionNotFoundAsync(context, default).ConfigureAwait(false);
            return;
        }

        // The stream ends with the client, the session or the server, whichever goes first.
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        HttpReplies.StartEventStream(context);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, end.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // A client closes an event stream by going away.
        }
    }

    private async Task DeleteAsync(HttpContext context, string identity)
    {
        if (_settings.Stateless)
        {
            await MethodNotAllowedAsync(context, "Method Not Allowed: this server is stateless (--stateless); it keeps no sessions to delete").ConfigureAwait(false);
            return;
        }

        if (await RefuseProtocolVersionAsync(context).ConfigureAwait(false) || await FindSessionAsync(context, identity, default).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        await Sessions.EndAsync(session).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The session named by the request, or null after answering 400, 404 or 403.</summary>
    private async Task<HttpSession?> FindSessionAsync(HttpContext context, string identity, RequestId id)
    {
        var sessionId = SessionId(context);
        if (sessionId is null)
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: the Mcp-Session-Id header is required; send initialize first and use the Mcp-Session-Id its response carries", id: id).ConfigureAwait(false);
            return null;
        }

        if (!Sessions.TryGet(sessionId, out var session))
        {
            await SessionNotFoundAsync(context, id).ConfigureAwait(false);
            return null;
        }

        if (!string.Equals(session.Owner, identity, StringComparison.Ordinal))
        {
            await HttpReplies.ErrorAsync(context, StatusCodes.Status403Forbidden, "Forbidden: this session was started by another identity", id: id).ConfigureAwait(false);
            return null;
        }

        context.Response.Headers[SessionIdHeader] = session.Id;
        return session;
    }

    /// <summary>Why an initialize request's params cannot start a session (the SDK transport reads them before the server answers), or null.</summary>
    private static string? InitializeProblem(JsonRpcRequest request)
    {
        try
        {
            return request.Params is null || request.Params.Deserialize(InitializeParamsType) is not null ? null : "Invalid params: initialize needs params";
        }
        catch (JsonException e)
        {
            return $"Invalid params: initialize needs params {{protocolVersion, capabilities, clientInfo}}: {e.Message.Split(" Path:")[0]}";
        }
    }

    private static Task SessionNotFoundAsync(HttpContext context, RequestId id) =>
        HttpReplies.ErrorAsync(context, StatusCodes.Status404NotFound, "Not Found: the session in Mcp-Session-Id does not exist (it ended, was deleted, or never began); start a new one with initialize", HttpReplies.SessionNotFound, id);

    /// <summary>Answers 400 and returns true when the request names a protocol revision this endpoint does not speak.</summary>
    private static async Task<bool> RefuseProtocolVersionAsync(HttpContext context)
    {
        // Without the header a server assumes 2025-03-26 (the transport's first revision).
        var version = context.Request.Headers[ProtocolVersionHeader].ToString();
        if (version.Length == 0 || ProtocolVersions.Contains(version))
        {
            return false;
        }

        await HttpReplies.ErrorAsync(context, StatusCodes.Status400BadRequest, $"Bad Request: unsupported MCP-Protocol-Version '{version}'; this server speaks {string.Join(", ", ProtocolVersions)}").ConfigureAwait(false);
        return true;
    }

    /// <summary>The body as one JSON-RPC message, or why it is not one (with its JSON-RPC error code); neither when it is too large.</summary>
    private static async Task<(JsonRpcMessage? Message, string? Problem, int Code)> ReadMessageAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel enforces the limit on bodies without a Content-Length (chunked) as they are read.
            return (null, null, 0);
        }

        var body = read.Buffer;
        try
        {
            return (Parse(body), null, 0);
        }
        catch (JsonException e)
        {
            return IsJson(body)
                ? (null, $"Invalid Request: the body is JSON but not one JSON-RPC 2.0 message{(FirstByte(body) == '[' ? " (batches are not accepted; send one message per request)" : "")}: {e.Message.Split(" Path:")[0]}", HttpReplies.InvalidRequest)
                : (null, $"Parse error: the body is not valid JSON: {e.Message.Split(" Path:")[0]}{(e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "")}", HttpReplies.ParseError);
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    private static JsonRpcMessage Parse(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body);
        var message = JsonSerializer.Deserialize(ref json, MessageType) ?? throw new JsonException("null is not a message");
        return json.Read() ? throw new JsonException("the body holds more than one JSON value") : message;
    }

    private static bool IsJson(ReadOnlySequence<byte> body)
    {
        try
        {
            var json = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref json);
            return !json.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte FirstByte(ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return b;
                }
            }
        }

        return 0;
    }

    private Task TooLargeAsync(HttpContext context) =>
        HttpReplies.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"Content Too Large: this server accepts request bodies of at most {_settings.MaxRequestBytes} bytes (--max-request-bytes)");

    private Task MethodNotAllowedAsync(HttpContext context, string message)
    {
        context.Response.Headers.Allow = _settings.Stateless ? "POST" : "GET, POST, DELETE";
        return HttpReplies.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, message);
    }

    private static void Accepted(HttpContext context)
    {
        // Nothing was written (the body held a notification or a response): no event stream after all.
        context.Response.Headers.ContentType = default;
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static string? SessionId(HttpContext context) => context.Request.Headers[SessionIdHeader].ToString() is { Length: > 0 } id ? id : null;

    private McpServer CreateServer(StreamableHttpServerTransport transport) => McpServer.Create(transport, _options, _loggerFactory, _services);

    public async ValueTask DisposeAsync()
    {
        await Sessions.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
