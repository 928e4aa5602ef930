using McpContext.Server.Http;

namespace McpContext.Server.Tests;

public sealed class HttpServerSettingsTests
{
    private static HttpServerSettings Valid(string root) => new() { Projects = [new HttpProject(null, root)] };

    [Fact]
    public void The_defaults_are_loopback_on_7300_with_no_problems()
    {
        using var project = new TempProject();
        var settings = Valid(project.Root);

        Assert.Equal(["http://127.0.0.1:7300"], settings.Urls);
        Assert.True(settings.IsLoopbackOnly);
        Assert.False(settings.Stateless);
        Assert.Empty(settings.Problems());
    }

    [Theory]
    [InlineData("http://localhost:7300", true)]
    [InlineData("http://127.0.0.2:7300", true)]
    [InlineData("http://[::1]:7300", true)]
    [InlineData("http://0.0.0.0:7300", false)]
    [InlineData("http://[::]:7300", false)]
    [InlineData("http://192.168.1.20:7300", false)]
    [InlineData("http://ctx.example.com:7300", false)]
    public void Only_loopback_addresses_may_be_served_without_authentication(string url, bool loopback)
    {
        using var project = new TempProject();
        var settings = Valid(project.Root) with { Urls = [url] };

        Assert.Equal(loopback, settings.IsLoopbackOnly);
        Assert.Equal(loopback ? [] : [$"--urls: '{url}' is not a loopback address; serving beyond this machine requires authentication: --token-env NAME or --oauth-issuer URL"], settings.Problems());
        Assert.Empty((settings with { BearerToken = "0123456789abcdef" }).Problems());
        var oauth = settings with { OAuth = new OAuthSettings { Issuer = "https://auth.example.com" } };
        Assert.Equal(loopback ? [] : ["--oauth-issuer: give --public-url, the URL clients reach this server at; the protected-resource metadata and the tokens' audience are built on it"], oauth.Problems());
        Assert.Empty((oauth with { PublicUrl = new Uri("https://ctx.example.com") }).Problems());
    }

    [Theory]
    [InlineData("127.0.0.1:7300", "--urls: '127.0.0.1:7300' is not an absolute http:// URL (for example http://127.0.0.1:7300)")]
    [InlineData("http://*:7300", "--urls: 'http://*:7300' is not an absolute http:// URL (for example http://127.0.0.1:7300)")]
    [InlineData("https://127.0.0.1:7300", "--urls: 'https://127.0.0.1:7300': HTTPS is not served directly; listen on http://127.0.0.1 and put a TLS proxy or tunnel in front (see docs/chatgpt.md)")]
    [InlineData("http://127.0.0.1:7300/mcp", "--urls: 'http://127.0.0.1:7300/mcp' has a path or query; give only scheme, host and port (the endpoints are /mcp)")]
    public void Urls_must_be_plain_http_addresses(string url, string problem)
    {
        using var project = new TempProject();

        Assert.Equal([problem], (Valid(project.Root) with { Urls = [url] }).Problems());
    }

    [Fact]
    public void Every_other_setting_is_checked_and_named_by_its_option()
    {
        using var project = new TempProject();
        var settings = new HttpServerSettings
        {
            Projects = [new HttpProject("Docs Site", project.Root), new HttpProject("edge", "/no/such/dir"), new HttpProject("edge", project.Root)],
            BearerToken = "short",
            OAuth = new OAuthSettings { Issuer = "http://auth.example.com", Jwks = "/no/such/jwks.json" },
            PublicUrl = new Uri("https://ctx.example.com/base"),
            AllowedOrigins = ["chatgpt.com", "https://chatgpt.com/"],
            MaxRequestBytes = 0,
            MaxSessions = 0,
            SessionIdleTimeout = TimeSpan.Zero,
        };

        Assert.Equal(
        [
            "--token-env: the token is 5 characters long; use at least 16 random characters (for example: openssl rand -hex 32)",
            "--oauth-issuer: 'http://auth.example.com' is not an https:// URL (http:// only on a loopback host)",
            "--oauth-jwks: '/no/such/jwks.json' is neither an https:// URL nor an existing file",
            "--public-url: 'https://ctx.example.com/base' is not a base URL (scheme://host[:port], no path)",
            "--allowed-origins: 'chatgpt.com' is not an origin (scheme://host[:port], for example https://chatgpt.com)",
            "--allowed-origins: 'https://chatgpt.com/' is not an origin (scheme://host[:port], for example https://chatgpt.com)",
            "--project: 'Docs Site' is not a valid name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64)",
            "--project edge: '/no/such/dir' does not exist",
            "--project: 'edge' is given 2 times",
            "--max-request-bytes: must be positive",
            "--max-sessions: must be positive",
            "--session-idle-minutes: must be positive",
        ], settings.Problems());
    }

    [Theory]
    [InlineData("https://abc.trycloudflare.com", false)]
    [InlineData("http://localhost:7300", true)]
    public void A_public_url_beyond_this_machine_requires_authentication_like_a_wide_address(string publicUrl, bool allowed)
    {
        using var project = new TempProject();
        var settings = Valid(project.Root) with { PublicUrl = new Uri(publicUrl) };

        Assert.Equal(allowed ? [] : [$"--public-url: '{publicUrl}/' reaches this server from beyond this machine (a tunnel or proxy), which requires authentication: --token-env NAME or --oauth-issuer URL"], settings.Problems());
        Assert.Empty((settings with { BearerToken = "0123456789abcdef" }).Problems());
    }

    [Fact]
    public void A_jwks_url_must_be_https_unless_on_loopback()
    {
        using var project = new TempProject();
        var settings = Valid(project.Root) with { OAuth = new OAuthSettings { Issuer = "https://auth.example.com", Jwks = "http://auth.example.com/jwks.json" } };

        Assert.Equal(["--oauth-jwks: 'http://auth.example.com/jwks.json' is not an https:// URL (http:// only on a loopback host)"], settings.Problems());
        Assert.Empty((settings with { OAuth = settings.OAuth! with { Jwks = "http://127.0.0.1:8080/jwks.json" } }).Problems());
    }

    [Fact]
    public void Building_a_server_with_problems_is_refused_listing_them()
    {
        using var project = new TempProject();

        var error = Assert.Throws<ArgumentException>(() => ContextHttpServer.Build(Valid(project.Root) with { Urls = ["http://0.0.0.0:7300"], MaxSessions = 0 }));

        Assert.StartsWith("--urls: 'http://0.0.0.0:7300' is not a loopback address; serving beyond this machine requires authentication: --token-env NAME or --oauth-issuer URL; --max-sessions: must be positive", error.Message, StringComparison.Ordinal);
    }
}
