using System.Buffers;
using System.Text.RegularExpressions;
using McpContext.Core.Context.Model;
using McpContext.Core.Paths;
using McpContext.Toml;

namespace McpContext.Core.Constraints;

/// <summary>A rule ready to match: globs, key patterns and regular expressions compiled.</summary>
internal sealed record CompiledRule(
    string Id,
    string? Description,
    RuleEffect Effect,
    IReadOnlyList<PathGlob> Paths,
    IReadOnlyList<KeyPattern> Keys,
    IReadOnlyList<Regex> Patterns,
    IReadOnlySet<ChangeKind>? Changes)
{
    /// <summary>Per pattern, the text every match of it contains (<see cref="PatternLiteral"/>), or null.</summary>
    public IReadOnlyList<string?> Literals { get; } = [.. Patterns.Select(p => PatternLiteral.Of(p.ToString()))];

    /// <summary>Whether every pattern has a literal: then a line without any of <see cref="RuleSet.Literals"/> cannot match the rule.</summary>
    public bool OnlyLiteralPatterns => Literals.All(l => l is not null);

    /// <summary>Whether the rule looks at files: it names paths or patterns, or only kinds of change.</summary>
    public bool WatchesFiles => Paths.Count > 0 || Patterns.Count > 0 || Keys.Count == 0;

    public bool Covers(ChangeKind kind) => Changes is null || Changes.Contains(kind);
}

/// <summary>
/// The constraints of one context compiled for matching: its rules and its locked keys. What cannot be
/// compiled (a bad glob, key pattern or regular expression; a reserved or repeated id; a rule that matches
/// nothing) is a problem at the rule's key path; such a rule is left out.
/// </summary>
internal sealed partial class RuleSet
{
    /// <summary>The ids of the built-in checks; a rule may not take one.</summary>
    public static readonly IReadOnlyList<string> BuiltInIds = ["secret", "locked-key", "locked-value", "task-scope", "frozen-spec", "context-invalid"];

    /// <summary>How long a rule's pattern may take on one line.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private RuleSet(IReadOnlyList<CompiledRule> rules, IReadOnlyList<KeyPattern> locked, IReadOnlyList<ModelProblem> problems)
    {
        Rules = rules;
        Locked = locked;
        Problems = problems;
        Prefilter = BuildPrefilter(rules);
    }

    public IReadOnlyList<CompiledRule> Rules { get; }

    public IReadOnlyList<KeyPattern> Locked { get; }

    public IReadOnlyList<ModelProblem> Problems { get; }

    /// <summary>
    /// Every combinable pattern without a <see cref="CompiledRule.Literals">literal</see> in one alternation: a line it does
    /// not match matches none of them, so most added lines need one regex run instead of one per pattern.
    /// Null when there are none.
    /// </summary>
    public Regex? Prefilter { get; }

    /// <summary>Every pattern's <see cref="CompiledRule.Literals">literal</see>: a line holding none of them needs none of those patterns run.</summary>
    public SearchValues<string>? Literals { get; private set; }

    /// <summary>Whether <paramref name="pattern"/> can be judged by <see cref="Prefilter"/>.</summary>
    public bool IsInPrefilter(Regex pattern) => _combined.Contains(pattern);

    private readonly HashSet<Regex> _combined = [];

    /// <summary>Compiles <paramref name="constraints"/>; a rule that already has a problem in <paramref name="modelProblems"/> (a wrong type, a missing id) is left out without another.</summary>
    public static RuleSet Compile(Context.Model.Constraints? constraints, IReadOnlyCollection<ModelProblem> modelProblems)
    {
        var problems = new List<ModelProblem>();
        var rules = new List<CompiledRule>();
        var at = TomlPath.FromKeys("constraints");
        var locked = new List<KeyPattern>();
        foreach (var (text, i) in (constraints?.Locked ?? []).Select((t, i) => (t, i)))
        {
            if (KeyPattern.TryParse(text, out var pattern, out var error))
            {
                locked.Add(pattern);
            }
            else
            {
                problems.Add(new(at.Append("locked").Append(i), error));
            }
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rule, index) in (constraints?.Rules ?? []).Select((r, i) => (r, i)))
        {
            var where = at.Append("rules").Append(index);

            // A rule without an id or a known effect is already a model problem.
            if (rule.Id is not { } id || VerdictNames.ParseEffect(rule.Effect) is not { } effect || modelProblems.Any(p => where.IsPrefixOf(p.Path)))
            {
                continue;
            }

            if (BuiltInIds.Contains(id, StringComparer.Ordinal))
            {
                problems.Add(new(where.Append("id"), $"rule id '{id}' is reserved for a built-in check ({string.Join(", ", BuiltInIds)})"));
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                problems.Add(new(where.Append("id"), $"rule id '{id}' is already used by constraints.rules[{first}]; findings name rules by id, so ids must be unique"));
                continue;
            }

            seen[id] = index;
            if (Compile(rule, id, effect, where, problems) is { } compiled)
            {
                rules.Add(compiled);
            }
        }

        return new RuleSet(rules, locked, problems);
    }

    private static CompiledRule? Compile(ConstraintRule rule, string id, RuleEffect effect, TomlPath where, List<ModelProblem> problems)
    {
        var before = problems.Count;
        var globs = new List<PathGlob>();
        foreach (var (text, i) in rule.Paths.Select((t, i) => (t, i)))
        {
            if (PathGlob.TryParse(text, out var glob, out var error))
            {
                globs.Add(glob);
            }
            else
            {
                problems.Add(new(where.Append("paths").Append(i), $"rule {id}: {error}"));
            }
        }

        var keys = new List<KeyPattern>();
        foreach (var (text, i) in rule.Keys.Select((t, i) => (t, i)))
        {
            if (KeyPattern.TryParse(text, out var key, out var error))
            {
                keys.Add(key);
            }
            else
            {
                problems.Add(new(where.Append("keys").Append(i), $"rule {id}: {error}"));
            }
        }

        var patterns = new List<Regex>();
        foreach (var (text, i) in rule.Patterns.Select((t, i) => (t, i)))
        {
            if (TryCompile(text, out var regex, out var error))
            {
                patterns.Add(regex);
            }
            else
            {
                problems.Add(new(where.Append("patterns").Append(i), $"rule {id}: '{text}' is not a valid regular expression: {error}"));
            }
        }

        if (globs.Count + keys.Count + patterns.Count == 0 && rule.Changes.Count == 0 && problems.Count == before)
        {
            problems.Add(new(where, $"rule {id} matches nothing: give it paths, keys, patterns or changes"));
        }

        if (problems.Count > before)
        {
            return null;
        }

        var changes = rule.Changes.Count == 0 ? null : rule.Changes.Select(ChangeKinds.Parse).OfType<ChangeKind>().ToHashSet();
        return new CompiledRule(id, rule.Description, effect, globs, keys, patterns, changes);
    }

    private Regex? BuildPrefilter(IReadOnlyList<CompiledRule> rules)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var literals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            for (var i = 0; i < rule.Patterns.Count; i++)
            {
                var pattern = rule.Patterns[i];
                if (rule.Literals[i] is { } literal)
                {
                    literals.Add(literal);
                }
                else if (IsCombinable(pattern.ToString()))
                {
                    _combined.Add(pattern);
                    texts.Add(pattern.ToString());
                }
            }
        }

        Literals = literals.Count == 0 ? null : SearchValues.Create([.. literals], StringComparison.Ordinal);
        return texts.Count == 0 ? null : new Regex(string.Join('|', texts.Select(p => $"(?:{p})")), RegexOptions.CultureInvariant, PatternTimeout);
    }

    /// <summary>
    /// A pattern means the same inside an alternation unless it refers to groups by number or name (which the
    /// other patterns' groups renumber) or turns on free-spacing mode (whose comments would run into the next
    /// pattern). Such patterns, and any that merely look like them, are always run on their own.
    /// </summary>
    internal static bool IsCombinable(string pattern) => !Uncombinable().IsMatch(pattern);

    [GeneratedRegex(@"\\[1-9]|\\k|\(\?\(|\(\?[a-zA-Z-]*x", RegexOptions.CultureInvariant)]
    private static partial Regex Uncombinable();

    private static bool TryCompile(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Regex? regex, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        // The backtracking interpreter, bounded per line: it builds in microseconds, where the linear-time
        // engine takes milliseconds per pattern, which hundreds of rules in a fresh `mcpctx check` process
        // would pay on every commit. A pattern that hits the limit counts as matching (see ChangeChecks).
        regex = null;
        error = null;
        try
        {
            regex = new Regex(text, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }

        return regex is not null;
    }
}
