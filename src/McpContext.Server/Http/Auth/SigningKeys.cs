using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace McpContext.Server.Http.Auth;

/// <summary>
/// The authorization server's signing keys: from a JWKS file, a JWKS URL, or the <c>jwks_uri</c> its metadata
/// names. Fetched on first use, kept for an hour, and fetched again early when a token names a key the set
/// lacks (key rotation), at most every <see cref="MinRefreshInterval"/>.
/// </summary>
internal sealed partial class SigningKeys : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly OAuthSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<SigningKeys> _logger;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private JsonWebKeySet? _keys;
    private DateTimeOffset _fetched;
    private string? _jwksUri;

    public SigningKeys(OAuthSettings settings, TimeProvider clock, ILogger<SigningKeys> logger)
    {
        _settings = settings;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The current keys; <paramref name="refresh"/> asks for a new fetch (rate-limited). Null with an error when none can be had.</summary>
    public async Task<(JsonWebKeySet? Keys, string? Error)> GetAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (Fresh(refresh) is { } cached)
        {
            return (cached, null);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(refresh) is { } fetchedMeanwhile)
            {
                return (fetchedMeanwhile, null);
            }

            var (keys, error) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            if (keys is null)
            {
                LogFetchFailed(error!);
                return _keys is null ? (null, error) : (_keys, null);
            }

            foreach (var skipped in keys.Skipped)
            {
                LogKeySkipped(skipped);
            }

            _keys = keys;
            _fetched = _clock.GetUtcNow();
            return (keys, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private JsonWebKeySet? Fresh(bool refresh)
    {
        var age = _clock.GetUtcNow() - _fetched;
        return _keys is not null && age < (refresh ? MinRefreshInterval : MaxAge) ? _keys : null;
    }

    private async Task<(JsonWebKeySet? Keys, string? Error)> FetchAsync(CancellationToken cancellationToken)
    {
        string json;
        string source;
        if (_settings.Jwks is { } jwks && !HttpServerSettings.IsHttpUrl(jwks))
        {
            source = jwks;
            try
            {
                json = await File.ReadAllTextAsync(jwks, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return (null, $"the key set file '{jwks}' cannot be read: {e.Message}");
            }
        }
        else
        {
            var uri = _settings.Jwks ?? _jwksUri;
            if (uri is null)
            {
                var (discovered, error) = await DiscoverJwksUriAsync(cancellationToken).ConfigureAwait(false);
                if (discovered is null)
                {
                    return (null, error);
                }

                uri = _jwksUri = discovered;
            }

            source = uri;
            var (body, fetchError) = await GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return (null, fetchError);
            }

            json = body;
        }

        var keys = JsonWebKeySet.TryParse(json, out var parseError);
        return keys is null ? (null, $"the key set at '{source}' is {parseError}") : (keys, null);
    }

    /// <summary>The issuer's <c>jwks_uri</c>, from its RFC 8414 metadata, else its OpenID configuration.</summary>
    private async Task<(string? Uri, string? Error)> DiscoverJwksUriAsync(CancellationToken cancellationToken)
    {
        var issuer = new Uri(_settings.Issuer);
        var path = issuer.AbsolutePath.TrimEnd('/');
        string[] candidates =
        [
            // RFC 8414 section 3.1 puts the well-known segment between the host and the issuer's path.
            $"{issuer.GetLeftPart(UriPartial.Authority)}/.well-known/oauth-authorization-server{path}",
            $"{_settings.Issuer.TrimEnd('/')}/.well-known/openid-configuration",
        ];
        var problems = new List<string>();
        foreach (var candidate in candidates)
        {
            var (body, error) = await GetAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                problems.Add(error!);
                continue;
            }

            try
            {
                using var metadata = JsonDocument.Parse(body);
                var root = metadata.RootElement;
                var issuerClaim = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("issuer", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                if (issuerClaim != _settings.Issuer)
                {
                    problems.Add($"{candidate} names issuer '{issuerClaim}', not '{_settings.Issuer}'");
                    continue;
                }

                if (!root.TryGetProperty("jwks_uri", out var jwks) || jwks.ValueKind != JsonValueKind.String || !IsAcceptable(jwks.GetString()!))
                {
                    problems.Add($"{candidate} has no https jwks_uri");
                    continue;
                }

                return (jwks.GetString(), null);
            }
            catch (JsonException e)
            {
                problems.Add($"{candidate} is not JSON: {e.Message}");
            }
        }

        return (null, $"the authorization server's keys cannot be found: {string.Join("; ", problems)}");
    }

    private async Task<(string? Body, string? Error)> GetAsync(string uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), null)
                : (null, $"{uri} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, $"{uri} cannot be reached: {e.Message}");
        }
    }

    private static bool IsAcceptable(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && HttpServerSettings.IsLoopbackHost(u.Host)));

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "fetching the authorization server's keys failed: {Error}")]
    private partial void LogFetchFailed(string error);

    [LoggerMessage(LogLevel.Warning, "a key in the authorization server's key set is not used: {Problem}")]
    private partial void LogKeySkipped(string problem);
}
