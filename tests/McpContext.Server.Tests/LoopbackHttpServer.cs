using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpContext.Server.Http;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

/// <summary>The real HTTP server on a free loopback port (Kestrel, in-process), with the SDK's real HTTP client and raw requests.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    public const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private LoopbackHttpServer(ContextHttpServer server)
    {
        Server = server;
    }

    public ContextHttpServer Server { get; }

    /// <summary>The first project's endpoint on the loopback address the server listens on.</summary>
    public Uri Endpoint => new(Server.Addresses[0], Server.Paths[0]);

    public HttpClient Http { get; } = new();

    /// <summary>Settings for one project at /mcp on a free loopback port.</summary>
    public static HttpServerSettings Settings(string root) => new() { Projects = [new HttpProject(null, root)], Urls = ["http://127.0.0.1:0"] };

    public static async Task<LoopbackHttpServer> StartAsync(HttpServerSettings settings)
    {
        var server = ContextHttpServer.Build(settings);
        await server.StartAsync(TestContext.Current.CancellationToken);
        return new LoopbackHttpServer(server);
    }

    public static Task<LoopbackHttpServer> StartAsync(string root) => StartAsync(Settings(root));

    /// <summary>The SDK's Streamable HTTP client connected to <paramref name="endpoint"/> (default: the first).</summary>
    public Task<McpClient> ConnectAsync(Uri? endpoint = null, string? bearer = null, McpClientOptions? options = null, HttpClient? http = null)
    {
        var transportOptions = new HttpClientTransportOptions
        {
            Endpoint = endpoint ?? Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = bearer is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {bearer}" },
        };
        var transport = http is null ? new HttpClientTransport(transportOptions) : new HttpClientTransport(transportOptions, http, ownsHttpClient: false);
        return McpClient.CreateAsync(transport, options ?? new McpClientOptions { ClientInfo = new Implementation { Name = "http-test", Version = "1.0" } }, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>A raw POST of <paramref name="body"/> with the headers a conforming client sends, changed by <paramref name="configure"/>.</summary>
    public Task<HttpResponseMessage> PostAsync(string body, string? sessionId = null, Action<HttpRequestMessage>? configure = null, Uri? endpoint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint ?? Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        configure?.Invoke(request);
        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    /// <summary>Initializes a session with raw requests and returns its id.</summary>
    public async Task<string> StartSessionAsync(Action<HttpRequestMessage>? configure = null, Uri? endpoint = null)
    {
        using var response = await PostAsync(Initialize, configure: configure, endpoint: endpoint);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var id = response.Headers.GetValues("Mcp-Session-Id").Single();
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var initialized = await PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", id, configure, endpoint);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, initialized.StatusCode);
        return id;
    }

    /// <summary>The one JSON-RPC message in an event-stream response.</summary>
    public static async Task<JsonNode> EventAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonNode.Parse(body.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..])!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.StopAsync(TestContext.Current.CancellationToken);
        await Server.DisposeAsync();
    }
}
