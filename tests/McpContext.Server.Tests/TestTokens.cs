using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tests;

/// <summary>Signing keys the tests own, their JWKS, and JWT access tokens signed with them.</summary>
internal sealed class TestTokens : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestTokens(string issuer)
    {
        Issuer = issuer;
    }

    public string Issuer { get; }

    public string RsaKid { get; } = "rsa-" + Guid.NewGuid().ToString("N")[..8];

    public string EcKid { get; } = "ec-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The public keys as a JWKS document.</summary>
    public string Jwks()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject { ["kty"] = "RSA", ["kid"] = RsaKid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(rsa.Modulus!), ["e"] = B64(rsa.Exponent!) },
                new JsonObject { ["kty"] = "EC", ["kid"] = EcKid, ["crv"] = "P-256", ["x"] = B64(ec.Q.X!), ["y"] = B64(ec.Q.Y!) }),
        }.ToJsonString();
    }

    /// <summary>A token for <paramref name="audience"/> and <paramref name="subject"/>, valid for an hour unless <paramref name="claims"/> say otherwise.</summary>
    public string Create(string audience, string subject = "alice", string alg = "RS256", Action<JsonObject>? claims = null, Action<JsonObject>? header = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject { ["iss"] = Issuer, ["aud"] = audience, ["sub"] = subject, ["iat"] = now, ["exp"] = now + 3600 };
        claims?.Invoke(payload);
        var head = new JsonObject { ["alg"] = alg, ["typ"] = "at+jwt", ["kid"] = alg == "ES256" ? EcKid : RsaKid };
        header?.Invoke(head);
        return Sign(head.ToJsonString(), payload.ToJsonString(), alg);
    }

    /// <summary>Signs any header and payload text, however wrong, with the key for <paramref name="alg"/>.</summary>
    public string Sign(string header, string payload, string alg = "RS256")
    {
        var input = $"{B64(Encoding.UTF8.GetBytes(header))}.{B64(Encoding.UTF8.GetBytes(payload))}";
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg == "ES256"
            ? _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{B64(signature)}";
    }

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }
}
