using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpContext.Server.Http.Auth;

namespace McpContext.Server.Tests;

/// <summary>The JWT access-token check and the JWKS reader, with keys and tokens the test makes.</summary>
public sealed class JwtValidatorTests(JwtValidatorTests.Keys keys) : IClassFixture<JwtValidatorTests.Keys>
{
    private const string Issuer = "https://auth.example.com";
    private const string Resource = "https://ctx.example.com/mcp";

    private readonly TestTokens _tokens = keys.Tokens;
    private readonly JsonWebKeySet _keys = keys.Set;

    /// <summary>One pair of keys for the whole class: making an RSA key takes a while.</summary>
    public sealed class Keys : IDisposable
    {
        public Keys()
        {
            Set = JsonWebKeySet.TryParse(Tokens.Jwks(), out var error) ?? throw new InvalidOperationException(error);
        }

        internal TestTokens Tokens { get; } = new(Issuer);

        internal JsonWebKeySet Set { get; }

        public void Dispose() => Tokens.Dispose();
    }

    private JwtResult Validate(string token, DateTimeOffset? now = null) => JwtValidator.Validate(token, _keys, Issuer, Resource, now ?? DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public void A_signed_token_for_this_resource_gives_its_subject(string alg)
    {
        var result = Validate(_tokens.Create(Resource, subject: "user-42", alg: alg));

        Assert.Equal(new JwtResult("user-42", null), result);
    }

    [Fact]
    public void An_audience_list_containing_this_resource_and_a_client_id_without_sub_are_accepted()
    {
        var result = Validate(_tokens.Create(Resource, claims: c =>
        {
            c["aud"] = new JsonArray("https://other.example.com", Resource);
            c.Remove("sub");
            c["client_id"] = "chatgpt";
        }));

        Assert.Equal("chatgpt", result.Subject);
    }

    [Fact]
    public void Expiry_and_not_before_allow_a_minute_of_clock_skew()
    {
        var now = DateTimeOffset.UtcNow;
        var token = _tokens.Create(Resource, claims: c =>
        {
            c["exp"] = now.ToUnixTimeSeconds();
            c["nbf"] = now.ToUnixTimeSeconds();
        });

        Assert.NotNull(Validate(token, now.AddSeconds(59)).Subject);
        Assert.NotNull(Validate(token, now.AddSeconds(-59)).Subject);
        Assert.StartsWith("the token expired at ", Validate(token, now.AddSeconds(61)).Error, StringComparison.Ordinal);
        Assert.StartsWith("the token is not valid before ", Validate(token, now.AddSeconds(-61)).Error, StringComparison.Ordinal);
    }

    public static TheoryData<Action<JsonObject>, string> WrongClaims => new()
    {
        { c => c.Remove("iss"), "the token has no iss" },
        { c => c["iss"] = "https://auth.example.com/", "iss 'https://auth.example.com/' is not this server's authorization server 'https://auth.example.com'" },
        { c => c.Remove("aud"), "the token has no aud; it must name 'https://ctx.example.com/mcp' (RFC 8707)" },
        { c => c["aud"] = new JsonArray("https://ctx.example.com/p/other/mcp", "api"), "aud does not include 'https://ctx.example.com/mcp' (RFC 8707); the token is for 'https://ctx.example.com/p/other/mcp', 'api'" },
        { c => c.Remove("exp"), "the token has no exp (expiry)" },
        { c => c["exp"] = "tomorrow", "the token has no exp (expiry)" },
        { c => c["exp"] = 1_700_000_000, "the token expired at 2023-11-14 22:13:20Z" },
        { c => c["nbf"] = 4_102_444_800, "the token is not valid before 2100-01-01 00:00:00Z" },
        { c => c.Remove("sub"), "the token has neither sub nor client_id" },
    };

    [Theory]
    [MemberData(nameof(WrongClaims))]
    public void Wrong_claims_are_refused_naming_the_claim(Action<JsonObject> claims, string error)
    {
        Assert.Equal(JwtResult.Invalid(error), Validate(_tokens.Create(Resource, claims: claims)));
    }

    [Theory]
    [InlineData("""{"alg":"none"}""", "the token is unsigned (alg 'none' or missing); it must be signed with RS256 or ES256")]
    [InlineData("""{"typ":"JWT"}""", "the token is unsigned (alg 'none' or missing); it must be signed with RS256 or ES256")]
    [InlineData("""{"alg":"HS256"}""", "alg 'HS256' is not accepted; RS256 and ES256 are")]
    [InlineData("""{"alg":"RS256","crit":["exp"]}""", "the token has critical header parameters (crit) this server does not understand")]
    [InlineData("""{"alg":"RS256","typ":"dpop+jwt"}""", "typ 'dpop+jwt' is not an access token type (JWT or at+jwt)")]
    [InlineData("""{"alg":"RS256","kid":"gone"}""", "no signing key with kid 'gone' in the authorization server's key set")]
    [InlineData("[1]", "the JWT header is not a base64url-encoded JSON object")]
    public void Wrong_headers_are_refused_before_any_claim_is_read(string header, string error)
    {
        var token = _tokens.Sign(header, """{"iss":"https://auth.example.com"}""");

        Assert.Equal(error, Validate(token).Error);
    }

    [Fact]
    public void A_key_id_of_the_other_algorithm_finds_no_key()
    {
        var token = _tokens.Create(Resource, alg: "ES256", header: h => h["kid"] = _tokens.RsaKid);

        Assert.Equal(JwtResult.Invalid($"no ES256 signing key with kid '{_tokens.RsaKid}' in the authorization server's key set"), Validate(token));
    }

    [Fact]
    public void An_unknown_key_id_is_flagged_so_that_the_keys_are_fetched_again()
    {
        var result = Validate(_tokens.Create(Resource, header: h => h["kid"] = "rotated"));

        Assert.True(result.UnknownKey);
    }

    [Fact]
    public void A_token_without_a_key_id_is_checked_against_every_key_of_its_algorithm()
    {
        Assert.Equal("alice", Validate(_tokens.Create(Resource, alg: "ES256", header: h => h.Remove("kid"))).Subject);
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("signature")]
    public void A_changed_payload_or_signature_does_not_verify(string part)
    {
        var parts = _tokens.Create(Resource).Split('.');
        if (part == "payload")
        {
            parts[1] = TestTokens.B64(System.Text.Encoding.UTF8.GetBytes($$"""{"iss":"{{Issuer}}","aud":"{{Resource}}","sub":"admin","exp":4102444800}"""));
        }
        else
        {
            parts[2] = parts[2][..^4] + (parts[2].EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        }

        Assert.Equal("the signature does not verify with the authorization server's keys", Validate(string.Join('.', parts)).Error);
    }

    [Theory]
    [InlineData("abc", "the token is not a JWT (header.payload.signature)")]
    [InlineData("a.b", "the token is not a JWT (header.payload.signature)")]
    [InlineData("a.b.c.d.e", "encrypted tokens (JWE) are not accepted")]
    [InlineData("!!!.b.c", "the JWT header is not a base64url-encoded JSON object")]
    public void Malformed_tokens_are_refused(string token, string error)
    {
        Assert.Equal(error, Validate(token).Error);
    }

    [Fact]
    public void A_jwks_keeps_usable_keys_and_says_why_it_skips_the_others()
    {
        using var weak = RSA.Create(1024);
        var weakKey = weak.ExportParameters(false);
        var jwks = JsonNode.Parse(_tokens.Jwks())!;
        jwks["keys"]!.AsArray().Add(new JsonObject { ["kty"] = "oct", ["k"] = "c2VjcmV0" });
        jwks["keys"]!.AsArray().Add(new JsonObject { ["kty"] = "RSA", ["kid"] = "weak", ["n"] = TestTokens.B64(weakKey.Modulus!), ["e"] = TestTokens.B64(weakKey.Exponent!) });
        jwks["keys"]!.AsArray().Add(new JsonObject { ["kty"] = "RSA", ["use"] = "enc", ["n"] = "AQAB", ["e"] = "AQAB" });
        jwks["keys"]!.AsArray().Add(new JsonObject { ["kty"] = "EC", ["crv"] = "P-384", ["x"] = "AA", ["y"] = "AA" });
        jwks["keys"]!.AsArray().Add(new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = TestTokens.B64(new byte[32]), ["y"] = TestTokens.B64(new byte[32]) });
        jwks["keys"]!.AsArray().Add(new JsonObject { ["kty"] = "RSA", ["alg"] = "PS256", ["n"] = jwks["keys"]![0]!["n"]!.DeepClone(), ["e"] = "AQAB" });

        var set = JsonWebKeySet.TryParse(jwks.ToJsonString(), out var error);

        Assert.Null(error);
        Assert.Equal([_tokens.RsaKid, _tokens.EcKid], set!.Keys.Select(k => k.Kid));
        Assert.Equal(
        [
            "keys[2]: kty 'oct' is not supported (RSA and EC are)",
            "keys[3]: an RSA key of 1024 bits is too weak (at least 2048)",
            "keys[4]: use 'enc' is not 'sig'",
            "keys[5]: an EC key must be P-256 with 32-byte base64url x and y",
            "keys[6]: the EC point is not on P-256",
            "keys[7]: alg 'PS256' is not supported (RS256 and ES256 are)",
        ], set.Skipped);
    }

    [Theory]
    [InlineData("{", "not JSON: ")]
    [InlineData("""{"kids":[]}""", "not a JWKS: expected an object with a \"keys\" array")]
    [InlineData("[]", "not a JWKS: expected an object with a \"keys\" array")]
    public void A_document_that_is_not_a_jwks_is_refused(string json, string error)
    {
        Assert.Null(JsonWebKeySet.TryParse(json, out var actual));
        Assert.StartsWith(error, actual, StringComparison.Ordinal);
    }
}
