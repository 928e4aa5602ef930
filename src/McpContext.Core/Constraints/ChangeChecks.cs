using System.Text.RegularExpressions;
using McpContext.Core.Context;
using McpContext.Core.Context.Formats;
using McpContext.Core.Context.Model;
using McpContext.Core.Diffs;
using McpContext.Core.Ledger;
using McpContext.Core.Paths;
using McpContext.Toml;

namespace McpContext.Core.Constraints;

/// <summary>The checks <see cref="ChangeValidator"/> runs on one change; each adds its findings.</summary>
internal sealed class ChangeChecks(
    ProjectContext context,
    RuleSet rules,
    IReadOnlyList<ChangedFile> files,
    IReadOnlyList<ContextKeyChange> keyChanges,
    string? contextPath,
    Func<string, string?> readCurrentFile,
    HashSet<Regex>? timedOut = null)
{
    // Shared by the checks of one change's parts, so a pattern that gave up once is not run again in a later part.
    private readonly HashSet<Regex> _timedOut = timedOut ?? [];

    public List<Finding> Findings { get; } = [];

    /// <summary>The context after the change must still parse and may not gain validation problems (the store would refuse the same write).</summary>
    public void ContextValidity(string contextName, ContextDocument? before, ContextDocument? after)
    {
        if (after is null || ReferenceEquals(before, after))
        {
            return;
        }

        if (after.HasErrors)
        {
            foreach (var error in after.SyntaxErrors)
            {
                Findings.Add(new Finding("context-invalid", RuleEffect.Deny, $"the change leaves {contextName} unreadable: {error.Message}") { Path = contextPath, Line = error.Line });
            }

            return;
        }

        var existing = before is null || before.HasErrors ? [] : ContextValidator.Validate(before).Select(d => d.Message).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in ContextValidator.Validate(after).Where(d => !existing.Contains(d.Message)))
        {
            Findings.Add(new Finding("context-invalid", RuleEffect.Deny, $"the change makes {contextName} invalid: {problem.Message}") { Path = contextPath, Line = problem.Line > 0 ? problem.Line : null, Key = problem.Path });
        }
    }

    /// <summary>Secrets in added lines of any file.</summary>
    public void SecretsInFiles()
    {
        foreach (var file in files)
        {
            foreach (var line in file.Diff?.AddedLines ?? [])
            {
                if (SecretGuard.Classify(line.Text) is { } kind)
                {
                    Findings.Add(new Finding("secret", RuleEffect.Deny, $"adds what looks like {kind.DescribeWithArticle()}; secrets belong in a secret manager, never in the repository or the context")
                    {
                        Path = file.Path,
                        Line = line.NewNumber,
                        DiffLine = line.DiffLine,
                    });
                }
            }
        }
    }

    /// <summary>Secrets in the values of the context patch.</summary>
    public void SecretsInPatch(IReadOnlyList<ContextOperation> patch)
    {
        foreach (var operation in patch.Where(o => o.Value is not null))
        {
            foreach (var secret in SecretGuard.Scan(operation.Path, operation.Value!))
            {
                Findings.Add(new Finding("secret", RuleEffect.Deny, secret.Message) { Key = secret.Path });
            }
        }
    }

    /// <summary>Changes to context keys that <c>constraints.locked</c> names.</summary>
    public void LockedKeys()
    {
        foreach (var change in keyChanges)
        {
            if (rules.Locked.FirstOrDefault(p => p.Matches(change.Path)) is { } pattern)
            {
                Findings.Add(new Finding("locked-key", RuleEffect.NeedsApproval, $"{Describe(change)}, which is locked (constraints.locked: {pattern}); changing it needs a person's approval")
                {
                    Key = change.Path.ToString(),
                });
            }
        }
    }

    /// <summary>Each configured rule against the changed context keys.</summary>
    public void KeyRules()
    {
        foreach (var rule in rules.Rules)
        {
            foreach (var change in keyChanges.Where(c => rule.Covers(c.Kind) && rule.Keys.Any(k => k.Matches(c.Path))))
            {
                Findings.Add(new Finding(rule.Id, rule.Effect, Message(rule, Describe(change))) { Key = change.Path.ToString() });
            }
        }
    }

    /// <summary>Each configured rule against the changed files and their added lines.</summary>
    public void FileRules()
    {
        // Most globs start with a literal directory: a file is only tried against the rules that could match it.
        var byDirectory = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var everywhere = new List<int>();
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var rule = rules.Rules[i];
            if (!rule.WatchesFiles)
            {
                continue;
            }

            var heads = rule.Paths.Select(g => Head(g.LiteralPrefix)).ToList();
            if (heads.Count == 0 || heads.Contains(null))
            {
                everywhere.Add(i);
                continue;
            }

            foreach (var head in heads.Distinct())
            {
                (byDirectory.TryGetValue(head!, out var list) ? list : byDirectory[head!] = []).Add(i);
            }
        }

        var candidates = new List<int>();
        var withPatterns = new List<CompiledRule>();
        foreach (var file in files)
        {
            candidates.Clear();
            candidates.AddRange(everywhere);
            candidates.AddRange(byDirectory.GetValueOrDefault(FirstSegment(file.Path)) ?? []);
            if (file.OldPath is { } oldPath && FirstSegment(oldPath) != FirstSegment(file.Path))
            {
                candidates.AddRange(byDirectory.GetValueOrDefault(FirstSegment(oldPath)) ?? []);
            }

            // In rule order, each rule once.
            candidates.Sort();
            withPatterns.Clear();
            for (var i = 0; i < candidates.Count; i++)
            {
                if (i == 0 || candidates[i] != candidates[i - 1])
                {
                    Check(rules.Rules[candidates[i]], file, withPatterns);
                }
            }

            if (withPatterns.Count > 0)
            {
                CheckLines(withPatterns, file);
            }
        }
    }

    /// <summary>A rule without patterns gives its finding here; one with patterns that covers the file joins <paramref name="withPatterns"/>.</summary>
    private void Check(CompiledRule rule, ChangedFile file, List<CompiledRule> withPatterns)
    {
        if (!rule.Covers(file.Kind) || (rule.Paths.Count > 0 && !Matches(rule.Paths, file.Path) && !(file.OldPath is { } old && Matches(rule.Paths, old))))
        {
            return;
        }

        if (rule.Patterns.Count == 0)
        {
            Findings.Add(new Finding(rule.Id, rule.Effect, Message(rule, Describe(file))) { Path = file.Path, DiffLine = file.Diff?.DiffLine });
        }
        else
        {
            withPatterns.Add(rule);
        }
    }

    /// <summary>The added lines of <paramref name="file"/> against the patterns of <paramref name="candidates"/>: line by line, in rule order within a line.</summary>
    private void CheckLines(List<CompiledRule> candidates, ChangedFile file)
    {
        var onlyLiterals = candidates.TrueForAll(r => r.OnlyLiteralPatterns);
        foreach (var line in file.Diff?.AddedLines ?? [])
        {
            var scan = new LineScan(line.Text.EndsWith('\r') ? line.Text[..^1] : line.Text, rules);
            if (onlyLiterals && !scan.HoldsAnyLiteral())
            {
                continue;
            }

            foreach (var rule in candidates)
            {
                if (MatchingPattern(rule, ref scan) is { } match)
                {
                    Findings.Add(new Finding(rule.Id, rule.Effect, Message(rule, match))
                    {
                        Path = file.Path,
                        Line = line.NewNumber,
                        DiffLine = line.DiffLine,
                    });
                }
            }
        }
    }

    /// <summary>The literal first directory of a glob's prefix (<c>deploy</c> for <c>deploy/nginx/**</c>), or null when its first segment has a wildcard.</summary>
    private static string? Head(string prefix)
    {
        var normalized = prefix.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        normalized = normalized.TrimStart('/');
        var slash = normalized.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? normalized[..slash] : null;
    }

    private static string FirstSegment(string path) => path.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? path[..slash] : path;

    /// <summary>
    /// Lines of repository files that define a service port a locked key or a rule's keys protect: a change
    /// that drops or adds such a definition gets that rule's effect (locked ports: locked-value). A file only
    /// named, not diffed, gets a warning when it defines one today, so the agent knows before editing.
    /// </summary>
    public void ProtectedPorts()
    {
        var protectedPorts = new List<(long Port, string Key, string Rule, RuleEffect Effect, string Why)>();
        foreach (var (_, service) in context.Services)
        {
            if (service is not { Port: { } port, PortPath: { } path })
            {
                continue;
            }

            if (rules.Locked.FirstOrDefault(p => p.Matches(path)) is { } pattern)
            {
                protectedPorts.Add((port, path.ToString(), "locked-value", RuleEffect.NeedsApproval, $"which is locked (constraints.locked: {pattern}); changing it needs a person's approval"));
            }

            foreach (var rule in rules.Rules.Where(r => r.Keys.Any(k => k.Matches(path))))
            {
                protectedPorts.Add((port, path.ToString(), rule.Id, rule.Effect, rule.Description ?? $"which rule {rule.Id} protects"));
            }
        }

        if (protectedPorts.Count == 0)
        {
            return;
        }

        var ports = protectedPorts.Select(p => p.Port).ToHashSet();
        foreach (var file in files)
        {
            if (file.Path == contextPath || file.Diff is { IsBinary: true })
            {
                continue;
            }

            if (file.Diff is { } diff && file.Kind != ChangeKind.Delete)
            {
                // One scan of the changed lines for every protected port, rather than one per port.
                var removed = Definitions(diff.RemovedLines, ports);
                var added = Definitions(diff.AddedLines, ports);
                foreach (var (port, key, rule, effect, why) in protectedPorts)
                {
                    var gone = removed.GetValueOrDefault(port) ?? [];
                    var come = added.GetValueOrDefault(port) ?? [];
                    if (gone.Count > come.Count)
                    {
                        var line = gone[come.Count];
                        Findings.Add(new Finding(rule, effect, Join(why, $"the change removes a line that defines {key} = {port}"))
                        {
                            Path = file.Path,
                            Line = line.OldNumber,
                            DiffLine = line.DiffLine,
                        });
                    }
                    else if (come.Count > gone.Count)
                    {
                        var line = come[gone.Count];
                        Findings.Add(new Finding(rule, effect, Join(why, $"the change adds a definition of port {port}, which is {key}"))
                        {
                            Path = file.Path,
                            Line = line.NewNumber,
                            DiffLine = line.DiffLine,
                        });
                    }
                }

                continue;
            }

            if (readCurrentFile(file.OldPath ?? file.Path) is not { } text)
            {
                continue;
            }

            foreach (var (port, key, rule, effect, why) in protectedPorts)
            {
                if (DefiningLine(text, port) is { } number)
                {
                    var deleted = file.Kind == ChangeKind.Delete;
                    Findings.Add(new Finding(rule, deleted ? effect : RuleEffect.Warn, deleted
                        ? Join(why, $"line {number} defines {key} = {port} and the change deletes the file")
                        : Join(why, $"line {number} defines {key} = {port}: keep it as it is"))
                    {
                        Path = file.Path,
                        Line = number,
                    });
                }
            }
        }
    }

    private static Dictionary<long, List<HunkLine>> Definitions(IEnumerable<HunkLine> lines, HashSet<long> ports)
    {
        var found = new Dictionary<long, List<HunkLine>>();
        foreach (var line in lines)
        {
            foreach (var port in PortDefinitions.Find(line.Text, ports.Contains))
            {
                (found.TryGetValue(port, out var list) ? list : found[port] = []).Add(line);
            }
        }

        return found;
    }

    /// <summary>Every touched file must be in the task's "Files to modify".</summary>
    public void TaskScope(TaskScope task)
    {
        if (task.FilesToModify.Count == 0)
        {
            Findings.Add(new Finding("task-scope", RuleEffect.Warn, $"task {task.Id} lists no files to modify in {task.File}, so its scope is not checked") { Path = task.File });
            return;
        }

        var entries = task.FilesToModify.Select(e => (Entry: e, Glob: PathGlob.TryParse(e.Pattern, out var g, out _) ? g : null)).ToList();
        foreach (var file in files)
        {
            foreach (var path in file.Paths)
            {
                var inScope = entries.Any(e => e.Glob?.IsMatch(path) == true || path.StartsWith(e.Entry.Pattern.TrimEnd('/') + "/", StringComparison.Ordinal));
                if (!inScope)
                {
                    Findings.Add(new Finding("task-scope", RuleEffect.NeedsApproval,
                        $"{path} is not in the Files to modify of task {task.Id} ({task.File}:{task.FilesToModify[0].Line}); modify only the listed files, or have the task changed")
                    {
                        Path = path,
                        DiffLine = file.Diff?.DiffLine,
                    });
                }
            }
        }
    }

    /// <summary>
    /// Frozen spec documents: one the change touches needs a person's approval; one that already differs
    /// from its freeze (changed outside this change) is a warning until someone re-freezes it.
    /// </summary>
    public void FrozenDocuments(IReadOnlyList<FrozenDocument> documents)
    {
        foreach (var document in documents)
        {
            if (files.FirstOrDefault(f => f.Paths.Contains(document.Path, StringComparer.Ordinal)) is { } file)
            {
                var frozen = document.Problem is null ? $"frozen on {document.FrozenAt.UtcDateTime:yyyy-MM-dd} by {document.FrozenBy} ({document.Reason})" : $"frozen, though its freeze log cannot be trusted ({document.LogFile}: {document.Problem})";
                Findings.Add(new Finding("frozen-spec", RuleEffect.NeedsApproval, $"{document.Path} is a frozen spec document, {frozen}; the change {Describe(file).Split(' ')[0]} it, which needs a person's approval and then a re-freeze with a reason")
                {
                    Path = file.Path,
                    DiffLine = file.Diff?.DiffLine,
                });
            }
            else if (document.IsChanged)
            {
                Findings.Add(new Finding("frozen-spec", RuleEffect.Warn, document.Describe()) { Path = document.Path });
            }
        }
    }

    private static bool Matches(IReadOnlyList<PathGlob> globs, string path)
    {
        foreach (var glob in globs)
        {
            if (glob.IsMatch(path))
            {
                return true;
            }
        }

        return false;
    }

    private string? MatchingPattern(CompiledRule rule, ref LineScan line)
    {
        for (var i = 0; i < rule.Patterns.Count; i++)
        {
            var pattern = rule.Patterns[i];
            if (rule.Literals[i] is { } literal ? !line.Holds(literal) : rules.IsInPrefilter(pattern) && !line.MayMatchPrefilter())
            {
                continue;
            }

            if (_timedOut.Contains(pattern))
            {
                return $"pattern /{pattern}/ took longer than {RuleSet.PatternTimeout.TotalMilliseconds:0} ms on an earlier line and is not run again; it counts as matching this line";
            }

            try
            {
                if (pattern.IsMatch(line.Text))
                {
                    return $"an added line matches /{pattern}/";
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A check that gives up must not let the change through; and one slow pattern must not
                // stall the commit line after line, so it is not run again.
                _timedOut.Add(pattern);
                return $"pattern /{pattern}/ took longer than {RuleSet.PatternTimeout.TotalMilliseconds:0} ms on this line and counts as matching";
            }
        }

        return null;
    }

    /// <summary>
    /// One added line and what the rule set's prefilters say about it, each worked out at most once however
    /// many rules look at the line.
    /// </summary>
    private struct LineScan(string text, RuleSet rules)
    {
        private bool? _holdsLiteral;
        private bool? _mayMatch;

        public readonly string Text => text;

        /// <summary>Whether the line contains any of <see cref="RuleSet.Literals"/>.</summary>
        public bool HoldsAnyLiteral() => _holdsLiteral ??= rules.Literals is { } literals && text.AsSpan().IndexOfAny(literals) >= 0;

        /// <summary>Whether the line contains <paramref name="literal"/>, one of <see cref="RuleSet.Literals"/>.</summary>
        public bool Holds(string literal) => HoldsAnyLiteral() && text.Contains(literal, StringComparison.Ordinal);

        /// <summary>Whether any pattern in <see cref="RuleSet.Prefilter"/> can match the line.</summary>
        public bool MayMatchPrefilter()
        {
            if (_mayMatch is null)
            {
                try
                {
                    _mayMatch = rules.Prefilter!.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    // Undecided: let each pattern judge the line on its own, with its own limit.
                    _mayMatch = true;
                }
            }

            return _mayMatch.Value;
        }
    }

    private static int? DefiningLine(string text, long port)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (PortDefinitions.Defines(lines[i], port))
            {
                return i + 1;
            }
        }

        return null;
    }

    private static string Message(CompiledRule rule, string what) => Join(rule.Description ?? $"rule {rule.Id}", what);

    private static string Join(string why, string what) => $"{why.TrimEnd('.')} ({what})";

    private static string Describe(ChangedFile file) => file.Kind switch
    {
        ChangeKind.Add => $"adds {file.Path}",
        ChangeKind.Delete => $"deletes {file.Path}",
        ChangeKind.Rename => $"renames {file.OldPath} to {file.Path}",
        _ => $"modifies {file.Path}",
    };

    private static string Describe(ContextKeyChange change) => change.Kind switch
    {
        ChangeKind.Add => $"adds {change.Path} = {Format(change.Path, change.After)}",
        ChangeKind.Delete => $"removes {change.Path} (was {Format(change.Path, change.Before)})",
        _ => $"changes {change.Path} from {Format(change.Path, change.Before)} to {Format(change.Path, change.After)}",
    };

    /// <summary>A value for a message: short, and never a secret (findings travel to clients, logs and CI output).</summary>
    internal static string Format(TomlPath path, object? value)
    {
        if (value is null)
        {
            return "nothing";
        }

        if (SecretGuard.Scan(path, value) is [var secret, ..])
        {
            return SecretGuard.RedactionMarker(secret.Kind);
        }

        var text = TomlValueFormatter.Format(value);
        return text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59), "…");
    }
}
