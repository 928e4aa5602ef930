using System.Buffers;

namespace McpContext.Core.Context;

/// <summary>
/// The text every match of a <see cref="SecretPatterns"/> detector contains, per kind: a string without it
/// cannot hold that kind of secret, so it never reaches the detector's regular expression. Most strings
/// (context values, the added lines of a diff) hold no anchor at all, and a detector's expression is built
/// only when a string first passes its anchor test, so a process that meets no secret-like text builds none.
/// A test may let through a string its detector then rejects; it never rejects one the detector accepts.
/// </summary>
internal static class SecretAnchors
{
    // SecretPatterns.SecretNameWords spelled out ("api[_-]?key" is three words). The detectors read them
    // case-insensitively, where the Kelvin sign (U+212A) is a 'k' too; an ordinal ignore-case search does
    // not equate the two, so a string with a Kelvin sign always passes.
    private static readonly SearchValues<string> SecretNameWords = SearchValues.Create(
        ["password", "passwd", "passphrase", "pwd", "secret", "token",
         "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key",
         "privatekey", "private_key", "private-key", "authkey", "auth_key", "auth-key"],
        StringComparison.OrdinalIgnoreCase);

    private const char KelvinSign = '\u212A';

    // The literal part of each detector's pattern that no match can lack (case-sensitive, as the patterns are).
    private static readonly Dictionary<SecretKind, string[]> Literals = new()
    {
        [SecretKind.PrivateKey] = ["AGE-SECRET-KEY-1", "PRIVATE KEY", "Private-Lines:"],
        [SecretKind.AwsAccessKey] = ["AKIA", "ASIA", "ABIA", "ACCA"],
        [SecretKind.GoogleApiKey] = ["AIza"],
        [SecretKind.AzureKey] = ["AccountKey=", "SharedAccessKey=", "sig="],
        [SecretKind.GitHubToken] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        [SecretKind.GitLabToken] = ["glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glcbt-", "glimt-", "gloas-", "glsoat-", "glffct-", "glagent-", "GR1348941"],
        [SecretKind.SlackToken] = ["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xapp-"],
        [SecretKind.SlackWebhook] = ["https://hooks.slack.com/"],
        [SecretKind.AnthropicKey] = ["sk-ant-"],
        [SecretKind.OpenAiKey] = ["sk-"],
        [SecretKind.StripeKey] = ["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        [SecretKind.NpmToken] = ["npm_"],
        [SecretKind.PyPiToken] = ["pypi-AgEIcHlwaS5vcmc"],
        [SecretKind.HuggingFaceToken] = ["hf_"],
        [SecretKind.Jwt] = ["eyJ"],
        [SecretKind.PasswordInUrl] = ["://"],
        [SecretKind.BearerToken] = ["Bearer ", "Bearer\t", "bearer ", "bearer\t"],
    };

    private static readonly SearchValues<string>?[] ByKind = BuildByKind();

    private static readonly SearchValues<string> AnyLiteral =
        SearchValues.Create([.. Literals.Values.SelectMany(l => l).Distinct(StringComparer.Ordinal)], StringComparison.Ordinal);

    /// <summary>False when <paramref name="value"/> cannot hold a secret of any kind (no detector needs to run).</summary>
    public static bool MayHoldAny(ReadOnlySpan<char> value) =>
        value.IndexOfAny(AnyLiteral) >= 0 || MayAssignToSecretName(value);

    /// <summary>False when <paramref name="value"/> cannot hold a secret of kind <paramref name="kind"/>.</summary>
    public static bool MayHold(SecretKind kind, ReadOnlySpan<char> value) => kind switch
    {
        SecretKind.HighEntropyAssignment => MayAssignToSecretName(value),

        // The password sits in userinfo, which ends with an '@' after the "://".
        SecretKind.PasswordInUrl => value.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 && value[scheme..].Contains('@'),
        _ => value.IndexOfAny(ByKind[(int)kind]!) >= 0,
    };

    /// <summary>False when <paramref name="name"/> cannot contain a secret-like name word.</summary>
    public static bool MayNameSecret(ReadOnlySpan<char> name) => name.IndexOfAny(SecretNameWords) >= 0 || name.Contains(KelvinSign);

    // A secret-like name followed somewhere by the ':' or '=' of an assignment.
    private static bool MayAssignToSecretName(ReadOnlySpan<char> value) => value.ContainsAny(':', '=') && MayNameSecret(value);

    private static SearchValues<string>?[] BuildByKind()
    {
        var byKind = new SearchValues<string>?[Enum.GetValues<SecretKind>().Length];
        foreach (var (kind, literals) in Literals)
        {
            byKind[(int)kind] = SearchValues.Create(literals, StringComparison.Ordinal);
        }

        return byKind;
    }
}
