using Microsoft.AspNetCore.Http;

namespace McpContext.Server.Http;

/// <summary>
/// DNS-rebinding protection, a MUST of the Streamable HTTP transport: a web page whose name an attacker points
/// at 127.0.0.1 reaches this server with its own name in <c>Host</c> and <c>Origin</c>, so both are checked
/// against the names this server is actually reached by.
/// </summary>
internal sealed class RequestGuard
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    // Wildcard listening hosts say where to listen, not what clients call the server.
    private static readonly string[] Wildcards = ["0.0.0.0", "[::]"];

    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _hostsInOrder = [];
    private readonly HashSet<string> _origins = new(StringComparer.OrdinalIgnoreCase);

    public RequestGuard(HttpServerSettings settings)
    {
        foreach (var name in LoopbackNames)
        {
            Accept(name);
        }

        foreach (var url in settings.Urls)
        {
            var host = new Uri(url).Host;
            if (!Wildcards.Contains(host))
            {
                Accept(host);
            }
        }

        if (settings.PublicUrl is { } publicUrl)
        {
            Accept(publicUrl.Host);
            _origins.Add(publicUrl.GetLeftPart(UriPartial.Authority));
        }

        foreach (var name in settings.AllowedHosts)
        {
            Accept(name);
        }

        _origins.UnionWith(settings.AllowedOrigins);
    }

    /// <summary>Why <paramref name="request"/> is refused (403), or null when its Host and Origin are accepted.</summary>
    public string? Refusal(HttpRequest request)
    {
        var host = request.Host;
        if (!host.HasValue)
        {
            return "Forbidden: the request has no Host header";
        }

        if (!_hosts.Contains(host.Host))
        {
            return $"Forbidden: Host '{host.Host}' is not one this server answers to (DNS-rebinding protection); accepted: {string.Join(", ", _hostsInOrder)}. Add a name with --allowed-hosts";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || _origins.Contains(origin))
        {
            return null;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && _hosts.Contains(HostOf(uri))
            ? null
            : $"Forbidden: Origin '{origin}' is not allowed (DNS-rebinding protection). Add it with --allowed-origins";
    }

    private void Accept(string host)
    {
        if (_hosts.Add(host))
        {
            _hostsInOrder.Add(host);
        }
    }

    private static string HostOf(Uri uri) => uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost.Trim('[', ']')}]" : uri.IdnHost;
}
