using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpContext.Core.Ledger;

/// <summary>
/// The optional YAML front matter of a task file: <c>id</c>, <c>title</c>, <c>depends_on</c>,
/// <c>priority</c>, <c>tags</c>, <c>executor</c>, <c>reviewer</c>. Keys are matched loosely (case,
/// dashes, the usual synonyms); lists may be YAML sequences or comma-separated text.
/// </summary>
internal sealed class FrontMatter
{
    /// <summary>The keys McpContext reads, in the order task files are written with them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["id", "title", "depends_on", "priority", "tags", "executor", "reviewer"];

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["title"] = "title", ["name"] = "title",
        ["depends_on"] = "depends_on", ["dependson"] = "depends_on", ["depends"] = "depends_on", ["dependencies"] = "depends_on",
        ["deps"] = "depends_on", ["after"] = "depends_on", ["blocked_by"] = "depends_on", ["requires"] = "depends_on",
        ["priority"] = "priority", ["prio"] = "priority",
        ["tags"] = "tags", ["tag"] = "tags", ["labels"] = "tags",
        ["executor"] = "executor", ["assignee"] = "executor", ["agent"] = "executor",
        ["reviewer"] = "reviewer", ["reviewers"] = "reviewer", ["review_by"] = "reviewer",
    };

    public string? Id { get; private set; }

    public int IdLine { get; private set; }

    public string? Title { get; private set; }

    public IReadOnlyList<string>? DependsOn { get; private set; }

    public int DependsOnLine { get; private set; }

    public int? Priority { get; private set; }

    public IReadOnlyList<string>? Tags { get; private set; }

    public string? Executor { get; private set; }

    public string? Reviewer { get; private set; }

    /// <summary>Reads the YAML between the <c>---</c> lines; <paramref name="firstLine"/> is the file line of its first line.</summary>
    public static FrontMatter Read(string yaml, int firstLine, string file, List<LedgerDiagnostic> diagnostics)
    {
        var result = new FrontMatter();
        var entries = SimpleYaml.TryRead(yaml, firstLine) ?? Load(yaml, firstLine, file, diagnostics);
        if (entries is null)
        {
            return result;
        }

        foreach (var (key, line, value) in entries)
        {
            var normalized = key.Trim().Replace('-', '_').ToLowerInvariant();
            if (normalized is "status" or "state")
            {
                diagnostics.Add(new(file, line, $"'{key}' is not read from the front matter: the ledger's event log holds the state (change it with task_transition)", LedgerSeverity.Warning));
                continue;
            }

            if (!Synonyms.TryGetValue(normalized, out var known))
            {
                diagnostics.Add(new(file, line, $"unknown front matter key '{key}'; McpContext reads {string.Join(", ", Keys)}", LedgerSeverity.Warning));
                continue;
            }

            switch (known)
            {
                case "id":
                    result.Id = Scalar(value, key, file, line, diagnostics);
                    result.IdLine = line;
                    break;
                case "title":
                    result.Title = Scalar(value, key, file, line, diagnostics);
                    break;
                case "depends_on":
                    result.DependsOn = List(value, key, file, line, firstLine, diagnostics);
                    result.DependsOnLine = line;
                    break;
                case "priority":
                    var text = Scalar(value, key, file, line, diagnostics);
                    if (text is null)
                    {
                        break;
                    }

                    if (TaskPriority.TryParse(text, out var priority))
                    {
                        result.Priority = priority;
                    }
                    else
                    {
                        diagnostics.Add(new(file, line, $"priority '{text}' is not understood; use {TaskPriority.Expected}"));
                    }

                    break;
                case "tags":
                    result.Tags = List(value, key, file, line, firstLine, diagnostics);
                    break;
                case "executor":
                    result.Executor = Scalar(value, key, file, line, diagnostics);
                    break;
                default:
                    result.Reviewer = Scalar(value, key, file, line, diagnostics);
                    break;
            }
        }

        return result;
    }

    /// <summary>The top-level entries through YamlDotNet; null (with a diagnostic when the YAML is bad) when there are none.</summary>
    private static List<(string Key, int Line, YamlNode Value)>? Load(string yaml, int firstLine, string file, List<LedgerDiagnostic> diagnostics)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            diagnostics.Add(new(file, firstLine + (int)e.Start.Line - 1, $"the front matter is not valid YAML: {(e.InnerException ?? e).Message}"));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these on some broken input instead of a positioned YamlException.
            diagnostics.Add(new(file, firstLine - 1, $"the front matter is not valid YAML (the reader stopped: {e.Message})"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            diagnostics.Add(new(file, firstLine + (int)stream.Documents[0].RootNode.Start.Line - 1, "the front matter must be key: value lines (id, depends_on, priority, tags, executor, reviewer)"));
            return null;
        }

        return [.. mapping.Children.Select(c => ((c.Key as YamlScalarNode)?.Value ?? "", firstLine + (int)c.Key.Start.Line - 1, c.Value))];
    }

    private static string? Scalar(YamlNode node, string key, string file, int line, List<LedgerDiagnostic> diagnostics)
    {
        if (node is YamlScalarNode scalar)
        {
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        }

        diagnostics.Add(new(file, line, $"front matter '{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}"));
        return null;
    }

    private static List<string> List(YamlNode node, string key, string file, int line, int firstLine, List<LedgerDiagnostic> diagnostics)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                var parts = text.Contains(',', StringComparison.Ordinal) ? text.Split(',') : text.Split((char[]?)null);
                return [.. parts.Select(p => p.Trim()).Where(p => p.Length > 0)];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } value } && value.Trim().Length > 0)
                    {
                        items.Add(value.Trim());
                    }
                    else
                    {
                        diagnostics.Add(new(file, firstLine + (int)item.Start.Line - 1, $"front matter '{key}' must list single values; item {(sequence.Children.IndexOf(item) + 1).ToString(CultureInfo.InvariantCulture)} is not one"));
                    }
                }

                return items;
            default:
                diagnostics.Add(new(file, line, $"front matter '{key}' must be a list (or comma-separated text), not a mapping"));
                return [];
        }
    }
}
