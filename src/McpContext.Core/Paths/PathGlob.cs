namespace McpContext.Core.Paths;

/// <summary>
/// A repository path glob as people write them in context files and rules: <c>**</c> spans directories,
/// <c>*</c> and <c>?</c> stay inside one path segment, <c>/</c> separates segments. Matching is
/// case-sensitive, like git on Linux.
/// </summary>
/// <remarks>
/// Matching runs the glob as a small automaton over the path, one pass, so its time is at most the
/// length of the path times the length of the glob whatever either holds (a glob such as
/// <c>*a*a*a*a*b</c> cannot blow up as it can in a backtracking regular expression), and parsing costs
/// next to nothing, which matters when a check compiles hundreds of rules in a fresh process.
/// </remarks>
public sealed class PathGlob
{
    private readonly Token[] _tokens;
    private readonly string _prefix;
    private readonly string _suffix;

    private PathGlob(string pattern, Token[] tokens, string prefix, string suffix)
    {
        Pattern = pattern;
        _tokens = tokens;
        _prefix = prefix;
        _suffix = suffix;
    }

    private enum Kind : byte
    {
        Literal,

        // ?: one character other than '/'.
        AnyChar,

        // *: any run of characters other than '/'.
        Star,

        // ** (not followed by '/'): any run of characters.
        DoubleStar,

        // **/: zero or more whole directories ("(.*/)?").
        Directories,
    }

    private readonly record struct Token(Kind Kind, char Char = '\0');

    /// <summary>The glob as written.</summary>
    public string Pattern { get; }

    /// <summary>The part before the first wildcard, for example <c>deploy/nginx/</c> for <c>deploy/nginx/**</c>.</summary>
    public string LiteralPrefix => Pattern[..(Pattern.IndexOfAny(['*', '?']) is var i and >= 0 ? i : Pattern.Length)];

    /// <summary>Parses a glob; an empty one is an error.</summary>
    public static bool TryParse(string pattern, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PathGlob? glob, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        glob = null;
        var normalized = Normalize(pattern);
        if (normalized.Length == 0)
        {
            error = "a path glob cannot be empty";
            return false;
        }

        var tokens = new List<Token>(normalized.Length);
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                var slash = i + 2 < normalized.Length && normalized[i + 2] == '/';
                tokens.Add(new Token(slash ? Kind.Directories : Kind.DoubleStar));
                i += slash ? 2 : 1;
            }
            else
            {
                tokens.Add(c switch
                {
                    '*' => new Token(Kind.Star),
                    '?' => new Token(Kind.AnyChar),
                    _ => new Token(Kind.Literal, c),
                });
            }
        }

        var literal = normalized.IndexOfAny(['*', '?']);
        var tail = tokens.Count - 1;
        while (tail >= 0 && tokens[tail].Kind == Kind.Literal)
        {
            tail--;
        }

        var suffix = literal < 0 ? "" : new string([.. tokens.Skip(tail + 1).Select(t => t.Char)]);
        glob = new PathGlob(pattern, [.. tokens], literal < 0 ? normalized : normalized[..literal], suffix);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="path"/> (relative to the repository root) matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = Normalize(path);

        // The literal head and tail are checked directly; the automaton runs only on what lies between.
        return normalized.StartsWith(_prefix, StringComparison.Ordinal)
            && normalized.Length >= _prefix.Length + _suffix.Length && normalized.EndsWith(_suffix, StringComparison.Ordinal)
            && (_prefix.Length == normalized.Length && _prefix.Length == _tokens.Length || Run(normalized));
    }

    /// <summary>
    /// Whether the glob concerns <paramref name="path"/>: it matches it, or <paramref name="path"/> is a
    /// directory the glob reaches into (asking about <c>deploy</c> finds <c>deploy/nginx/**</c>).
    /// </summary>
    public bool Concerns(string path)
    {
        var normalized = Normalize(path).TrimEnd('/');
        return IsMatch(normalized) || (normalized.Length > 0 && Normalize(LiteralPrefix).StartsWith(normalized + "/", StringComparison.Ordinal));
    }

    /// <summary>Simulates the automaton: state i means "before token i"; inside[i] means "within a **/ group that has not reached its '/' yet".</summary>
    private bool Run(string path)
    {
        var count = _tokens.Length;

        // A trailing ** after the literal head (deploy/**) matches whatever follows.
        if (count == _prefix.Length + 1 && _tokens[^1].Kind == Kind.DoubleStar)
        {
            return true;
        }

        Span<bool> buffer = count < 512 ? stackalloc bool[4 * (count + 1)] : new bool[4 * (count + 1)];
        var at = buffer[..(count + 1)];
        var inside = buffer.Slice(count + 1, count + 1);
        var nextAt = buffer.Slice(2 * (count + 1), count + 1);
        var nextInside = buffer.Slice(3 * (count + 1), count + 1);
        // Each character of the literal head is one literal token, already matched.
        at[_prefix.Length] = true;
        Close(at);
        foreach (var c in path.AsSpan(_prefix.Length))
        {
            nextAt.Clear();
            nextInside.Clear();
            var alive = false;
            for (var i = 0; i < count; i++)
            {
                if (!at[i] && !inside[i])
                {
                    continue;
                }

                var token = _tokens[i];
                switch (token.Kind)
                {
                    case Kind.Literal when at[i] && c == token.Char:
                    case Kind.AnyChar when at[i] && c != '/':
                        alive = nextAt[i + 1] = true;
                        break;
                    case Kind.Star when at[i] && c != '/':
                    case Kind.DoubleStar when at[i]:
                        alive = nextAt[i] = true;
                        break;
                    case Kind.Directories:
                        alive = nextInside[i] = true;
                        if (c == '/')
                        {
                            nextAt[i + 1] = true;
                        }

                        break;
                }
            }

            if (!alive)
            {
                return false;
            }

            Close(nextAt);
            nextAt.CopyTo(at);
            nextInside.CopyTo(inside);
        }

        return at[count];
    }

    /// <summary>Tokens that may match nothing let the state move past them without a character.</summary>
    private void Close(Span<bool> at)
    {
        for (var i = 0; i < _tokens.Length; i++)
        {
            if (at[i] && _tokens[i].Kind is Kind.Star or Kind.DoubleStar or Kind.Directories)
            {
                at[i + 1] = true;
            }
        }
    }

    private static string Normalize(string path)
    {
        // Repository paths from git and diffs are already normal; only others pay for a copy.
        if (!path.Contains('\\', StringComparison.Ordinal) && !path.StartsWith('/') && !path.StartsWith("./", StringComparison.Ordinal))
        {
            return path;
        }

        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.TrimStart('/');
    }
}
