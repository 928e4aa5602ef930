using System.Globalization;
using System.Text;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Toml;

namespace McpContext.Core.Knowledge;

/// <summary>One searchable part of a context: a section, or a known issue, lesson or decision.</summary>
/// <param name="Id">Stable within a context: <c>section/services</c>, <c>known_issues/KI-001</c> (or <c>known_issues/2</c> for an entry without an id).</param>
/// <param name="Title">What a result list shows.</param>
/// <param name="Text">The full text, readable by a model.</param>
/// <param name="Url">The MCP resource that serves it: <c>context://</c> + <paramref name="Id"/>, or the list's section for an entry without an id.</param>
/// <param name="Metadata">Kind, status, tags and paths, as strings.</param>
public sealed record SearchDocument(string Id, string Title, string Text, string Url, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A search result with its relevance score (higher is better).</summary>
/// <param name="Document">The matching part.</param>
/// <param name="Score">BM25 score.</param>
public sealed record SearchHit(SearchDocument Document, double Score);

/// <summary>
/// Full-text search over a context's sections and knowledge, ranked with BM25. Titles count three times
/// and tags twice, so "the build does not start after tagging" finds the known issue titled that way
/// before a section that merely mentions builds. Small corpora (a context has tens of parts) are
/// indexed per call; that costs microseconds.
/// </summary>
public static class ContextSearch
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly HashSet<string> StopWords = new(
        ["a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "in", "is", "it", "not", "of", "on", "or", "the", "this", "to", "what", "when", "why", "with"],
        StringComparer.Ordinal);

    /// <summary>The searchable parts of a context, in file order.</summary>
    public static IReadOnlyList<SearchDocument> Documents(TomlTable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = ProjectContext.From(model);
        var documents = new List<SearchDocument>();
        foreach (var (key, value) in model)
        {
            if (key is "known_issues" or "lessons" or "decisions")
            {
                continue;
            }

            var id = $"section/{key}";
            documents.Add(new(id, $"{context.Project ?? "project"}: {key}", Flatten(key, value), "context://" + id,
                new Dictionary<string, string> { ["kind"] = "section" }));
        }

        foreach (var item in context.Knowledge)
        {
            var id = Id(item);
            var metadata = new Dictionary<string, string> { ["kind"] = KnowledgeItem.ListName(item.Kind) };
            if (KnowledgeService.Status(item) is { } status)
            {
                metadata["status"] = status;
            }

            if (item.Tags.Count > 0)
            {
                metadata["tags"] = string.Join(", ", item.Tags);
            }

            if (item.Paths.Count > 0)
            {
                metadata["paths"] = string.Join(", ", item.Paths);
            }

            var text = new StringBuilder().AppendLine(item.Title);
            if (item.Details is not null)
            {
                text.AppendLine().AppendLine(item.Details);
            }

            foreach (var (name, value) in metadata)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{name}: {value}");
            }

            documents.Add(new(id, $"{item.Id ?? KnowledgeItem.ListName(item.Kind)}: {item.Title}", text.ToString().TrimEnd(), Url(item), metadata));
        }

        return documents;
    }

    /// <summary>The document id of a knowledge item.</summary>
    public static string Id(KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return $"{KnowledgeItem.ListName(item.Kind)}/{item.Id ?? item.Location.Last.Index.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The MCP resource serving a knowledge item: its own, or for a short-form entry without an id, its list's section.</summary>
    public static string Url(KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Id is null ? $"context://section/{KnowledgeItem.ListName(item.Kind)}" : ItemUrl(KnowledgeItem.ListName(item.Kind), item.Id);
    }

    /// <summary>The MCP resource of the item <paramref name="id"/> in the list <paramref name="list"/> (<c>known_issues</c>, <c>lessons</c>, <c>decisions</c>).</summary>
    public static string ItemUrl(string list, string id) => $"context://{list}/{Uri.EscapeDataString(id)}";

    /// <summary>The best <paramref name="limit"/> matches for <paramref name="query"/>, best first; documents sharing no term with it are left out.</summary>
    public static IReadOnlyList<SearchHit> Search(IReadOnlyList<SearchDocument> documents, string query, int limit)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(query);
        var terms = Tokens(query).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0 || documents.Count == 0)
        {
            return [];
        }

        var bags = documents.Select(d =>
        {
            var title = Tokens(d.Title).ToList();
            var tags = Tokens(d.Metadata.GetValueOrDefault("tags") ?? "").ToList();
            return (List<string>)[.. title, .. title, .. title, .. tags, .. tags, .. Tokens(d.Text)];
        }).ToList();
        var averageLength = bags.Average(b => b.Count);
        var frequencies = bags.Select(b => b.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)).ToList();
        var idf = terms.ToDictionary(t => t, t =>
        {
            var n = frequencies.Count(f => f.ContainsKey(t));
            return Math.Log(1 + ((documents.Count - n + 0.5) / (n + 0.5)));
        }, StringComparer.Ordinal);

        return [.. documents.Select((document, i) =>
            {
                var score = terms.Sum(t => frequencies[i].TryGetValue(t, out var f)
                    ? idf[t] * f * (K1 + 1) / (f + (K1 * (1 - B + (B * bags[i].Count / averageLength))))
                    : 0);
                return new SearchHit(document, score);
            })
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .Take(Math.Max(0, limit))];
    }

    /// <summary>Lower-case words and numbers, stop words dropped, plural and -ing/-ed endings folded.</summary>
    internal static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0 && !StopWords.Contains(word.ToString()))
            {
                yield return Stem(word.ToString());
            }

            word.Clear();
        }
    }

    private static string Stem(string word)
    {
        foreach (var suffix in new[] { "ing", "ed", "es", "s" })
        {
            if (word.Length > suffix.Length + 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    /// <summary>A section as readable <c>path = value</c> lines.</summary>
    private static string Flatten(string key, object value)
    {
        var lines = new StringBuilder();
        void Walk(TomlPath path, object node)
        {
            switch (node)
            {
                case TomlTable table:
                    foreach (var (k, v) in table)
                    {
                        Walk(path.Append(k), v);
                    }

                    break;
                case TomlArray array when array.Any(v => v is TomlTable):
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(path.Append(i), array[i]);
                    }

                    break;
                default:
                    lines.Append(path.ToString()).Append(" = ").AppendLine(ContextJson.ToNode(node).ToJsonString());
                    break;
            }
        }

        Walk(TomlPath.FromKeys(key), value);
        return lines.ToString().TrimEnd();
    }
}
