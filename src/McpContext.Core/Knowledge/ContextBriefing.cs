using McpContext.Core.Context.Model;
using McpContext.Core.Paths;
using McpContext.Toml;

namespace McpContext.Core.Knowledge;

/// <summary>A knowledge item chosen for a briefing, and why it was chosen.</summary>
/// <param name="Item">The known issue, lesson or decision.</param>
/// <param name="Reason">Why it applies: the touched path its paths cover, or that its words match the description.</param>
public sealed record BriefingItem(KnowledgeItem Item, string Reason);

/// <summary>
/// Picks the knowledge an agent should read before it plans, troubleshoots or reviews: first the items
/// whose <c>paths</c> cover a file the work touches (a lesson about <c>deploy/nginx/**</c> applies to any
/// nginx change, whatever words describe it), then the best text matches for the description.
/// </summary>
public static class ContextBriefing
{
    /// <summary>
    /// At most <paramref name="limit"/> items of the kinds <paramref name="include"/> accepts, path matches
    /// first (in file order), then text matches (best first). Bad globs in an item's paths are skipped; the
    /// validator reports them.
    /// </summary>
    public static IReadOnlyList<BriefingItem> Relevant(TomlTable model, string? description, IReadOnlyCollection<string> paths, Func<KnowledgeItem, bool> include, int limit)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(include);
        var items = ProjectContext.From(model).Knowledge.Where(include).ToList();
        var chosen = new List<BriefingItem>();
        foreach (var item in items)
        {
            if (TouchedPath(item, paths) is { } path)
            {
                chosen.Add(new(item, $"its paths cover {path}"));
            }
        }

        if (!string.IsNullOrWhiteSpace(description))
        {
            // Duplicate ids are a validation error, not a reason to fail a briefing: the first one wins.
            var byId = items.GroupBy(ContextSearch.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var documents = ContextSearch.Documents(model).Where(d => byId.ContainsKey(d.Id)).ToList();
            foreach (var hit in ContextSearch.Search(documents, description, limit))
            {
                var item = byId[hit.Document.Id];
                if (chosen.All(c => !ReferenceEquals(c.Item, item)))
                {
                    chosen.Add(new(item, "it matches the description"));
                }
            }
        }

        return [.. chosen.Take(limit)];
    }

    private static string? TouchedPath(KnowledgeItem item, IReadOnlyCollection<string> paths)
    {
        foreach (var pattern in item.Paths)
        {
            if (PathGlob.TryParse(pattern, out var glob, out _) && paths.FirstOrDefault(glob.Concerns) is { } path)
            {
                return path;
            }
        }

        return null;
    }
}
