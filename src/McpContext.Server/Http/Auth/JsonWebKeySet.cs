using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace McpContext.Server.Http.Auth;

/// <summary>A public signing key from a JWKS (RFC 7517): RSA (RS256) or EC P-256 (ES256).</summary>
internal sealed class JsonWebKey
{
    private readonly RSAParameters? _rsa;
    private readonly ECParameters? _ec;

    private JsonWebKey(string? kid, string algorithm, RSAParameters? rsa, ECParameters? ec)
    {
        Kid = kid;
        Algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
    }

    /// <summary>The key id (<c>kid</c>), if the set gives one.</summary>
    public string? Kid { get; }

    /// <summary>The JWS algorithm this key verifies: RS256 or ES256.</summary>
    public string Algorithm { get; }

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        // A key object per check: cheap next to the signature check, and never shared between threads.
        if (_rsa is { } rsa)
        {
            using var key = RSA.Create(rsa);
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var ec = ECDsa.Create(_ec!.Value);
        return signature.Length == 64 && ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Reads one key; null with <paramref name="problem"/> when it cannot verify RS256 or ES256 signatures.</summary>
    public static JsonWebKey? TryRead(JsonElement key, out string? problem)
    {
        string? Text(string name) => key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        byte[]? Bytes(string name)
        {
            try
            {
                return Text(name) is { } text ? Base64Url.DecodeFromChars(text) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        problem = null;
        if (key.ValueKind != JsonValueKind.Object)
        {
            problem = "not a JSON object";
            return null;
        }

        var kid = Text("kid");
        if (Text("use") is { } use && use != "sig")
        {
            problem = $"use '{use}' is not 'sig'";
            return null;
        }

        var alg = Text("alg");
        switch (Text("kty"))
        {
            case "RSA":
                var n = Bytes("n");
                var e = Bytes("e");
                if (n is null || e is null)
                {
                    problem = "an RSA key needs base64url n and e";
                    return null;
                }

                n = [.. n.SkipWhile(b => b == 0)];
                if (n.Length * 8 < 2048)
                {
                    problem = $"an RSA key of {n.Length * 8} bits is too weak (at least 2048)";
                    return null;
                }

                if (alg is not (null or "RS256"))
                {
                    problem = $"alg '{alg}' is not supported (RS256 and ES256 are)";
                    return null;
                }

                return new JsonWebKey(kid, "RS256", new RSAParameters { Modulus = n, Exponent = e }, null);

            case "EC":
                var x = Bytes("x");
                var y = Bytes("y");
                if (Text("crv") != "P-256" || x is not { Length: 32 } || y is not { Length: 32 })
                {
                    problem = "an EC key must be P-256 with 32-byte base64url x and y";
                    return null;
                }

                if (alg is not (null or "ES256"))
                {
                    problem = $"alg '{alg}' is not supported (RS256 and ES256 are)";
                    return null;
                }

                var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
                try
                {
                    parameters.Validate();
                    using var probe = ECDsa.Create(parameters);
                }
                catch (CryptographicException)
                {
                    problem = "the EC point is not on P-256";
                    return null;
                }

                return new JsonWebKey(kid, "ES256", null, parameters);

            case { } kty:
                problem = $"kty '{kty}' is not supported (RSA and EC are)";
                return null;

            default:
                problem = "kty is missing";
                return null;
        }
    }
}

/// <summary>The verification keys an authorization server publishes (a JWKS document).</summary>
/// <param name="Keys">The keys that can verify RS256 or ES256 signatures.</param>
/// <param name="Skipped">Why each other key in the document was left out.</param>
internal sealed record JsonWebKeySet(IReadOnlyList<JsonWebKey> Keys, IReadOnlyList<string> Skipped)
{
    /// <summary>Reads a JWKS document; null with <paramref name="error"/> when it is not one.</summary>
    public static JsonWebKeySet? TryParse(string json, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                error = "not a JWKS: expected an object with a \"keys\" array";
                return null;
            }

            var usable = new List<JsonWebKey>();
            var skipped = new List<string>();
            var index = 0;
            foreach (var element in keys.EnumerateArray())
            {
                if (JsonWebKey.TryRead(element, out var problem) is { } key)
                {
                    usable.Add(key);
                }
                else
                {
                    skipped.Add($"keys[{index}]: {problem}");
                }

                index++;
            }

            error = null;
            return new JsonWebKeySet(usable, skipped);
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return null;
        }
    }
}
