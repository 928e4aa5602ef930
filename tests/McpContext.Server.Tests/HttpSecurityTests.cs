using System.Net;

namespace McpContext.Server.Tests;

/// <summary>DNS-rebinding protection (Host and Origin) and the static bearer token, over real HTTP.</summary>
public sealed class HttpSecurityTests
{
    private const string Token = "0123456789abcdef-test-token";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evil.example.com")]
    [InlineData("evil.example.com:7300")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task A_host_this_server_is_not_called_by_is_403(string host)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Host = host);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Forbidden: Host '{host.Split(':')[0]}' is not one this server answers to (DNS-rebinding protection); accepted: localhost, 127.0.0.1, [::1]. Add a name with --allowed-hosts", (await HttpErrorTests.ErrorOf(response)).Message);
    }

    [Theory]
    [InlineData("http://evil.example.com")]
    [InlineData("http://localhost.evil.example.com:3000")]
    [InlineData("null")]
    public async Task An_origin_that_is_not_this_server_is_403(string origin)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Origin", origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Forbidden: Origin '{origin}' is not allowed (DNS-rebinding protection). Add it with --allowed-origins", (await HttpErrorTests.ErrorOf(response)).Message);
    }

    [Theory]
    [InlineData("localhost:7300", null)]
    [InlineData("[::1]", "http://[::1]:6274")]
    [InlineData("127.0.0.1", "http://localhost:6274")]
    public async Task Loopback_hosts_and_origins_are_accepted(string host, string? origin)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r =>
        {
            r.Headers.Host = host;
            if (origin is not null)
            {
                r.Headers.Add("Origin", origin);
            }
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Allowed_hosts_and_origins_and_the_public_urls_host_are_accepted()
    {
        using var project = new TempProject(TempProject.Example);
        var settings = LoopbackHttpServer.Settings(project.Root) with
        {
            AllowedHosts = ["ctx.internal"],
            AllowedOrigins = ["https://chatgpt.com"],
            PublicUrl = new Uri("https://abc.trycloudflare.com"),
            BearerToken = Token,
        };
        await using var server = await LoopbackHttpServer.StartAsync(settings);

        using var named = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r =>
        {
            r.Headers.Host = "ctx.internal";
            r.Headers.Add("Authorization", $"Bearer {Token}");
        });
        using var tunnel = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r =>
        {
            r.Headers.Host = "abc.trycloudflare.com";
            r.Headers.Add("Origin", "https://chatgpt.com");
            r.Headers.Add("Authorization", $"Bearer {Token}");
        });
        using var otherOrigin = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r =>
        {
            r.Headers.Add("Origin", "https://chat.example.com");
            r.Headers.Add("Authorization", $"Bearer {Token}");
        });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden), (named.StatusCode, tunnel.StatusCode, otherOrigin.StatusCode));
    }

    [Fact]
    public async Task Without_the_token_a_request_is_401_with_a_bearer_challenge()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { BearerToken = Token });

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"mcpctx\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Unauthorized: this server requires a bearer token (Authorization: Bearer <token>)", (await HttpErrorTests.ErrorOf(response)).Message);
    }

    [Theory]
    [InlineData("Bearer wrong-token-0123456789", "invalid_token", "the bearer token is not valid")]
    [InlineData("Bearer " + Token + "x", "invalid_token", "the bearer token is not valid")]
    [InlineData("Basic dXNlcjpwYXNz", "invalid_request", "the Authorization header must be 'Bearer <token>'")]
    [InlineData("Bearer", "invalid_request", "the Authorization header must be 'Bearer <token>'")]
    public async Task A_wrong_token_is_401_saying_why_without_echoing_it(string authorization, string error, string message)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { BearerToken = Token });

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.TryAddWithoutValidation("Authorization", authorization));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer realm=\"mcpctx\", error=\"{error}\", error_description=\"{message}\"", response.Headers.WwwAuthenticate.ToString());
        var body = await HttpErrorTests.ErrorOf(response);
        Assert.Equal($"Unauthorized: {message}", body.Message);
    }

    [Fact]
    public async Task With_the_token_the_sdk_client_works_and_every_request_needs_it()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { BearerToken = Token });
        await using var client = await server.ConnectAsync(bearer: Token);
        var session = await server.StartSessionAsync(r => r.Headers.Add("Authorization", $"Bearer {Token}"));

        var port = await client.CallOkAsync("context_get", new { path = "services.green.port" });
        using var withoutToken = await server.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session);

        Assert.Equal(3002, (int)port["value"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
    }

    [Fact]
    public async Task The_host_check_comes_before_authentication()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { BearerToken = Token });

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r =>
        {
            r.Headers.Add("Authorization", $"Bearer {Token}");
            r.Headers.Host = "evil.example.com";
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
