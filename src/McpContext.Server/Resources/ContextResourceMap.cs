using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Server.Resources;

/// <summary>
/// The resources a context offers and their content: <c>context://project</c> (the whole document), one
/// <c>context://section/{name}</c> per top-level table or array, and one
/// <c>context://{known_issues|lessons|decisions}/{id}</c> per knowledge item that has an <c>id</c>.
/// </summary>
public static class ContextResourceMap
{
    /// <summary>The whole document.</summary>
    public const string ProjectUri = "context://project";

    /// <summary>The prefix of section URIs; the rest is the section's key, percent-encoded.</summary>
    public const string SectionPrefix = "context://section/";

    /// <summary>The top-level arrays whose items with an <c>id</c> are resources of their own.</summary>
    public static IReadOnlyList<string> KnowledgeKinds { get; } = ["known_issues", "lessons", "decisions"];

    /// <summary>Every URI <paramref name="model"/> offers, each with what it holds.</summary>
    public static IReadOnlyDictionary<string, object> Entries(TomlTable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entries = new Dictionary<string, object>(StringComparer.Ordinal) { [ProjectUri] = model };
        foreach (var (key, value) in model)
        {
            if (value is TomlTable or TomlArray)
            {
                entries[SectionPrefix + Uri.EscapeDataString(key)] = value;
            }
        }

        foreach (var kind in KnowledgeKinds)
        {
            foreach (var (id, item) in Items(model, kind))
            {
                entries.TryAdd(Core.Knowledge.ContextSearch.ItemUrl(kind, id), item);
            }
        }

        return entries;
    }

    /// <summary>The content of <paramref name="uri"/> as JSON, or null when the context has no such resource.</summary>
    public static string? Read(TomlTable model, string uri)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(uri);
        if (uri == ProjectUri)
        {
            return ContextJson.ToObject(model).ToJsonString();
        }

        if (uri.StartsWith(SectionPrefix, StringComparison.Ordinal))
        {
            var key = Uri.UnescapeDataString(uri[SectionPrefix.Length..]);
            return model.TryGetValue(key, out var section) && section is TomlTable or TomlArray ? ContextJson.ToNode(section).ToJsonString() : null;
        }

        foreach (var kind in KnowledgeKinds)
        {
            var prefix = $"context://{kind}/";
            if (uri.StartsWith(prefix, StringComparison.Ordinal))
            {
                var id = Uri.UnescapeDataString(uri[prefix.Length..]);
                return Items(model, kind).FirstOrDefault(i => i.Id == id).Item is { } item ? ContextJson.ToObject(item).ToJsonString() : null;
            }
        }

        return null;
    }

    /// <summary>The items of <paramref name="kind"/> that are tables with a string <c>id</c>; plain-string items have no id and are skipped.</summary>
    public static IEnumerable<(string Id, TomlTable Item)> Items(TomlTable model, string kind)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TryGetValue(kind, out var value) && value is TomlArray array)
        {
            foreach (var element in array)
            {
                if (element is TomlTable table && table.TryGetValue("id", out var id) && id is string text && text.Length > 0)
                {
                    yield return (text, table);
                }
            }
        }
    }

    /// <summary>A short human name for a URI's resource.</summary>
    public static string Describe(string uri, object value) => uri switch
    {
        ProjectUri => "the whole project context",
        _ when uri.StartsWith(SectionPrefix, StringComparison.Ordinal) => $"the [{Uri.UnescapeDataString(uri[SectionPrefix.Length..])}] section",
        _ => value is TomlTable t && t.TryGetValue("title", out var title) && title is string s ? s : uri,
    };
}
