using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace McpContext.Server.Tests;

/// <summary>
/// The part of an OAuth authorization server a resource server talks to, on a loopback port: its RFC 8414
/// metadata and its JWKS. (Issuing tokens, which ChatGPT would ask it for, is done by <see cref="TestTokens"/>.)
/// </summary>
internal sealed class TestAuthorizationServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestAuthorizationServer(WebApplication app, TestTokens tokens)
    {
        _app = app;
        Tokens = tokens;
    }

    public TestTokens Tokens { get; private set; }

    public string Issuer => Tokens.Issuer;

    /// <summary>How many times the key set was fetched.</summary>
    public int JwksRequests { get; private set; }

    public static async Task<TestAuthorizationServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestAuthorizationServer? server = null;
        app.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/.well-known/oauth-authorization-server":
                    await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["issuer"] = server!.Issuer, ["jwks_uri"] = server.Issuer + "/jwks.json" }, context.RequestAborted);
                    break;
                case "/jwks.json":
                    server!.JwksRequests++;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(server.Tokens.Jwks(), context.RequestAborted);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        server = new TestAuthorizationServer(app, new TestTokens(app.Urls.First()));
        return server;
    }

    /// <summary>Replaces the keys, as an authorization server rotating them does.</summary>
    public TestTokens RotateKeys()
    {
        var old = Tokens;
        Tokens = new TestTokens(Issuer);
        return old;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        Tokens.Dispose();
    }
}
