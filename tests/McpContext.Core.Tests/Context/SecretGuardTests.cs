using System.Text;
using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Core.Tests.Context;

public sealed class SecretGuardTests
{
    private const string Advice = "; secrets do not belong in the project context (store it in a secret manager and reference it by name)";

    public static TheoryData<string> SecretNames => new(SecretCorpus.Secrets.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> NearMisses => new(SecretCorpus.NearMisses);

    public static TheoryData<string> ContextFiles => RepoFiles.Contexts;

    public static TheoryData<SecretKind> Kinds => new(Enum.GetValues<SecretKind>());

    /// <summary>A context whose third known issue holds <paramref name="details"/>, the way an agent would write one.</summary>
    private static TomlTable ContextWithIssueDetails(string details) => new()
    {
        ["project"] = "ledger-api",
        ["known_issues"] = new TomlArray
        {
            new TomlTable { ["id"] = "KI-001", ["details"] = "Webhook retries can arrive before the original request commits." },
            new TomlTable { ["id"] = "KI-002", ["details"] = "The reconciliation report times out on large tenants." },
            new TomlTable { ["id"] = "KI-003", ["status"] = "open", ["details"] = details },
        },
    };

    private static void AssertDoesNotLeak(string secret, string text)
    {
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var window = Math.Min(8, secret.Length);
        for (var i = 0; i + window <= secret.Length; i++)
        {
            Assert.DoesNotContain(secret.Substring(i, window), text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(SecretNames))]
    public void A_secret_in_prose_is_found_with_its_path_and_kind_and_never_echoed(string name)
    {
        var fake = SecretCorpus.Secrets[name];
        var model = ContextWithIssueDetails("Deploys failed until we rotated it.\nOld value: " + fake.Text + "\nDo not reuse it.");

        var finding = Assert.Single(SecretGuard.Scan(model));

        Assert.Equal(new SecretFinding("known_issues[2].details", fake.Kind), finding);
        Assert.Equal("known_issues[2].details holds what looks like " + fake.Kind.DescribeWithArticle() + Advice, finding.Message);
        AssertDoesNotLeak(fake.Secret, finding.Message);
        AssertDoesNotLeak(fake.Secret, finding.ToString());
    }

    [Theory]
    [MemberData(nameof(SecretNames))]
    public void A_secret_as_a_whole_value_is_classified_by_kind(string name)
    {
        var fake = SecretCorpus.Secrets[name];

        Assert.Equal(fake.Kind, SecretGuard.Classify(fake.Text));

        var model = new TomlTable { ["ci"] = new TomlTable { ["notes"] = new TomlArray { "runs on the Jetson runner", fake.Text } } };
        Assert.Equal([new SecretFinding("ci.notes[1]", fake.Kind)], SecretGuard.Scan(model));
    }

    [Fact]
    public void The_message_names_the_path_and_the_kind_and_what_to_do_instead()
    {
        var token = "ghp_" + SecretCorpus.Body(1, 36);
        var finding = Assert.Single(SecretGuard.Scan(ContextWithIssueDetails("rotate " + token)));

        Assert.Equal(
            "known_issues[2].details holds what looks like a GitHub token; secrets do not belong in the project context (store it in a secret manager and reference it by name)",
            finding.Message);
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void A_near_miss_is_not_reported(string text)
    {
        Assert.Null(SecretGuard.Classify(text));
        Assert.Empty(SecretGuard.Scan(ContextWithIssueDetails(text)));
    }

    [Fact]
    public void The_corpus_covers_every_kind()
    {
        var covered = SecretCorpus.Secrets.Values.Select(s => s.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<SecretKind>(), covered.Order());
    }

    [Fact]
    public void The_examples_and_the_repository_context_are_all_here()
    {
        var files = ContextFiles.Select(row => row.Data).ToList();
        Assert.Contains(Path.Combine("examples", "wp-edge-core", "project-context.toml"), files);
        Assert.Contains(Path.Combine("examples", "ledger-api", "project-context.toml"), files);
        Assert.Contains("project-context.toml", files);
    }

    [Theory]
    [MemberData(nameof(ContextFiles))]
    public void A_real_context_file_scans_clean(string file)
    {
        var snapshot = RepoFiles.Read(file);
        Assert.Empty(snapshot.Diagnostics);

        Assert.Empty(SecretGuard.Scan(snapshot.Model));
    }

    [Fact]
    public void A_high_entropy_value_under_a_secret_like_key_is_found()
    {
        var password = SecretCorpus.Body(200, 24, SecretCorpus.Base62 + "!#%*+-=?@^_~");
        var apiKey = SecretCorpus.Body(201, 32, SecretCorpus.Hex);
        var oldToken = SecretCorpus.Body(203, 40);
        var document = TomlDocument.Parse($"""
            [database]
            engine = "postgres"
            password = "{password}"

            [payments]
            stripe_api_key = '{apiKey}'
            webhook_tolerance_seconds = 300
            revoked_tokens = ["none before 2026", "{oldToken}"]
            """);
        Assert.Empty(document.Diagnostics);

        Assert.Equal(
            [
                new SecretFinding("database.password", SecretKind.HighEntropyAssignment),
                new SecretFinding("payments.stripe_api_key", SecretKind.HighEntropyAssignment),
                new SecretFinding("payments.revoked_tokens[1]", SecretKind.HighEntropyAssignment),
            ],
            SecretGuard.Scan(document.Model));

        // The name is what makes a bare value suspicious: the same value elsewhere is just a value.
        Assert.Null(SecretGuard.Classify(password));
        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify(password, "password"));
        Assert.Null(SecretGuard.Classify(password, "engine"));

        // Upper-case keys fall into long runs; runs without a vowel are not words, however long.
        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify("QXZBK" + "7WMRPN" + "4DLTH", "smtp_password"));
    }

    [Fact]
    public void Names_and_references_under_secret_like_keys_are_not_reported()
    {
        var document = TomlDocument.Parse("""
            [secrets]
            bearer_token_env_var = "LEDGER_API_TOKEN"
            secret_store = "vault://kv/ledger/prod"
            secret_path = "kv/data/ledger/prod/db2"
            password_file = "/run/secrets/db_password"
            token_ttl = "15m"
            api_key_name = "ledger-prod-stripe-key"
            secret_name = "ledger-api-production-credentials"
            secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger-prod-db"
            client_secret_ref = "${AZURE_CLIENT_SECRET}"
            passwords_rotated = ["2026-01-10", "2026-03-14"]
            token_notes = "the token from the vault, never committed"
            password_note = "db2 pw rotated q3 by ops, see KV v7 kid 9f"
            no_secrets = true
            """);
        Assert.Empty(document.Diagnostics);

        Assert.Empty(SecretGuard.Scan(document.Model));
    }

    [Fact]
    public void A_patch_value_is_scanned_under_the_path_it_will_be_written_to()
    {
        var token = "glpat-" + SecretCorpus.Body(9, 20, SecretCorpus.Base64Url);
        var password = SecretCorpus.Body(202, 24);
        var patch = new TomlTable { ["port"] = 7300L, ["auth"] = new TomlTable { ["header"] = "PRIVATE-TOKEN: " + token } };

        Assert.Equal([new SecretFinding("services.http.auth.header", SecretKind.GitLabToken)], SecretGuard.Scan(TomlPath.Parse("services.http"), patch));

        // A bare value set at a secret-like key is judged with that key as its name.
        Assert.Equal([new SecretFinding("database.password", SecretKind.HighEntropyAssignment)], SecretGuard.Scan(TomlPath.Parse("database.password"), password));
        Assert.Equal([new SecretFinding("database.passwords[3]", SecretKind.HighEntropyAssignment)], SecretGuard.Scan(TomlPath.Parse("database.passwords[3]"), password));
        Assert.Empty(SecretGuard.Scan(TomlPath.Parse("database.engine"), password));
    }

    [Fact]
    public void A_key_that_is_a_secret_is_reported_under_its_redaction_marker()
    {
        var token = "ghp_" + SecretCorpus.Body(1, 36);
        var document = TomlDocument.Parse($"""
            [tokens]
            ci = "stored in the CI secret store"
            {token} = "deploy bot"
            release = "stored in the release vault"
            """);
        Assert.Empty(document.Diagnostics);

        var finding = Assert.Single(SecretGuard.Scan(document.Model));

        Assert.Equal(new SecretFinding("tokens.\"[redacted: GitHub token]\"", SecretKind.GitHubToken, InKey: true), finding);
        Assert.Equal("tokens.\"[redacted: GitHub token]\" is a key that looks like a GitHub token" + Advice, finding.Message);
        AssertDoesNotLeak(token, finding.Message);
    }

    [Fact]
    public void Redact_replaces_exactly_the_offending_values_and_leaves_the_input_alone()
    {
        var urlPassword = SecretCorpus.Body(300, 20);
        var dbPassword = SecretCorpus.Body(301, 24);
        var webhook = SecretCorpus.Secrets["slack-webhook"].Text;
        var keyToken = "ghp_" + SecretCorpus.Body(302, 36);
        var jwt = SecretCorpus.Secrets["jwt"].Text;
        var secrets = new[] { urlPassword, dbPassword, webhook, keyToken, jwt, "AKIAIOSFODNN7EXAMPLE" };
        var document = TomlDocument.Parse($$""""
            project = "ledger-api"
            description = "Double-entry ledger and payments API."

            [database]
            engine = "postgres"
            url = "postgres://ledger:{{urlPassword}}@db.internal:5432/ledger"
            password = "{{dbPassword}}"
            port = 5432

            [ci]
            pipeline = "gitlab-ci"
            notify = { channel = "#deploys", webhook = "{{webhook}}" }

            [tokens]
            ci = "stored in the CI secret store"
            {{keyToken}} = "deploy bot"
            release = "stored in the release vault"

            [[known_issues]]
            id = "KI-001"
            details = "Webhook retries can arrive before the original request commits."

            [[known_issues]]
            id = "KI-002"
            details = """
            The backup job authenticated with AKIAIOSFODNN7EXAMPLE
            until the instance role was fixed."""
            tags = ["ci", "{{jwt}}", "backups"]
            """");
        Assert.Empty(document.Diagnostics);
        var model = document.Model;
        var before = (TomlTable)TomlModel.Clone(model);

        var redacted = SecretGuard.Redact(model, out var findings);

        var keyMarker = "\"[redacted: GitHub token]\"";
        Assert.Equal(
            [
                new SecretFinding("database.url", SecretKind.PasswordInUrl),
                new SecretFinding("database.password", SecretKind.HighEntropyAssignment),
                new SecretFinding("ci.notify.webhook", SecretKind.SlackWebhook),
                new SecretFinding("tokens." + keyMarker, SecretKind.GitHubToken, InKey: true),
                new SecretFinding("known_issues[1].details", SecretKind.AwsAccessKey),
                new SecretFinding("known_issues[1].tags[1]", SecretKind.Jwt),
            ],
            findings);

        // The expected copy: the original with exactly those values replaced and that key renamed.
        var expected = (TomlTable)TomlModel.Clone(model);
        foreach (var finding in findings.Where(f => !f.InKey))
        {
            SetAt(expected, TomlPath.Parse(finding.Path), "[redacted: " + finding.Kind.Describe() + "]");
        }

        var tokens = (TomlTable)expected["tokens"];
        tokens.Remove(keyToken);
        tokens.Add("[redacted: GitHub token]", "deploy bot");
        Assert.True(TomlModel.DeepEquals(expected, redacted));
        Assert.Equal("[redacted: password in a URL]", ((TomlTable)redacted["database"])["url"]);
        Assert.Equal(["ci", "[redacted: GitHub token]", "release"], ((TomlTable)redacted["tokens"]).Keys);

        // The input is untouched, secrets included.
        Assert.True(TomlModel.DeepEquals(before, model));
        Assert.Equal(dbPassword, ((TomlTable)model["database"])["password"]);

        // What is served holds none of them, and scans clean.
        var served = TomlEncoder.Encode(redacted);
        foreach (var secret in secrets)
        {
            AssertDoesNotLeak(secret, served);
            foreach (var finding in findings)
            {
                AssertDoesNotLeak(secret, finding.Message);
            }
        }

        Assert.Empty(SecretGuard.Scan(TomlDocument.Parse(served).Model));
    }

    [Fact]
    public void Redact_numbers_keys_that_would_otherwise_collide()
    {
        var first = "ghp_" + SecretCorpus.Body(303, 36);
        var second = "ghp_" + SecretCorpus.Body(304, 36);
        var model = new TomlTable
        {
            ["tokens"] = new TomlTable { ["[redacted: GitHub token]"] = "already redacted", [first] = "a", [second] = "b" },
        };

        var redacted = SecretGuard.Redact(model, out var findings);

        Assert.Equal(
            [
                new SecretFinding("tokens.\"[redacted: GitHub token] 2\"", SecretKind.GitHubToken, InKey: true),
                new SecretFinding("tokens.\"[redacted: GitHub token] 3\"", SecretKind.GitHubToken, InKey: true),
            ],
            findings);
        Assert.Equal(["[redacted: GitHub token]", "[redacted: GitHub token] 2", "[redacted: GitHub token] 3"], ((TomlTable)redacted["tokens"]).Keys);
        Assert.Equal(["already redacted", "a", "b"], ((TomlTable)redacted["tokens"]).Values.Cast<string>());
        Assert.Equal(findings, SecretGuard.Scan(model));
    }

    [Fact]
    public void A_clean_model_redacts_to_an_equal_copy()
    {
        var model = TomlDocument.Parse(File.ReadAllBytes(Path.Combine(RepoFiles.Directory, "examples", "wp-edge-core", "project-context.toml"))).Model;

        var redacted = SecretGuard.Redact(model, out var findings);

        Assert.Empty(findings);
        Assert.NotSame(model, redacted);
        Assert.True(TomlModel.DeepEquals(model, redacted));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_its_own_description_and_a_marker_that_is_not_a_secret(SecretKind kind)
    {
        var descriptions = Enum.GetValues<SecretKind>().Select(k => k.Describe()).ToList();
        Assert.Single(descriptions, kind.Describe());
        Assert.EndsWith(kind.Describe(), kind.DescribeWithArticle(), StringComparison.Ordinal);

        var marker = SecretGuard.RedactionMarker(kind);
        Assert.Equal("[redacted: " + kind.Describe() + "]", marker);
        Assert.Null(SecretGuard.Classify(marker, "password"));
    }

    [Fact]
    public void One_megabyte_hostile_strings_are_scanned_to_the_end()
    {
        const int Size = 1 << 20;
        static string Repeat(string unit) => new StringBuilder(Size + unit.Length).Insert(0, unit, Size / unit.Length).ToString();

        var hostile = new[]
        {
            Repeat("token="),
            Repeat("password: "),
            Repeat("a"),
            new string('a', Size) + "://",
            Repeat("x:") + "@",
            "https://" + Repeat("u:"),
            Repeat("-----BEGIN "),
            Repeat(Begin() + "PRIVATE KEY-----"),
            Begin() + "RSA PRIVATE KEY-----" + Repeat(" A"),
            "AccountKey=" + Repeat("A"),
            Repeat("glpat-"),
            Repeat("db://ledger:${DB_PASSWORD}@db "),
            "eyJ" + Repeat("a") + ".eyJ",
            Repeat("eyJ."),
            Repeat("ghp_"),
            Repeat("sk-") + "proj",
            Repeat("Bearer "),
            Repeat("api_key=" + SecretCorpus.Body(400, 8) + "&"),
            SecretCorpus.Body(401, Size, SecretCorpus.Base64),
        };

        foreach (var text in hostile)
        {
            Assert.Null(SecretGuard.Classify(text));
        }

        // Under a secret-like name a megabyte is judged whole: repetitive text is not a secret, random text is.
        Assert.Null(SecretGuard.Classify(hostile[0], "password"));
        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify(hostile[^1], "password"));

        // A secret at the very end of a megabyte of prose is still found.
        var token = "ghp_" + SecretCorpus.Body(402, 36);
        var prose = Repeat("The reconciliation job ran. ") + token;
        Assert.Equal([new SecretFinding("known_issues[2].details", SecretKind.GitHubToken)], SecretGuard.Scan(ContextWithIssueDetails(prose)));

        static string Begin() => "-----" + "BEGIN ";
    }

    private static void SetAt(TomlTable root, TomlPath path, object value)
    {
        Assert.True(TomlModel.TryGetValue(root, path.Parent, out var parent));
        switch (parent)
        {
            case TomlTable table:
                table[path.Last.Key!] = value;
                break;
            case TomlArray array:
                array[path.Last.Index] = value;
                break;
            default:
                Assert.Fail($"{path.Parent} is not a table or an array");
                break;
        }
    }
}
