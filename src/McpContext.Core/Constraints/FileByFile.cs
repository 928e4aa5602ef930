using System.Text.RegularExpressions;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Paths;

namespace McpContext.Core.Constraints;

/// <summary>
/// What is worked out one changed file at a time, gathered over a change's files however many parts they come
/// in: the per-file checks (secrets and rule patterns in added lines, paths against the rules' globs, lines
/// defining a protected port), each file's share of the change id, and the known issues and lessons whose
/// paths it touches. Each check runs over a part's files in turn, parts in the order they are added.
/// </summary>
internal sealed class FileByFile
{
    private readonly ProjectContext _context;
    private readonly RuleSet _rules;
    private readonly string? _contextPath;
    private readonly Func<string, string?> _readCurrentFile;
    private readonly HashSet<Regex> _timedOut = [];
    private readonly List<string> _identityTexts = [];
    private readonly List<(KnowledgeItem Item, List<PathGlob> Globs, List<string> Files)> _knowledge;
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public FileByFile(ProjectContext context, RuleSet rules, string? contextPath, Func<string, string?> readCurrentFile)
    {
        (_context, _rules, _contextPath, _readCurrentFile) = (context, rules, contextPath, readCurrentFile);
        _knowledge = [.. context.KnownIssues.Cast<KnowledgeItem>().Concat(context.Lessons)
            .Select(item => (item, item.Paths.Select(p => PathGlob.TryParse(p, out var g, out _) ? g : null).OfType<PathGlob>().ToList(), new List<string>()))
            .Where(k => k.Item2.Count > 0)];
    }

    public List<ChangedFile> Files { get; } = [];

    public List<Finding> Findings { get; } = [];

    public void Add(IReadOnlyList<ChangedFile> files)
    {
        Files.AddRange(files);
        var checks = new ChangeChecks(_context, _rules, files, [], _contextPath, _readCurrentFile, _timedOut);
        checks.SecretsInFiles();
        checks.FileRules();
        checks.ProtectedPorts();
        Findings.AddRange(checks.Findings);
        foreach (var file in files)
        {
            _identityTexts.Add(ChangeIdentity.Text(file));
            foreach (var path in file.Paths)
            {
                if (_touched.Add(path))
                {
                    MatchKnowledge(path);
                }
            }
        }
    }

    /// <summary>The id of the change made of the files added so far and <paramref name="patch"/>.</summary>
    public string ChangeId(IReadOnlyList<ContextOperation> patch) => ChangeIdentity.Compute(Files, _identityTexts, patch);

    /// <summary>The known issues and lessons whose paths match a touched file, each with the files it matched, in the order they were touched.</summary>
    public List<RelatedKnowledge> Knowledge() => [.. _knowledge.Where(k => k.Files.Count > 0).Select(k => new RelatedKnowledge(k.Item, k.Files))];

    private void MatchKnowledge(string path)
    {
        foreach (var (_, globs, matched) in _knowledge)
        {
            foreach (var glob in globs)
            {
                if (glob.IsMatch(path))
                {
                    matched.Add(path);
                    break;
                }
            }
        }
    }
}
