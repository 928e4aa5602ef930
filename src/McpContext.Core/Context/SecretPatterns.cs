using System.Text.RegularExpressions;

namespace McpContext.Core.Context;

/// <summary>
/// The detectors behind <see cref="SecretGuard"/>. Each returns whether a string holds one secret of its
/// kind; none of them returns or keeps the text it matched.
/// </summary>
internal static partial class SecretPatterns
{
    // NonBacktracking makes every match linear in the length of the input, whatever the input is, so a
    // hostile hand-edited file or patch cannot stall the server, and no match can time out half-way. The
    // patterns need no lookarounds or backreferences, which that engine lacks; boundaries that a lookahead
    // would express are checked in code instead. They have no capture groups either: that engine's capture
    // pass over a long match is slow (seconds for a megabyte), so the parts are cut out of a match in code.
    // The source generator emits no code for NonBacktracking: each expression is built at run time on first
    // use, milliseconds apiece, so each detector runs only on strings that hold its anchor (SecretAnchors).
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    // Below this many bits per character a value is not "high-entropy". Measured on 20,000 random strings
    // per alphabet: base62/base64 values of 16+ characters essentially never fall below 3.0 (under 0.01%),
    // hex values of 20+ rarely (3% at 20 characters, 0.6% at 24; 16-character hex, a 64-bit secret, misses
    // one time in seven). Repeated or padded strings do fall below: "hunter2hunter2hunter2" is 2.81,
    // "Summer2024Summer2024" 2.92, "xxxxxxxxxxxxxxxx" 0. A higher bar such as the 3.5 many scanners use would
    // miss half of all 16-character hex secrets while filtering no more names: identifiers score 3.4 to 4.3
    // ("ledger-api-production-credentials" 3.80), so entropy alone cannot tell a name from a key.
    // LooksRandom tells them apart.
    private const double MinEntropyBitsPerChar = 3.0;

    // Random text changes between digits, upper and lower case every one or two characters; names change
    // once per word. Average run lengths measured: random base62 1.8 (99.9th percentile 4.0 at 16
    // characters), random hex 2.0; "MyCompanyProductionDatabase" 6.75, "production-database-2024" 11,
    // "GitHubActionsDeployKey2024" 4.33, "LEDGER_API_TOKEN_V2" 8.
    private const double MaxAverageRunLength = 4.0;

    // Names made of short words (GitHubAppTokenV2: 88% of its letters and digits sit in runs of three or more
    // with a vowel) pass the run-length test; random text rarely reaches this share (base62 of 16 characters
    // 0.5% of the time, hex never). With all three tests, random values under a secret-like name are reported
    // this often: base62 99.7% at 16 characters and 100% from 24, hex 85% at 16 and 99% at 24, single-case
    // letters with digits 92 to 97%, base64 98% (one in 64 starts with '/' and reads as a path).
    private const double MinWordShare = 0.85;

    /// <summary>Shortest value the generic rules consider: shorter values are rarely keys and often words.</summary>
    private const int MinGenericLength = 16;

    /// <summary>How far past a private-key header the key material must start (PEM headers such as DEK-Info come first).</summary>
    private const int PrivateKeyBodyWindow = 1024;

    /// <summary>A run of this many base64 characters after a header is key material, not a mention of the format.</summary>
    private const int PrivateKeyBodyRun = 40;

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----|Private-Lines: *[0-9]+", Linear)]
    private static partial Regex PrivateKeyHeader();

    [GeneratedRegex(@"\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b", Linear)]
    private static partial Regex AgeSecretKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", Linear)]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}(?:[^0-9A-Za-z_-]|$)", Linear)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}|[?&]sig=[A-Za-z0-9%+/]{30,}", Linear)]
    private static partial Regex AzureKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b", Linear)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\b(?:gl(?:pat|dt|rt|ptt|ft|cbt|imt|oas|soat|ffct|agent)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,})", Linear)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\b(?:xox[abposr]|xapp)-[0-9]+-[0-9A-Za-z-]{16,}", Linear)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}", Linear)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}", Linear)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\bsk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{32,}", Linear)]
    private static partial Regex AnthropicKey();

    [GeneratedRegex(@"\b[rs]k_(?:live|test)_[0-9A-Za-z]{20,}", Linear)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bnpm_[A-Za-z0-9]{36}\b", Linear)]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", Linear)]
    private static partial Regex PyPiToken();

    [GeneratedRegex(@"\bhf_[A-Za-z]{34}\b", Linear)]
    private static partial Regex HuggingFaceToken();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*", Linear)]
    private static partial Regex Jwt();

    // userinfo is everything between "//" and "@" with no '/', '?', '#' or '@' in it; the password is what
    // follows its first ':'. A port ("host:8443/") never matches because the '@' must come before any '/'.
    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s:/?#@""'<>]*:[^\s/?#@""'<>]+@[^\s/?#@""'<>]", Linear)]
    private static partial Regex PasswordInUrl();

    /// <summary>The start of an Authorization header's credential; the value after it is read by <see cref="IsBearerValueChar"/>.</summary>
    [GeneratedRegex(@"\b[Bb]earer[ \t]+", Linear)]
    private static partial Regex BearerPrefix();

    // SecretAnchors spells these words out for its prefilter: a word added here must be added there.
    private const string SecretNameWords =
        "password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key";

    // A secret-like name, more name characters (DB_PASSWORD_PROD, spring.datasource.password), an optional
    // closing quote (JSON, YAML), then '=', ':', ':=' or '=>' and an optional opening quote. The value after
    // it is read by IsAssignedValueChar and judged by LooksLikeSecretValue.
    [GeneratedRegex(@"(?i:" + SecretNameWords + @")[A-Za-z0-9_.-]*[""']?[ \t]*(?::=|=>|[:=])[ \t]*[""']?", Linear)]
    private static partial Regex SecretAssignmentPrefix();

    [GeneratedRegex(@"(?i:" + SecretNameWords + ")", Linear)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^v?[0-9]+\.[0-9]+\.[0-9]+", Linear)]
    private static partial Regex SemanticVersion();

    [GeneratedRegex(@"^(?:sha1|sha224|sha256|sha384|sha512|md5):", Linear | RegexOptions.IgnoreCase)]
    private static partial Regex DigestPrefix();

    /// <summary>Every kind, in declaration order: the order <see cref="SecretGuard.Classify(string)"/> tries them in.</summary>
    internal static readonly SecretKind[] KindsInOrder = Enum.GetValues<SecretKind>();

    /// <summary>True when <paramref name="value"/> holds a secret of kind <paramref name="kind"/>.</summary>
    internal static bool Holds(SecretKind kind, string value) => SecretAnchors.MayHold(kind, value) && kind switch
    {
        SecretKind.PrivateKey => HasPrivateKey(value),
        SecretKind.AwsAccessKey => HasAwsAccessKey(value),
        SecretKind.GoogleApiKey => AnyMatch(GoogleApiKey(), value, 4, MixesClasses),
        SecretKind.AzureKey => AnyMatch(AzureKey(), value, 0, m => LooksRandomAfter(m, '=', 1)),
        SecretKind.GitHubToken => AnyMatch(GitHubToken(), value, 4, MixesClasses),
        SecretKind.GitLabToken => AnyMatch(GitLabToken(), value, 0, m => LooksRandomAfter(m, '-', 1)),
        SecretKind.SlackToken => AnyMatch(SlackToken(), value, 5, MixesClasses),
        SecretKind.SlackWebhook => AnyMatch(SlackWebhook(), value, 0, m => LooksRandomAfter(m, '/', 4)),
        SecretKind.AnthropicKey => AnyMatch(AnthropicKey(), value, 0, m => LooksRandomAfter(m, '-', 3)),
        SecretKind.OpenAiKey => AnyMatch(OpenAiKey(), value, 3, HasAllClasses),
        SecretKind.StripeKey => AnyMatch(StripeKey(), value, 8, MixesClasses),
        SecretKind.NpmToken => AnyMatch(NpmToken(), value, 4, MixesClasses),
        SecretKind.PyPiToken => PyPiToken().IsMatch(value),
        SecretKind.HuggingFaceToken => AnyMatch(HuggingFaceToken(), value, 3, MixesClasses),
        SecretKind.Jwt => Jwt().IsMatch(value),
        SecretKind.PasswordInUrl => HasPasswordInUrl(value),
        SecretKind.BearerToken => AnyValueAfter(BearerPrefix(), value, IsBearerValueChar),
        SecretKind.HighEntropyAssignment => AnyValueAfter(SecretAssignmentPrefix(), value, IsAssignedValueChar),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown secret kind"),
    };

    /// <summary>True when <paramref name="name"/> (a TOML key) names a secret: <c>password</c>, <c>api_key</c>, <c>db_token</c>, ...</summary>
    internal static bool IsSecretName(string name) => SecretAnchors.MayNameSecret(name) && SecretName().IsMatch(name);

    /// <summary>
    /// The generic test for a value given to a secret-like name: long enough, not a placeholder or a
    /// reference to where the secret really lives, high in entropy, and random rather than word-like.
    /// </summary>
    internal static bool LooksLikeSecretValue(ReadOnlySpan<char> value)
    {
        // Generated secrets have no spaces; a value with spaces under a secret-like name is a note about one.
        if (value.Length < MinGenericLength || HasWhiteSpace(value) || IsPlaceholderOrReference(value))
        {
            return false;
        }

        return ShannonEntropy(value) >= MinEntropyBitsPerChar && LooksRandom(value);
    }

    private static bool HasWhiteSpace(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Bits per character of the value's own character distribution.</summary>
    private static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in value)
        {
            if (c < 128)
            {
                ascii[c]++;
            }
            else
            {
                other ??= [];
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        double length = value.Length;
        var bits = 0.0;
        foreach (var count in ascii)
        {
            bits -= Term(count);
        }

        if (other is not null)
        {
            foreach (var count in other.Values)
            {
                bits -= Term(count);
            }
        }

        return bits;

        double Term(int count)
        {
            if (count == 0)
            {
                return 0;
            }

            var p = count / length;
            return p * Math.Log2(p);
        }
    }

    private static bool HasPrivateKey(string value)
    {
        if (AgeSecretKey().IsMatch(value))
        {
            return true;
        }

        // A header alone is a mention of the format ("the file starts with -----BEGIN ... PRIVATE KEY-----");
        // only a header followed by key material is a key.
        foreach (var match in PrivateKeyHeader().EnumerateMatches(value))
        {
            var start = match.Index + match.Length;
            var window = value.AsSpan(start, Math.Min(PrivateKeyBodyWindow, value.Length - start));
            var run = 0;
            foreach (var c in window)
            {
                run = char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' ? run + 1 : 0;
                if (run >= PrivateKeyBodyRun)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasAwsAccessKey(string value)
    {
        foreach (var match in AwsAccessKey().EnumerateMatches(value))
        {
            var text = value.AsSpan(match.Index, match.Length);

            // "ASIA" also starts words ("ASIAPACIFICSOUTHEAST" is 4 + 16 capitals); session keys carry digits.
            if (!text.StartsWith("ASIA", StringComparison.Ordinal) || text[4..].ContainsAnyInRange('0', '9'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasPasswordInUrl(string value)
    {
        foreach (var match in PasswordInUrl().EnumerateMatches(value))
        {
            // The match is scheme://user:password@h; the user part holds no ':'.
            var text = value.AsSpan(match.Index, match.Length);
            var userinfo = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..^2];
            if (!IsPlaceholder(userinfo[(userinfo.IndexOf(':') + 1)..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a match of <paramref name="regex"/>, past its first <paramref name="prefixLength"/> characters, passes <paramref name="accept"/>.</summary>
    private static bool AnyMatch(Regex regex, string value, int prefixLength, Func<ReadOnlySpan<char>, bool> accept)
    {
        foreach (var match in regex.EnumerateMatches(value))
        {
            if (accept(value.AsSpan(match.Index + prefixLength, match.Length - prefixLength)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the value that follows some match of <paramref name="prefix"/> (the longest run of
    /// <paramref name="isValueChar"/>) looks like a secret. The search resumes after each value, so a value
    /// is read once however many prefixes it contains ("token=token=token=..."), which keeps this linear.
    /// </summary>
    private static bool AnyValueAfter(Regex prefix, string text, Func<char, bool> isValueChar)
    {
        var position = 0;
        while (position < text.Length)
        {
            var matches = prefix.EnumerateMatches(text, position);
            if (!matches.MoveNext())
            {
                return false;
            }

            var start = matches.Current.Index + matches.Current.Length;
            var end = start;
            while (end < text.Length && isValueChar(text[end]))
            {
                end++;
            }

            if (LooksLikeSecretValue(text.AsSpan(start, end - start)))
            {
                return true;
            }

            position = end;
        }

        return false;
    }

    /// <summary>An assigned value runs to whitespace, a quote, or a separator of lists and query strings.</summary>
    private static bool IsAssignedValueChar(char c) => !char.IsWhiteSpace(c) && c is not ('"' or '\'' or '`' or ',' or ';' or '&');

    /// <summary>RFC 6750's token68 characters.</summary>
    private static bool IsBearerValueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/' or '=';

    /// <summary>Upper case, lower case and digits: at least two of the three, as any random token of 16+ characters has.</summary>
    private static bool MixesClasses(ReadOnlySpan<char> body) => ClassCount(body) >= 2;

    /// <summary>All three character classes; for prefixes such as <c>sk-</c> that also start ordinary hyphenated words.</summary>
    private static bool HasAllClasses(ReadOnlySpan<char> body) => ClassCount(body) == 3;

    /// <summary>
    /// For formats whose documented examples are placeholders (<c>T00000000/B00000000/XXXXXXXX</c>): the part
    /// after the <paramref name="count"/>-th <paramref name="separator"/> (the fixed prefix) must be random,
    /// judged like a generic value.
    /// </summary>
    private static bool LooksRandomAfter(ReadOnlySpan<char> match, char separator, int count)
    {
        var tail = match;
        for (var i = 0; i < count; i++)
        {
            var at = tail.IndexOf(separator);
            if (at < 0)
            {
                break;
            }

            tail = tail[(at + 1)..];
        }

        return ShannonEntropy(tail) >= MinEntropyBitsPerChar && LooksRandom(tail);
    }

    private static int ClassCount(ReadOnlySpan<char> body)
    {
        var upper = body.ContainsAnyInRange('A', 'Z') ? 1 : 0;
        var lower = body.ContainsAnyInRange('a', 'z') ? 1 : 0;
        var digit = body.ContainsAnyInRange('0', '9') ? 1 : 0;
        return upper + lower + digit;
    }

    /// <summary>
    /// Splits the letters and digits (ignoring everything else, so path and name separators do not count)
    /// into runs the way words are written: a digit run, a lower-case run with an optional leading capital,
    /// or an upper-case run. Random text has short runs; names have word-length runs, or, when the words are
    /// short (GitHubAppTokenV2), runs that are nearly all pronounceable.
    /// </summary>
    private static bool LooksRandom(ReadOnlySpan<char> value)
    {
        var alphanumeric = 0;
        var runs = 0;
        var wordChars = 0;
        var runLength = 0;
        var runHasVowel = false;
        var previous = CharClass.None;
        foreach (var c in value)
        {
            var current = Classify(c);
            if (current == CharClass.None)
            {
                continue;
            }

            alphanumeric++;
            var continues = previous != CharClass.None
                && (current == previous || (previous == CharClass.Upper && current == CharClass.Lower && runLength == 1));
            if (continues)
            {
                runLength++;
            }
            else
            {
                wordChars += WordLength();
                runs++;
                runLength = 1;
                runHasVowel = false;
            }

            runHasVowel |= IsVowel(c);
            previous = current;
        }

        wordChars += WordLength();
        return runs > 0
            && (double)alphanumeric / runs <= MaxAverageRunLength
            && wordChars < MinWordShare * alphanumeric;

        int WordLength() => runLength >= 3 && runHasVowel ? runLength : 0;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'A' or 'E' or 'I' or 'O' or 'U' or 'Y';

    private static CharClass Classify(char c) =>
        char.IsAsciiDigit(c) ? CharClass.Digit
        : char.IsAsciiLetterUpper(c) ? CharClass.Upper
        : char.IsAsciiLetterLower(c) ? CharClass.Lower
        : CharClass.None;

    /// <summary>
    /// Values that say where a secret lives rather than being one: environment and template references,
    /// paths, URLs, versions, digests, elided examples.
    /// </summary>
    private static bool IsPlaceholderOrReference(ReadOnlySpan<char> value) =>
        IsPlaceholder(value)
        || value.Contains("://", StringComparison.Ordinal)
        || value.StartsWith('/') || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal)
        || value.StartsWith("~/", StringComparison.Ordinal)
        || (value.Length > 2 && char.IsAsciiLetter(value[0]) && value[1] == ':' && value[2] is '\\' or '/')
        || SemanticVersion().IsMatch(value)
        || DigestPrefix().IsMatch(value);

    /// <summary>
    /// Stand-ins people write where a secret would go: <c>${DB_PASSWORD}</c>, <c>$DB_PASSWORD</c>,
    /// <c>%DB_PASSWORD%</c>, <c>&lt;password&gt;</c>, <c>{{ .Password }}</c>, <c>***</c>, <c>xxxx</c>, <c>...</c>,
    /// and the words themselves (<c>password</c>, <c>changeme</c>).
    /// </summary>
    private static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value[0] is '$' or '%' or '<' or '{' or '[' || value.Contains("...", StringComparison.Ordinal))
        {
            return true;
        }

        // Masks: "***", "xxxx", "####".
        if (!value.ContainsAnyExcept("*xX#."))
        {
            return true;
        }

        foreach (var word in PlaceholderWords)
        {
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] PlaceholderWords =
        ["password", "passwd", "pass", "pwd", "secret", "token", "changeme", "redacted", "placeholder"];

    private enum CharClass
    {
        None,
        Digit,
        Upper,
        Lower,
    }
}
