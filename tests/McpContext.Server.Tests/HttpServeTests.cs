using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ModelContextProtocol.Client;

namespace McpContext.Server.Tests;

/// <summary>The built <c>mcpctx serve --http</c>: what it serves, what it refuses to start with, and what it never logs.</summary>
public sealed class HttpServeTests
{
    private const string Token = "f3b1c2d4e5a60718293a4b5c6d7e8f90";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<McpClient> ConnectAsync(Uri endpoint, string? bearer = null) => McpClient.CreateAsync(
        new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = bearer is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {bearer}" },
        }),
        cancellationToken: Cancel);

    [Fact]
    public async Task The_built_mcpctx_serves_the_project_found_from_its_working_directory_and_stops_cleanly_on_sigterm()
    {
        using var project = new TempProject(TempProject.Example);
        var nested = Directory.CreateDirectory(Path.Combine(project.Root, "app")).FullName;
        await using var server = await McpctxHttp.StartAsync(["--urls", "http://127.0.0.1:0"], nested);

        using var watch = new GetStreamWatch();
        using var http = new HttpClient(watch);
        var client = await McpClient.CreateAsync(new HttpClientTransport(new() { Endpoint = server.Endpoint, TransportMode = HttpTransportMode.StreamableHttp }, http), cancellationToken: Cancel);
        var port = await client.CallOkAsync("context_get", new { path = "services.green.port" });
        await watch.Open.WaitAsync(Cancel);

        // The client still listens on its GET stream: stopping must not wait for it.
        var (exitCode, stderr) = await server.StopAsync();
        await client.DisposeAsync();

        Assert.Equal((3002, project.ContextFile), ((int)port["value"]!, (string?)port["file"]));
        Assert.Equal("/mcp", server.Endpoint.AbsolutePath);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("fail:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_projects_are_served_each_at_its_own_endpoint()
    {
        using var edge = new TempProject(TempProject.Example);
        using var docs = new TempProject("project = \"docs-site\"\n");
        await using var server = await McpctxHttp.StartAsync(["--urls", "http://127.0.0.1:0", "--project", $"edge={edge.Root}", "--project", $"docs={docs.Root}", "--read-only"], expectedEndpoints: 2);
        await using var client = await ConnectAsync(server.Endpoints[1]);

        var project = await client.CallOkAsync("context_get", new { path = "project" });
        var tools = await client.ListToolsAsync(cancellationToken: Cancel);

        Assert.Equal(["/p/edge/mcp", "/p/docs/mcp"], server.Endpoints.Select(e => e.AbsolutePath));
        Assert.Equal("docs-site", (string?)project["value"]);
        Assert.Equal(["context_get", "context_history", "knowledge_list", "search", "fetch", "validate_change", "drift_check"], tools.Select(t => t.Name));
    }

    [Fact]
    public async Task With_a_token_it_may_listen_beyond_loopback_and_the_token_is_never_logged()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await McpctxHttp.StartAsync(["--urls", "http://0.0.0.0:0", "--token-env", "MCPCTX_TOKEN", "--log-level", "trace", "--root", project.Root], environment: new Dictionary<string, string?> { ["MCPCTX_TOKEN"] = Token });
        var local = new Uri($"http://127.0.0.1:{server.Endpoint.Port}/mcp");

        await using (var client = await ConnectAsync(local, Token))
        {
            await client.CallOkAsync("context_get", new { path = "project" });
        }

        using var http = new HttpClient();
        using var wrong = new HttpRequestMessage(HttpMethod.Post, local) { Content = new StringContent(LoopbackHttpServer.Initialize, Encoding.UTF8, "application/json") };
        wrong.Headers.Accept.ParseAdd("application/json, text/event-stream");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token[..^1] + "x");
        using var refused = await http.SendAsync(wrong, Cancel);
        var (exitCode, stderr) = await server.StopAsync();

        Assert.Equal("0.0.0.0", server.Endpoint.Host);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("trce: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Token[..^1], stderr, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData(new[] { "--http", "--urls", "http://0.0.0.0:7300" }, "mcpctx serve: --urls: 'http://0.0.0.0:7300' is not a loopback address; serving beyond this machine requires authentication: --token-env NAME or --oauth-issuer URL\n")]
    [InlineData(new[] { "--http", "--token-env", "MCPCTX_NO_SUCH_VARIABLE" }, "mcpctx serve: --token-env MCPCTX_NO_SUCH_VARIABLE: the environment variable MCPCTX_NO_SUCH_VARIABLE is not set or empty\n")]
    [InlineData(new[] { "--http", "--token-env", "MCPCTX_SHORT_TOKEN" }, "mcpctx serve: --token-env: the token is 5 characters long; use at least 16 random characters (for example: openssl rand -hex 32)\n")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:7300", "--stateless" }, "mcpctx serve: --urls needs --http\nmcpctx serve: --stateless needs --http\n")]
    [InlineData(new[] { "--http", "--urls", "https://127.0.0.1:7300" }, "mcpctx serve: --urls: 'https://127.0.0.1:7300': HTTPS is not served directly; listen on http://127.0.0.1 and put a TLS proxy or tunnel in front (see docs/chatgpt.md)\n")]
    [InlineData(new[] { "--http", "--project", "edge" }, "mcpctx serve: --project 'edge': expected name=DIR\n")]
    [InlineData(new[] { "--http", "--project", "Edge=/tmp" }, "mcpctx serve: --project: 'Edge' is not a valid name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64)\n")]
    [InlineData(new[] { "--http", "--root", "/tmp", "--project", "edge=/tmp" }, "mcpctx serve: --root and --project cannot be combined; give every project with --project name=DIR\n")]
    [InlineData(new[] { "--http", "--oauth-jwks", "/tmp/jwks.json" }, "mcpctx serve: --oauth-jwks needs --oauth-issuer (the issuer whose keys they are)\n")]
    [InlineData(new[] { "--http", "--root", "/no/such/dir" }, "mcpctx serve: --root '/no/such/dir' does not exist\n")]
    [InlineData(new[] { "--http", "--public-url", "https://abc.trycloudflare.com" }, "mcpctx serve: --public-url: 'https://abc.trycloudflare.com/' reaches this server from beyond this machine (a tunnel or proxy), which requires authentication: --token-env NAME or --oauth-issuer URL\n")]
    [InlineData(new[] { "--http", "--oauth-audience", "api" }, "mcpctx serve: --oauth-audience needs --oauth-issuer\n")]
    public async Task Serve_http_refuses_to_start_with_a_clear_message_and_exit_code_2(string[] arguments, string message)
    {
        var (exitCode, stdout, stderr) = await McpctxHttp.RunAsync(arguments, new Dictionary<string, string?> { ["MCPCTX_SHORT_TOKEN"] = "short" });

        Assert.Equal(2, exitCode);
        Assert.Equal(message, stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task An_address_in_use_is_refused_with_exit_code_2()
    {
        using var project = new TempProject(TempProject.Example);
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, _, stderr) = await McpctxHttp.RunAsync(["--http", "--urls", $"http://127.0.0.1:{port}", "--root", project.Root]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"mcpctx serve: --urls: cannot listen on http://127.0.0.1:{port}: ", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
