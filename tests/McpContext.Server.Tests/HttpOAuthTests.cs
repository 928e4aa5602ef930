using System.Net;
using System.Text.Json.Nodes;
using McpContext.Server.Http;

namespace McpContext.Server.Tests;

/// <summary>
/// OAuth 2.1 resource-server mode over real HTTP: RFC 9728 metadata, 401 challenges, JWT access tokens
/// checked against an authorization server the test runs (its metadata and JWKS on loopback).
/// </summary>
public sealed class HttpOAuthTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpServerSettings Settings(TempProject project, TestAuthorizationServer authority, TimeProvider? clock = null) =>
        LoopbackHttpServer.Settings(project.Root) with { OAuth = new OAuthSettings { Issuer = authority.Issuer }, TimeProvider = clock ?? TimeProvider.System };

    [Fact]
    public async Task Without_a_token_the_challenge_points_to_the_protected_resource_metadata()
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority));
        var metadataUrl = new Uri(server.Endpoint, "/.well-known/oauth-protected-resource/mcp");

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize);
        var metadata = JsonNode.Parse(await server.Http.GetStringAsync(metadataUrl, Cancel))!;
        var atRoot = JsonNode.Parse(await server.Http.GetStringAsync(new Uri(server.Endpoint, "/.well-known/oauth-protected-resource"), Cancel))!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer realm=\"mcpctx\", resource_metadata=\"{metadataUrl}\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(server.Endpoint.ToString(), (string?)metadata["resource"]);
        Assert.Equal([authority.Issuer], metadata["authorization_servers"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(["header"], metadata["bearer_methods_supported"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("McpContext", (string?)metadata["resource_name"]);
        Assert.Equal(metadata.ToJsonString(), atRoot.ToJsonString());
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task A_token_from_the_authorization_server_for_this_resource_lets_the_sdk_client_in(string alg)
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority));

        await using var client = await server.ConnectAsync(bearer: authority.Tokens.Create(server.Endpoint.ToString(), alg: alg));

        Assert.Equal(3002, (int)(await client.CallOkAsync("context_get", new { path = "services.green.port" }))["value"]!);
    }

    public static TheoryData<Action<JsonObject>, string> BadClaims => new()
    {
        { c => c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), "the token expired at " },
        { c => c["nbf"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), "the token is not valid before " },
        { c => c["aud"] = "https://other.example.com/mcp", "aud does not include 'http://127.0.0.1:" },
        { c => c["iss"] = "https://evil.example.com", "iss 'https://evil.example.com' is not this server's authorization server 'http://127.0.0.1:" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task A_token_with_wrong_claims_is_401_invalid_token_saying_which(Action<JsonObject> claims, string message)
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority));
        var token = authority.Tokens.Create(server.Endpoint.ToString(), claims: claims);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Authorization", $"Bearer {token}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"error=\"invalid_token\", error_description=\"{message}", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"Unauthorized: {message}", (await HttpErrorTests.ErrorOf(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_by_someone_else_is_401()
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority));
        using var forger = new TestTokens(authority.Issuer);
        var token = forger.Create(server.Endpoint.ToString(), header: h => h["kid"] = authority.Tokens.RsaKid);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Authorization", $"Bearer {token}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized: the signature does not verify with the authorization server's keys", (await HttpErrorTests.ErrorOf(response)).Message);
    }

    [Fact]
    public async Task A_session_belongs_to_the_user_who_started_it()
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority));
        var alice = authority.Tokens.Create(server.Endpoint.ToString(), subject: "alice");
        var bob = authority.Tokens.Create(server.Endpoint.ToString(), subject: "bob");
        var session = await server.StartSessionAsync(r => r.Headers.Add("Authorization", $"Bearer {alice}"));

        using var asBob = await server.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session, r => r.Headers.Add("Authorization", $"Bearer {bob}"));
        using var bobDeletes = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, server.Endpoint) { Headers = { { "Mcp-Session-Id", session }, { "Authorization", $"Bearer {bob}" } } }, Cancel);
        using var asAlice = await server.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session, r => r.Headers.Add("Authorization", $"Bearer {alice}"));

        Assert.Equal(HttpStatusCode.Forbidden, asBob.StatusCode);
        Assert.Equal("Forbidden: this session was started by another identity", (await HttpErrorTests.ErrorOf(asBob)).Message);
        Assert.Equal(HttpStatusCode.Forbidden, bobDeletes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAlice.StatusCode);
    }

    [Fact]
    public async Task Keys_are_fetched_again_when_a_token_names_a_new_one()
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        var clock = new ManualClock();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority, clock));
        await server.StartSessionAsync(r => r.Headers.Add("Authorization", $"Bearer {authority.Tokens.Create(server.Endpoint.ToString())}"));

        using var old = authority.RotateKeys();
        clock.Advance(TimeSpan.FromSeconds(31));
        var fresh = authority.Tokens.Create(server.Endpoint.ToString());
        await server.StartSessionAsync(r => r.Headers.Add("Authorization", $"Bearer {fresh}"));
        using var retired = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Authorization", $"Bearer {old.Create(server.Endpoint.ToString())}"));

        Assert.Equal(2, authority.JwksRequests);
        Assert.Equal(HttpStatusCode.Unauthorized, retired.StatusCode);
        Assert.StartsWith("Unauthorized: no signing key with kid 'rsa-", (await HttpErrorTests.ErrorOf(retired)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_can_come_from_a_jwks_file()
    {
        using var project = new TempProject(TempProject.Example);
        using var tokens = new TestTokens("https://auth.example.com");
        var jwks = Path.Combine(project.Root, "jwks.json");
        File.WriteAllText(jwks, tokens.Jwks());
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { OAuth = new OAuthSettings { Issuer = tokens.Issuer, Jwks = jwks } });

        await using var client = await server.ConnectAsync(bearer: tokens.Create(server.Endpoint.ToString(), alg: "ES256"));

        Assert.Equal(11, (await client.ListToolsAsync(cancellationToken: Cancel)).Count);
    }

    [Fact]
    public async Task An_unreachable_authorization_server_is_503_not_a_verdict_on_the_token()
    {
        using var project = new TempProject(TempProject.Example);
        using var tokens = new TestTokens("http://127.0.0.1:1");
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { OAuth = new OAuthSettings { Issuer = tokens.Issuer } });

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Authorization", $"Bearer {tokens.Create(server.Endpoint.ToString())}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("Service Unavailable: the authorization server's keys cannot be found: http://127.0.0.1:1/.well-known/oauth-authorization-server cannot be reached: ", (await HttpErrorTests.ErrorOf(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_static_token_still_works_beside_oauth()
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority) with { BearerToken = "codex-token-0123456789" });

        await using var client = await server.ConnectAsync(bearer: "codex-token-0123456789");

        Assert.Equal(11, (await client.ListToolsAsync(cancellationToken: Cancel)).Count);
    }

    [Fact]
    public async Task A_configured_audience_replaces_the_endpoint_uri()
    {
        using var project = new TempProject(TempProject.Example);
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(Settings(project, authority) with { OAuth = new OAuthSettings { Issuer = authority.Issuer, Audience = "https://api.example.com/mcpcontext" } });

        await using var client = await server.ConnectAsync(bearer: authority.Tokens.Create("https://api.example.com/mcpcontext"));
        using var forEndpoint = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Authorization", $"Bearer {authority.Tokens.Create(server.Endpoint.ToString())}"));

        Assert.Equal(11, (await client.ListToolsAsync(cancellationToken: Cancel)).Count);
        Assert.Equal(HttpStatusCode.Unauthorized, forEndpoint.StatusCode);
    }

    [Fact]
    public async Task Without_oauth_there_is_no_metadata_document()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.Http.GetAsync(new Uri(server.Endpoint, "/.well-known/oauth-protected-resource"), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found: this server takes no OAuth access tokens (start it with --oauth-issuer)", (await HttpErrorTests.ErrorOf(response)).Message);
    }
}
