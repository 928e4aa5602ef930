using System.Text;
using McpContext.Core.Context;

namespace McpContext.Core.Tests.Context;

/// <summary>One fake secret: the text a value holds, the part of it that must never be echoed, and its kind.</summary>
internal sealed record FakeSecret(SecretKind Kind, string Text, string Secret);

/// <summary>
/// Real-looking fake secrets and near-misses. The secrets are assembled at run time from a prefix and a
/// deterministic pseudo-random body, so this repository holds no literal token for a secret scanner to flag
/// (AWS's documented example key is the one exception, and is fake by definition).
/// </summary>
internal static class SecretCorpus
{
    public const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string Base64 = Base62 + "+/";
    public const string Base64Url = Base62 + "-_";
    public const string Hex = "0123456789abcdef";
    public const string UpperBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    public const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A deterministic body: xorshift32 from <paramref name="seed"/>, so runs and machines agree.</summary>
    public static string Body(int seed, int length, string alphabet = Base62)
    {
        var state = unchecked((uint)seed * 2654435761u) | 1;
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            chars[i] = alphabet[(int)(state % (uint)alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Base64Lines(int seed, int lines) =>
        string.Join('\n', Enumerable.Range(0, lines).Select(i => Body(seed + i, 64, Base64)));

    private static string Base64UrlOf(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Split so that no line of this file is itself a private-key header.
    private const string Begin = "-----BEGIN ";
    private const string End = "-----END ";

    private static FakeSecret Whole(SecretKind kind, string secret) => new(kind, secret, secret);

    public static IReadOnlyDictionary<string, FakeSecret> Secrets { get; } = Build();

    private static Dictionary<string, FakeSecret> Build()
    {
        var rsa = Begin + "RSA PRIVATE KEY-----\n" + Base64Lines(101, 4) + "\n" + End + "RSA PRIVATE KEY-----";
        var pkcs8 = Begin + "PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + Body(102, 32, Base64) + "\n" + Base64Lines(103, 3) + "\n" + End + "PRIVATE KEY-----";
        var openssh = Begin + "OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA" + Body(104, 40, Base64) + "\n" + Base64Lines(105, 2) + "\n" + End + "OPENSSH PRIVATE KEY-----";
        var encrypted = Begin + "EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC," + Body(106, 32, "0123456789ABCDEF") + "\n\n" + Base64Lines(107, 3) + "\n" + End + "EC PRIVATE KEY-----";
        var pgp = Begin + "PGP PRIVATE KEY BLOCK-----\n\nlQdGBGX" + Body(108, 57, Base64) + "\n" + Base64Lines(109, 3) + "\n" + End + "PGP PRIVATE KEY BLOCK-----";
        var putty = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@jetson\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI" + Body(110, 43, Base64)
            + "\nPrivate-Lines: 1\nAAAAI" + Body(111, 43, Base64) + "\nPrivate-MAC: " + Body(112, 64, Hex);
        var age = "AGE-SECRET-KEY-1" + Body(113, 58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L");

        var jwt = Base64UrlOf("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Base64UrlOf("{\"sub\":\"ci-deployer\",\"exp\":1900000000}") + "." + Body(114, 43, Base64Url);
        var pgPassword = Body(115, 20);
        var redisPassword = Body(116, 24);
        var bearer = Body(117, 40);
        var envPassword = Body(118, 24, Base62 + "!#%*+-=?@^_~");
        var clientSecret = Body(119, 34, Base62 + "~._-");
        var hexKey = Body(120, 32, Hex);
        var djangoKey = Body(121, 50, Base62 + "!@#%^*(-_=+)");

        var ghs = "ghs_" + Body(2, 36);
        var azureKey = Body(6, 86, Base64) + "==";
        var sasSig = Body(7, 43, Base64).Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal) + "%3D";

        return new Dictionary<string, FakeSecret>(StringComparer.Ordinal)
        {
            ["pem-rsa"] = Whole(SecretKind.PrivateKey, rsa),
            ["pem-pkcs8"] = Whole(SecretKind.PrivateKey, pkcs8),
            ["pem-openssh"] = Whole(SecretKind.PrivateKey, openssh),
            ["pem-encrypted"] = Whole(SecretKind.PrivateKey, encrypted),
            ["pgp"] = Whole(SecretKind.PrivateKey, pgp),
            ["putty"] = Whole(SecretKind.PrivateKey, putty),
            ["age"] = Whole(SecretKind.PrivateKey, age),
            ["aws-documented-example"] = Whole(SecretKind.AwsAccessKey, "AKIAIOSFODNN7EXAMPLE"),
            ["aws-session"] = Whole(SecretKind.AwsAccessKey, "ASIA" + Body(3, 16, UpperBase32)),
            ["google"] = Whole(SecretKind.GoogleApiKey, "AIza" + Body(4, 35, Base64Url)),
            ["azure-connection-string"] = new(SecretKind.AzureKey,
                "DefaultEndpointsProtocol=https;AccountName=ledgerprod;AccountKey=" + azureKey + ";EndpointSuffix=core.windows.net", azureKey),
            ["azure-sas-url"] = new(SecretKind.AzureKey,
                "https://ledgerprod.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-04-01T00:00:00Z&sig=" + sasSig, sasSig),
            ["github-classic"] = Whole(SecretKind.GitHubToken, "ghp_" + Body(1, 36)),
            ["github-in-clone-url"] = new(SecretKind.GitHubToken, "https://x-access-token:" + ghs + "@github.com/acme/ledger-api.git", ghs),
            ["github-fine-grained"] = Whole(SecretKind.GitHubToken, "github_pat_11" + Body(5, 20) + "_" + Body(8, 59)),
            ["gitlab-pat"] = Whole(SecretKind.GitLabToken, "glpat-" + Body(9, 20, Base64Url)),
            ["gitlab-runner"] = Whole(SecretKind.GitLabToken, "glrt-" + Body(10, 27, Base64Url)),
            ["slack-bot"] = Whole(SecretKind.SlackToken, "xoxb-" + Body(11, 12, "0123456789") + "-" + Body(12, 13, "0123456789") + "-" + Body(13, 24)),
            ["slack-app"] = Whole(SecretKind.SlackToken, "xapp-1-A" + Body(14, 10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "-" + Body(15, 13, "0123456789") + "-" + Body(16, 64, Hex)),
            ["slack-webhook"] = Whole(SecretKind.SlackWebhook,
                "https://hooks.slack.com/services/T" + Body(17, 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/B" + Body(18, 10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/" + Body(19, 24)),
            ["openai-project"] = Whole(SecretKind.OpenAiKey, "sk-proj-" + Body(20, 156, Base64Url)),
            ["openai-legacy"] = Whole(SecretKind.OpenAiKey, "sk-" + Body(21, 20) + "T3BlbkFJ" + Body(22, 20)),
            ["anthropic"] = Whole(SecretKind.AnthropicKey, "sk-ant-api03-" + Body(23, 93, Base64Url) + "AA"),
            ["stripe-live"] = Whole(SecretKind.StripeKey, "sk_live_" + Body(24, 99)),
            ["stripe-restricted-test"] = Whole(SecretKind.StripeKey, "rk_test_" + Body(25, 24)),
            ["npm"] = Whole(SecretKind.NpmToken, "npm_" + Body(26, 36)),
            ["pypi"] = Whole(SecretKind.PyPiToken, "pypi-AgEIcHlwaS5vcmc" + Body(27, 70, Base64Url)),
            ["huggingface"] = Whole(SecretKind.HuggingFaceToken, "hf_" + Body(28, 34, Letters)),
            ["jwt"] = Whole(SecretKind.Jwt, jwt),
            ["jwt-in-auth-header"] = new(SecretKind.Jwt, "Authorization: Bearer " + jwt, jwt),
            ["url-password"] = new(SecretKind.PasswordInUrl, "postgres://ledger:" + pgPassword + "@db.internal:5432/ledger?sslmode=require", pgPassword),
            ["url-password-no-user"] = new(SecretKind.PasswordInUrl, "redis://:" + redisPassword + "@cache.internal:6379/0", redisPassword),
            ["url-weak-password"] = new(SecretKind.PasswordInUrl, "https://deploy:hunter2@registry.internal/v2/", "hunter2"),
            ["bearer"] = new(SecretKind.BearerToken, "curl -H 'Authorization: Bearer " + bearer + "' https://api.internal/v1/ledger", bearer),
            ["env-password"] = new(SecretKind.HighEntropyAssignment, "DB_PASSWORD=" + envPassword, envPassword),
            ["json-client-secret"] = new(SecretKind.HighEntropyAssignment, "{\"client_id\": \"ledger-api\", \"client_secret\": \"" + clientSecret + "\"}", clientSecret),
            ["yaml-hex-api-key"] = new(SecretKind.HighEntropyAssignment, "stripe:\n  api_key: " + hexKey + "\n  timeout: 30s", hexKey),
            ["shell-export"] = new(SecretKind.HighEntropyAssignment, "export SECRET_KEY='" + djangoKey + "'", djangoKey),
        };
    }

    /// <summary>Strings that look a little like secrets and are not; none may be reported.</summary>
    public static IReadOnlyList<string> NearMisses { get; } =
    [
        // Commit SHAs, UUIDs, digests, versions.
        "4f2a9c1e7b3d58a06e91c2f4b7d0a3e5c8f1b692",
        "Fixed in 4f2a9c1e7b3d58a06e91c2f4b7d0a3e5c8f1b692 (merged as #412).",
        "commit = \"4f2a9c1e7b3d58a06e91c2f4b7d0a3e5c8f1b692\"",
        "550e8400-e29b-41d4-a716-446655440000",
        "tenant_id=550e8400-e29b-41d4-a716-446655440000",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "ghcr.io/acme/ledger-api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "image_digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "token_hash=sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "v1.8.2-rc.1+build.20260314",
        "api_key_version: v2.14.0-beta.3+exp.sha.5114f85",
        "2026-03-20T14:05:00+01:00",

        // The words, without a secret.
        "auto-tag.yml pushes the release tag with the default GITHUB_TOKEN; GITHUB_TOKEN events do not start new workflow runs.",
        "the token from the vault",
        "token: the one from the vault, rotated weekly",
        "password: see the 1Password item 'ledger prod db'",
        "bearer_token_env_var = LEDGER_API_TOKEN",
        "Read the token from $LEDGER_API_TOKEN; the bearer token is never logged.",
        "secret_name: ledger-api-production-credentials",
        "PASSWORD_FILE=/run/secrets/db_password",
        "token_file=./secrets/deploy-token.txt",
        "token_path=/var/lib/ci/runner-7b3d58a06e91c2f4/.token",
        "private_key=~/.ssh/ci_ed25519_7b3d58a0",
        "token_file=./run/7b3d58a06e91c2f4.tok",
        "password_file=C:\\ProgramData\\ci\\7b3d58a06e91c2f4.pw",
        "api_key=sk_live_4eC39H...q7Xz2Tb9Kp1 (elided in the runbook)",
        "secret_name=LedgerApiProdCredentials",
        "deploy_token_name=GitHubAppTokenV2",
        "client_secret=********************",
        "password=abc123abc123abc123",
        "client_secret_uri=https://ledger-kv.vault.azure.net/secrets/api-client/7b3d58a06e91c2f4b7d0a3e5c8f1b692",
        "api_key=${STRIPE_API_KEY}",
        "DB_PASSWORD=$(cat /run/secrets/db_password)",
        "token: {{ secrets.DEPLOY_TOKEN }}",
        "password=<your-password-here>",
        "password=%DB_PASSWORD%",
        "secret_arn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger-prod-db",
        "access_key_id=LEDGER_PROD_BACKUP_ACCESS_KEY_ID",
        "auth_key_rotation_schedule=every-ninety-days-at-midnight",
        "ghp_ tokens are rejected by the org policy; use the GitHub App.",
        "GH_TOKEN=ghp_" + new string('x', 36),
        "npm config set //registry.npmjs.org/:_authToken npm_" + new string('X', 36),
        "Keys look like AKIA... or ASIA... followed by 16 characters.",
        "ASIAPACIFICSOUTHEAST",
        "sk-learn-compatible-pipeline-transformer",
        "JWTs start with eyJ because the header is JSON.",
        "Tokens look like eyJhbGciOi.eyJzdWIiOi.signature once decoded.",
        "The deploy key must start with -----BEGIN OPENSSH PRIVATE KEY----- and end with the matching END line.",
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",

        // URLs without passwords, or with placeholders for them.
        "https://github.com/acme/ledger-api/actions/runs/13752901234/job/38475629104",
        "https://deploy@registry.internal/v2/ledger-api/manifests/latest",
        "https://registry.internal:5000/v2/ledger-api/manifests/latest",
        "ssh://git@github.com:22/acme/ledger-api.git",
        "git@github.com:acme/ledger-api.git",
        "postgres://ledger:${DB_PASSWORD}@db.internal:5432/ledger",
        "postgres://ledger:<password>@db.internal:5432/ledger",
        "mysql://root:$MYSQL_ROOT_PASSWORD@db/app",
        "redis://:***@cache.internal:6379/0",
        "amqp://user:password@rabbit.internal:5672/",
        "https://user:{{ .Password }}@proxy.hospital.local:3128",

        // Paths and prose.
        "/etc/ssl/private/ledger-api.key",
        "deploy/k8s/secrets/ledger-api-token.yaml",
        "C:\\Users\\ci\\.ssh\\id_ed25519",
        "The config blob is base64 (dGhpcyBpcyBub3QgYSBzZWNyZXQ=) and decoded at startup.",
        "NVIDIA Jetson Orin NX 16GB, JetPack 6.0 (L4T 36.3), runner labels [self-hosted, linux, ARM64, jetson]",
        "kubectl rollout undo deployment/ledger-api -n ledger",
    ];
}
