using System.Text;
using System.Text.RegularExpressions;

namespace McpContext.Core.Paths;

/// <summary>
/// A repository path glob as people write them in context files and rules: <c>**</c> spans directories,
/// <c>*</c> and <c>?</c> stay inside one path segment, <c>/</c> separates segments. Matching is
/// case-sensitive, like git on Linux.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex _regex;

    private PathGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

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

        var regex = new StringBuilder("^");
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                // "**/" matches zero or more whole directories; a trailing "**" matches everything below.
                var slash = i + 2 < normalized.Length && normalized[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        glob = new PathGlob(pattern, new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="path"/> (relative to the repository root) matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.IsMatch(Normalize(path));
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

    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.TrimStart('/');
    }
}
