using System.Collections.Concurrent;
using McpContext.Core.Paths;

namespace McpContext.Core.Drift;

/// <summary>
/// A context path glob with <see cref="PathGlob"/>'s meaning, matched without a regular expression for
/// the shapes contexts mostly hold (a plain path, <c>dir/**</c>), and through a cached
/// <see cref="PathGlob"/> otherwise: building one takes milliseconds, and a context names hundreds.
/// </summary>
internal sealed class Glob
{
    // Contexts name a few hundred globs at most; past this the cache starts over rather than grow.
    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<string, PathGlob> Cache = new(StringComparer.Ordinal);

    private readonly PathGlob? _regex;

    private Glob(string prefix, bool literal, PathGlob? regex)
    {
        Prefix = prefix;
        IsLiteral = literal;
        _regex = regex;
    }

    /// <summary>The part before the first wildcard, as git lists paths (no <c>./</c>, no leading <c>/</c>); the whole path when <see cref="IsLiteral"/>.</summary>
    public string Prefix { get; }

    /// <summary>True when there is no wildcard.</summary>
    public bool IsLiteral { get; }

    /// <summary>The glob, or null when it is empty (which <see cref="PathGlob"/> refuses too).</summary>
    public static Glob? Parse(string pattern)
    {
        var wildcard = pattern.IndexOfAny(['*', '?']);
        var prefix = RepositoryFiles.Normalize(wildcard < 0 ? pattern : pattern[..wildcard]);
        if (wildcard < 0)
        {
            return prefix.Length == 0 ? null : new Glob(prefix, literal: true, null);
        }

        // "dir/**" (or "**"): everything under the prefix, which is all a regex would check.
        if (wildcard == pattern.Length - 2 && pattern.EndsWith("**", StringComparison.Ordinal) && (prefix.Length == 0 || prefix.EndsWith('/')))
        {
            return new Glob(prefix, literal: false, null);
        }

        if (!Cache.TryGetValue(pattern, out var regex))
        {
            if (!PathGlob.TryParse(pattern, out regex, out _))
            {
                return null;
            }

            if (Cache.Count >= MaxCached)
            {
                Cache.Clear();
            }

            Cache[pattern] = regex;
        }

        return new Glob(prefix, literal: false, regex);
    }

    /// <summary>Whether <paramref name="path"/> (as git lists it) matches.</summary>
    public bool IsMatch(string path) =>
        IsLiteral ? path == Prefix
        : _regex is null ? path.StartsWith(Prefix, StringComparison.Ordinal)
        : _regex.IsMatch(path);
}
