using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace McpContext.Server.Http.Auth;

/// <summary>Who sent a request, or why it is refused with 401 (and the RFC 6750 error code for WWW-Authenticate).</summary>
internal readonly record struct AuthResult(string? Identity, string? Message, string? ErrorCode, int Status = StatusCodes.Status401Unauthorized)
{
    /// <summary>Requests to a server without authentication all come from this one identity.</summary>
    public const string Anonymous = "anonymous";

    public static AuthResult Refused(string message, string? errorCode = "invalid_token") => new(null, $"Unauthorized: {message}", errorCode);
}

/// <summary>
/// Bearer authentication: the configured static token (compared in constant time) and, in OAuth
/// resource-server mode, JWT access tokens for this endpoint. A token value is never logged or echoed.
/// </summary>
internal sealed class BearerAuthenticator : IDisposable
{
    private readonly byte[]? _tokenHash;
    private readonly SigningKeys? _keys;
    private readonly OAuthSettings? _oauth;
    private readonly TimeProvider _clock;

    public BearerAuthenticator(HttpServerSettings settings, SigningKeys? keys)
    {
        // Comparing hashes keeps the comparison's time independent of the token's length too.
        _tokenHash = settings.BearerToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;
        _oauth = settings.OAuth;
        _keys = keys;
        _clock = settings.TimeProvider;
    }

    public bool IsRequired => _tokenHash is not null || _oauth is not null;

    /// <summary>Authenticates <paramref name="request"/> for the endpoint whose canonical URI is <paramref name="resource"/>.</summary>
    public async Task<AuthResult> AuthenticateAsync(HttpRequest request, string resource, CancellationToken cancellationToken)
    {
        if (!IsRequired)
        {
            return new AuthResult(AuthResult.Anonymous, null, null);
        }

        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthResult.Refused("this server requires a bearer token (Authorization: Bearer <token>)", errorCode: null);
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return AuthResult.Refused("the Authorization header must be 'Bearer <token>'", "invalid_request");
        }

        var token = header["Bearer ".Length..].Trim();
        if (_tokenHash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _tokenHash))
        {
            return new AuthResult("token", null, null);
        }

        if (_oauth is null || _keys is null || token.Count(c => c == '.') != 2)
        {
            return AuthResult.Refused("the bearer token is not valid");
        }

        var (keys, error) = await _keys.GetAsync(refresh: false, cancellationToken).ConfigureAwait(false);
        if (keys is null)
        {
            return new AuthResult(null, $"Service Unavailable: {error}", null, StatusCodes.Status503ServiceUnavailable);
        }

        var audience = _oauth.Audience ?? resource;
        var result = JwtValidator.Validate(token, keys, _oauth.Issuer, audience, _clock.GetUtcNow());
        if (result.UnknownKey && (await _keys.GetAsync(refresh: true, cancellationToken).ConfigureAwait(false)).Keys is { } refreshed && !ReferenceEquals(refreshed, keys))
        {
            result = JwtValidator.Validate(token, refreshed, _oauth.Issuer, audience, _clock.GetUtcNow());
        }

        // One identity per issuer and subject: a session started with one user's token refuses another's.
        return result.Subject is { } subject ? new AuthResult($"jwt {_oauth.Issuer} {subject}", null, null) : AuthResult.Refused(result.Error!);
    }

    public void Dispose() => _keys?.Dispose();
}
