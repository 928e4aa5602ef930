using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace McpContext.Server.Http.Auth;

/// <summary>The outcome of checking an access token.</summary>
/// <param name="Subject">Who the token speaks for (<c>sub</c>, else <c>client_id</c>), when it is valid.</param>
/// <param name="Error">Why it is not valid, in words a person can act on.</param>
/// <param name="UnknownKey">The token names a key the set lacks: the authorization server may have rotated its keys.</param>
internal sealed record JwtResult(string? Subject, string? Error, bool UnknownKey = false)
{
    public static JwtResult Invalid(string error, bool unknownKey = false) => new(null, error, unknownKey);
}

/// <summary>
/// Checks a JWT access token (RFC 9068) as an OAuth 2.1 resource server must: an RS256 or ES256 signature by
/// one of the authorization server's keys, then <c>iss</c>, <c>aud</c> (this resource, RFC 8707), <c>exp</c>
/// and <c>nbf</c>. Nothing is trusted before the signature verifies.
/// </summary>
internal static class JwtValidator
{
    /// <summary>How far apart this machine's clock and the authorization server's may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private static readonly string[] AccessTokenTypes = ["JWT", "at+jwt", "application/at+jwt"];

    public static JwtResult Validate(string token, JsonWebKeySet keys, string issuer, string audience, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keys);
        var parts = token.Split('.');
        if (parts.Length == 5)
        {
            return JwtResult.Invalid("encrypted tokens (JWE) are not accepted");
        }

        if (parts.Length != 3)
        {
            return JwtResult.Invalid("the token is not a JWT (header.payload.signature)");
        }

        using var header = DecodeObject(parts[0]);
        if (header is null)
        {
            return JwtResult.Invalid("the JWT header is not a base64url-encoded JSON object");
        }

        var alg = Text(header.RootElement, "alg");
        if (alg is null or "none")
        {
            return JwtResult.Invalid("the token is unsigned (alg 'none' or missing); it must be signed with RS256 or ES256");
        }

        if (alg is not ("RS256" or "ES256"))
        {
            return JwtResult.Invalid($"alg '{alg}' is not accepted; RS256 and ES256 are");
        }

        if (header.RootElement.TryGetProperty("crit", out _))
        {
            return JwtResult.Invalid("the token has critical header parameters (crit) this server does not understand");
        }

        if (Text(header.RootElement, "typ") is { } typ && !AccessTokenTypes.Contains(typ, StringComparer.OrdinalIgnoreCase))
        {
            return JwtResult.Invalid($"typ '{typ}' is not an access token type (JWT or at+jwt)");
        }

        var kid = Text(header.RootElement, "kid");
        var candidates = keys.Keys.Where(k => k.Algorithm == alg && (kid is null || k.Kid == kid)).ToList();
        if (candidates.Count == 0)
        {
            return kid is not null && keys.Keys.All(k => k.Kid != kid)
                ? JwtResult.Invalid($"no signing key with kid '{kid}' in the authorization server's key set", unknownKey: true)
                : JwtResult.Invalid($"no {alg} signing key{(kid is null ? "" : $" with kid '{kid}'")} in the authorization server's key set");
        }

        var signature = Decode(parts[2]);
        var signed = Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
        if (signature is null || !candidates.Any(k => k.Verify(signed, signature)))
        {
            return JwtResult.Invalid("the signature does not verify with the authorization server's keys");
        }

        using var payload = DecodeObject(parts[1]);
        if (payload is null)
        {
            return JwtResult.Invalid("the JWT payload is not a base64url-encoded JSON object");
        }

        return CheckClaims(payload.RootElement, issuer, audience, now);
    }

    private static JwtResult CheckClaims(JsonElement claims, string issuer, string audience, DateTimeOffset now)
    {
        var iss = Text(claims, "iss");
        if (iss != issuer)
        {
            return JwtResult.Invalid(iss is null ? "the token has no iss" : $"iss '{iss}' is not this server's authorization server '{issuer}'");
        }

        var audiences = claims.TryGetProperty("aud", out var aud) ? aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList(),
            _ => [],
        } : [];
        if (!audiences.Contains(audience, StringComparer.Ordinal))
        {
            return JwtResult.Invalid(audiences.Count == 0
                ? $"the token has no aud; it must name '{audience}' (RFC 8707)"
                : $"aud does not include '{audience}' (RFC 8707); the token is for {string.Join(", ", audiences.Select(a => $"'{a}'"))}");
        }

        if (Time(claims, "exp") is not { } expires)
        {
            return JwtResult.Invalid("the token has no exp (expiry)");
        }

        if (now - ClockSkew >= expires)
        {
            return JwtResult.Invalid($"the token expired at {expires.ToString("u", CultureInfo.InvariantCulture)}");
        }

        if (Time(claims, "nbf") is { } notBefore && now + ClockSkew < notBefore)
        {
            return JwtResult.Invalid($"the token is not valid before {notBefore.ToString("u", CultureInfo.InvariantCulture)}");
        }

        var subject = Text(claims, "sub") ?? Text(claims, "client_id");
        return subject is { Length: > 0 } ? new JwtResult(subject, null) : JwtResult.Invalid("the token has neither sub nor client_id");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name)
    {
        // NumericDate: seconds since the epoch, possibly fractional (RFC 7519 section 2).
        const double Max = 253402300799; // 9999-12-31T23:59:59Z
        return element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is >= 0 and <= Max
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;
    }

    private static byte[]? Decode(string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonDocument? DecodeObject(string part)
    {
        if (Decode(part) is not { } bytes)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
