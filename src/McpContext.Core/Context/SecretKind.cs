namespace McpContext.Core.Context;

/// <summary>
/// The kinds of secret <see cref="SecretGuard"/> recognises. When one string holds several, the finding
/// names the first kind in this order, so the precise formats come first and the heuristics last.
/// </summary>
public enum SecretKind
{
    /// <summary>A PEM, PGP, PuTTY or age private key (with its key material, not just a header).</summary>
    PrivateKey,

    /// <summary>An AWS access key ID (<c>AKIA…</c>, <c>ASIA…</c>).</summary>
    AwsAccessKey,

    /// <summary>A Google API key (<c>AIza…</c>).</summary>
    GoogleApiKey,

    /// <summary>An Azure storage or Service Bus shared key (<c>AccountKey=…</c>) or a SAS signature (<c>sig=…</c>).</summary>
    AzureKey,

    /// <summary>A GitHub token: classic (<c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c>) or fine-grained (<c>github_pat_</c>).</summary>
    GitHubToken,

    /// <summary>A GitLab token (<c>glpat-</c>, <c>gldt-</c>, <c>glrt-</c>, …).</summary>
    GitLabToken,

    /// <summary>A Slack bot, user, app or configuration token (<c>xoxb-</c>, <c>xoxp-</c>, <c>xapp-</c>, …).</summary>
    SlackToken,

    /// <summary>A Slack incoming-webhook URL, which posts to a channel without further authentication.</summary>
    SlackWebhook,

    /// <summary>An Anthropic API key (<c>sk-ant-api03-…</c>); before OpenAI's looser <c>sk-</c> format, which it also matches.</summary>
    AnthropicKey,

    /// <summary>An OpenAI API key (<c>sk-…</c>, <c>sk-proj-…</c>).</summary>
    OpenAiKey,

    /// <summary>A Stripe secret or restricted key (<c>sk_live_</c>, <c>rk_test_</c>, …); publishable keys are public and not reported.</summary>
    StripeKey,

    /// <summary>An npm access token (<c>npm_…</c>).</summary>
    NpmToken,

    /// <summary>A PyPI API token (<c>pypi-AgEIcHlwaS5vcmc…</c>).</summary>
    PyPiToken,

    /// <summary>A Hugging Face access token (<c>hf_…</c>).</summary>
    HuggingFaceToken,

    /// <summary>A JSON Web Token (three base64url segments, header and payload starting <c>eyJ</c>).</summary>
    Jwt,

    /// <summary>A URL with a password in it (<c>scheme://user:password@host</c>) that is not a placeholder.</summary>
    PasswordInUrl,

    /// <summary>A high-entropy credential after <c>Bearer</c>, as in an Authorization header.</summary>
    BearerToken,

    /// <summary>
    /// A high-entropy value assigned to a secret-like name, inside a string (<c>DB_PASSWORD=…</c>) or as
    /// the value of a TOML key whose name is secret-like (<c>api_key = "…"</c>).
    /// </summary>
    HighEntropyAssignment,
}

/// <summary>Human descriptions of <see cref="SecretKind"/> values, for messages and redaction markers.</summary>
public static class SecretKindDescriptions
{
    /// <summary>The kind as a noun phrase without article, e.g. "GitHub token".</summary>
    public static string Describe(this SecretKind kind) => kind switch
    {
        SecretKind.PrivateKey => "private key",
        SecretKind.AwsAccessKey => "AWS access key ID",
        SecretKind.GoogleApiKey => "Google API key",
        SecretKind.AzureKey => "Azure shared key or SAS signature",
        SecretKind.GitHubToken => "GitHub token",
        SecretKind.GitLabToken => "GitLab token",
        SecretKind.SlackToken => "Slack token",
        SecretKind.SlackWebhook => "Slack webhook URL",
        SecretKind.OpenAiKey => "OpenAI API key",
        SecretKind.AnthropicKey => "Anthropic API key",
        SecretKind.StripeKey => "Stripe secret key",
        SecretKind.NpmToken => "npm access token",
        SecretKind.PyPiToken => "PyPI API token",
        SecretKind.HuggingFaceToken => "Hugging Face token",
        SecretKind.Jwt => "JSON Web Token",
        SecretKind.PasswordInUrl => "password in a URL",
        SecretKind.BearerToken => "bearer token",
        SecretKind.HighEntropyAssignment => "high-entropy value assigned to a secret-like name",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown secret kind"),
    };

    /// <summary>The kind with its indefinite article, e.g. "a GitHub token", "an AWS access key ID".</summary>
    public static string DescribeWithArticle(this SecretKind kind) => kind switch
    {
        SecretKind.AwsAccessKey or SecretKind.AzureKey or SecretKind.OpenAiKey or SecretKind.AnthropicKey
            or SecretKind.NpmToken => "an " + kind.Describe(),
        _ => "a " + kind.Describe(),
    };
}
