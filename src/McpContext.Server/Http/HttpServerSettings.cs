using System.Net;
using System.Text.RegularExpressions;
using McpContext.Server.Hosting;

namespace McpContext.Server.Http;

/// <summary>One project served over HTTP.</summary>
/// <param name="Name">The name in its endpoint <c>/p/{name}/mcp</c>; null for the single project at <c>/mcp</c>.</param>
/// <param name="Root">The project directory (or its context file).</param>
public sealed record HttpProject(string? Name, string Root)
{
    /// <summary>The endpoint's path.</summary>
    public string Path => Name is null ? "/mcp" : $"/p/{Name}/mcp";
}

/// <summary>OAuth 2.1 resource-server mode: which authorization server issues the access tokens this server accepts.</summary>
public sealed record OAuthSettings
{
    /// <summary>The authorization server's issuer identifier; a token's <c>iss</c> must equal it.</summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// Where the signing keys are: a JWKS URL or a JWKS file. Null: the <c>jwks_uri</c> of the issuer's metadata
    /// (RFC 8414 <c>oauth-authorization-server</c>, then OpenID <c>openid-configuration</c>).
    /// </summary>
    public string? Jwks { get; init; }

    /// <summary>
    /// The <c>aud</c> value access tokens must carry. Null: the endpoint's own URI, as RFC 8707 resource
    /// indicators make it (and then a token for one project's endpoint is refused by another's).
    /// </summary>
    public string? Audience { get; init; }
}

/// <summary>
/// How <c>mcpctx serve --http</c> listens and whom it lets in. The defaults are the safe ones: loopback only,
/// Host and Origin checked, stateful sessions pruned when idle, 1 MiB bodies.
/// </summary>
public sealed partial record HttpServerSettings
{
    /// <summary>The address served when no <see cref="Urls"/> are given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7300";

    /// <summary>The projects, each at its own endpoint.</summary>
    public required IReadOnlyList<HttpProject> Projects { get; init; }

    /// <summary>What every project's server offers: toolsets, read-only mode, log level (its root is set per project).</summary>
    public ServerSettings Server { get; init; } = new();

    /// <summary>The http:// addresses to listen on.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Answer each POST on its own, without sessions, GET streams or notifications.</summary>
    public bool Stateless { get; init; }

    /// <summary>Host names accepted besides the loopback names, the listening hosts and <see cref="PublicUrl"/>'s host.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Origins (<c>scheme://host[:port]</c>) accepted besides those whose host is an accepted host.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The bearer token every request must carry (when set). Never logged.</summary>
    public string? BearerToken { get; init; }

    /// <summary>OAuth resource-server mode (when set): JWT access tokens from this authorization server.</summary>
    public OAuthSettings? OAuth { get; init; }

    /// <summary>The base URL clients reach this server at (a tunnel, a proxy); default: the first listening address.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>The largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>A session with no request for this long is ended.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The most sessions kept per endpoint; beyond it the longest idle one is ended, and if none is idle the new one is refused.</summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>The clock for session idleness and token lifetimes.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The shortest bearer token accepted.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Whether requests must authenticate.</summary>
    public bool RequiresAuthentication => BearerToken is not null || OAuth is not null;

    /// <summary>Whether every listening address is a loopback one (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>).</summary>
    public bool IsLoopbackOnly => Urls.All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host));

    /// <summary>What is wrong with these settings, each naming the command-line option; empty when they can be served.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Urls.Count == 0)
        {
            problems.Add("--urls: give at least one address, for example " + DefaultUrl);
        }

        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"--urls: '{url}' is not an absolute http:// URL (for example {DefaultUrl})");
            }
            else if (uri.Scheme == Uri.UriSchemeHttps)
            {
                problems.Add($"--urls: '{url}': HTTPS is not served directly; listen on http://127.0.0.1 and put a TLS proxy or tunnel in front (see docs/chatgpt.md)");
            }
            else if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                problems.Add($"--urls: '{url}' has a path or query; give only scheme, host and port (the endpoints are {string.Join(", ", Projects.Select(p => p.Path))})");
            }
            else if (!IsLoopbackHost(uri.Host) && !RequiresAuthentication)
            {
                problems.Add($"--urls: '{url}' is not a loopback address; serving beyond this machine requires authentication: --token-env NAME or --oauth-issuer URL");
            }
        }

        if (BearerToken is { Length: < MinTokenLength } token)
        {
            problems.Add($"--token-env: the token is {token.Length} characters long; use at least {MinTokenLength} random characters (for example: openssl rand -hex 32)");
        }

        if (OAuth is { } oauth)
        {
            if (!IsSecureOrLoopback(oauth.Issuer))
            {
                problems.Add($"--oauth-issuer: '{oauth.Issuer}' is not an https:// URL (http:// only on a loopback host)");
            }

            if (PublicUrl is null && !IsLoopbackOnly)
            {
                problems.Add("--oauth-issuer: give --public-url, the URL clients reach this server at; the protected-resource metadata and the tokens' audience are built on it");
            }

            if (oauth.Jwks is { } jwks)
            {
                if (IsHttpUrl(jwks))
                {
                    if (!IsSecureOrLoopback(jwks))
                    {
                        problems.Add($"--oauth-jwks: '{jwks}' is not an https:// URL (http:// only on a loopback host)");
                    }
                }
                else if (!File.Exists(jwks))
                {
                    problems.Add($"--oauth-jwks: '{jwks}' is neither an https:// URL nor an existing file");
                }
            }
        }

        if (PublicUrl is { IsAbsoluteUri: true } reachable && !IsLoopbackHost(reachable.Host) && !RequiresAuthentication)
        {
            problems.Add($"--public-url: '{reachable}' reaches this server from beyond this machine (a tunnel or proxy), which requires authentication: --token-env NAME or --oauth-issuer URL");
        }

        if (PublicUrl is { } publicUrl && (!publicUrl.IsAbsoluteUri || (publicUrl.Scheme != Uri.UriSchemeHttp && publicUrl.Scheme != Uri.UriSchemeHttps) || publicUrl.AbsolutePath != "/" || publicUrl.Query.Length > 0))
        {
            problems.Add($"--public-url: '{publicUrl}' is not a base URL (scheme://host[:port], no path)");
        }

        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                problems.Add($"--allowed-origins: '{origin}' is not an origin (scheme://host[:port], for example https://chatgpt.com)");
            }
        }

        if (Projects.Count == 0)
        {
            problems.Add("--project: no project to serve");
        }

        foreach (var project in Projects)
        {
            if (project.Name is { } name && !ProjectName().IsMatch(name))
            {
                problems.Add($"--project: '{name}' is not a valid name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64)");
            }

            if (!Directory.Exists(project.Root) && !File.Exists(project.Root))
            {
                problems.Add(project.Name is null ? $"--root '{project.Root}' does not exist" : $"--project {project.Name}: '{project.Root}' does not exist");
            }
        }

        foreach (var twice in Projects.GroupBy(p => p.Path, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"--project: '{twice.First().Name}' is given {twice.Count()} times");
        }

        if (MaxRequestBytes <= 0)
        {
            problems.Add("--max-request-bytes: must be positive");
        }

        if (MaxSessions <= 0)
        {
            problems.Add("--max-sessions: must be positive");
        }

        if (SessionIdleTimeout <= TimeSpan.Zero)
        {
            problems.Add("--session-idle-minutes: must be positive");
        }

        return problems;
    }

    /// <summary>Whether <paramref name="host"/> (a URL's host) names this machine only.</summary>
    public static bool IsLoopbackHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Whether <paramref name="text"/> is an absolute http:// or https:// URL.</summary>
    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsSecureOrLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopbackHost(uri.Host)));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ProjectName();
}
