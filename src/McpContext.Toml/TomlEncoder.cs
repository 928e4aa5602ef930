using System.Text;

namespace McpContext.Toml;

/// <summary>
/// Writes a value model as a TOML document: plain values first, then each sub-table under its own
/// <c>[header]</c> and each array of tables as <c>[[header]]</c> sections, so the output reads like a hand-written file.
/// </summary>
public static class TomlEncoder
{
    /// <summary>Deepest nesting the encoder writes: any parsed document (128 key parts plus 128 levels of values) fits.</summary>
    public const int MaxDepth = 256;

    /// <summary>Encodes <paramref name="table"/> as TOML text.</summary>
    /// <exception cref="ArgumentException">The model nests more than <see cref="MaxDepth"/> levels.</exception>
    public static string Encode(TomlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (TomlModel.Depth(table, MaxDepth) > MaxDepth)
        {
            throw new ArgumentException($"the value nests tables and arrays more than {MaxDepth} levels deep; TOML documents read by this engine never do", nameof(table));
        }

        var sb = new StringBuilder();
        WriteBody(sb, table, []);
        return sb.ToString();
    }

    /// <summary>
    /// A <c>[header]</c> (or <c>[[header]]</c>) section for <paramref name="table"/> followed by its sub-sections,
    /// for inserting a new table into an existing document.
    /// </summary>
    internal static string EncodeSection(IReadOnlyList<string> headerKeys, TomlTable table, bool arrayElement)
    {
        var path = headerKeys.ToList();
        var name = TomlKeyFormatter.FormatPath(path);
        var sb = new StringBuilder(arrayElement || NeedsHeader(table) ? (arrayElement ? $"[[{name}]]\n" : $"[{name}]\n") : "");
        WriteBody(sb, table, path);
        return sb.ToString();
    }

    /// <summary>A table holding only sub-tables is implied by their headers; writing its own empty header is noise.</summary>
    private static bool NeedsHeader(TomlTable table) =>
        table.Count == 0 || table.Any(pair => pair.Value is not TomlTable && !IsSectionArray(pair.Value));

    /// <summary>True when an array is written as <c>[[...]]</c> sections: non-empty and holding only tables.</summary>
    internal static bool IsSectionArray(object value) =>
        value is TomlArray { Count: > 0 } array && array.All(v => v is TomlTable);

    private static void WriteBody(StringBuilder sb, TomlTable table, List<string> path)
    {
        foreach (var (key, value) in table)
        {
            if (value is not TomlTable && !IsSectionArray(value))
            {
                sb.Append(TomlKeyFormatter.FormatKey(key)).Append(" = ");
                TomlValueFormatter.Append(sb, value);
                sb.Append('\n');
            }
        }

        foreach (var (key, value) in table)
        {
            if (value is TomlTable child)
            {
                path.Add(key);
                if (NeedsHeader(child))
                {
                    Separate(sb).Append('[').Append(TomlKeyFormatter.FormatPath(path)).Append("]\n");
                }

                WriteBody(sb, child, path);
                path.RemoveAt(path.Count - 1);
            }
            else if (IsSectionArray(value))
            {
                path.Add(key);
                foreach (TomlTable element in (TomlArray)value)
                {
                    Separate(sb).Append("[[").Append(TomlKeyFormatter.FormatPath(path)).Append("]]\n");
                    WriteBody(sb, element, path);
                }

                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static StringBuilder Separate(StringBuilder sb) => sb.Length == 0 ? sb : sb.Append('\n');
}
