using System.Text;
using McpContext.Toml;

namespace McpContext.Cli;

/// <summary>
/// Renders any context document compactly: plain values as <c>key  value</c>, each table on a few lines,
/// each array of tables as one line per entry using its id, title and status. Works on any keys,
/// known or not, so nothing in the file is hidden.
/// </summary>
internal static class ContextSummary
{
    private const int Width = 100;

    public static string Render(TomlTable root)
    {
        var sb = new StringBuilder();
        var plain = root.Where(p => p.Value is not TomlTable && !IsTableList(p.Value)).ToList();
        var pad = plain.Count == 0 ? 0 : plain.Max(p => p.Key.Length) + 2;
        foreach (var (key, value) in plain)
        {
            sb.Append(key.PadRight(pad)).AppendLine(Clip(Inline(value), Width - pad));
        }

        foreach (var (key, value) in root)
        {
            if (value is TomlTable table)
            {
                sb.AppendLine().AppendLine($"[{key}]");
                RenderTable(sb, table);
            }
            else if (IsTableList(value))
            {
                var items = ((TomlArray)value).Cast<TomlTable>().ToList();
                var statuses = items.Select(t => t.TryGetValue("status", out var s) ? s as string : null).OfType<string>()
                    .GroupBy(s => s).Select(g => $"{g.Count()} {g.Key}").ToList();
                var status = statuses.Count > 0 ? ": " + string.Join(", ", statuses) : "";
                sb.AppendLine().AppendLine($"[[{key}]]  {items.Count} entr{(items.Count == 1 ? "y" : "ies")}{status}");
                foreach (var item in items)
                {
                    sb.Append("  - ").AppendLine(Clip(Headline(item), Width - 4));
                }
            }
        }

        return sb.ToString();
    }

    private static void RenderTable(StringBuilder sb, TomlTable table)
    {
        var pad = table.Count == 0 ? 0 : table.Max(p => p.Key.Length) + 2;
        foreach (var (key, value) in table)
        {
            var text = value switch
            {
                TomlTable child => string.Join("  ", child.Where(p => p.Value is not TomlTable).Select(p => $"{p.Key}={Inline(p.Value)}")),
                _ when IsTableList(value) => $"{((TomlArray)value).Count} entries: " + string.Join("; ", ((TomlArray)value).Cast<TomlTable>().Select(Headline)),
                _ => Inline(value),
            };
            sb.Append("  ").Append(key.PadRight(pad)).AppendLine(Clip(text, Width - pad - 2));
        }
    }

    /// <summary>"KI-001 [open] Title", from whichever of id, title/name and status the entry has.</summary>
    private static string Headline(TomlTable item)
    {
        string? Get(string key) => item.TryGetValue(key, out var v) && v is not (TomlTable or TomlArray) ? Inline(v) : null;
        var id = Get("id");
        var title = Get("title") ?? Get("name") ?? Get("description");
        var status = Get("status");
        var parts = new[] { id, status is null ? null : $"[{status}]", title }.Where(p => p is not null).ToList();
        return parts.Count > 0 ? string.Join(' ', parts) : Inline(item);
    }

    private static bool IsTableList(object value) => value is TomlArray { Count: > 0 } array && array.All(v => v is TomlTable);

    private static string Inline(object value) => value switch
    {
        string s => s.ReplaceLineEndings(" ").Trim(),
        TomlArray array when array.All(v => v is string) => string.Join(", ", array.Cast<string>()),
        _ => TomlValueFormatter.Format(value),
    };

    private static string Clip(string text, int width) =>
        text.Length <= width || width < 2 ? text : string.Concat(text.AsSpan(0, width - 1), "…");
}
