using McpContext.Toml.Syntax;

namespace McpContext.Toml;

/// <summary>
/// Where each header and key/value line of a document lives in the value model: the absolute path
/// (with array-of-tables indices) of every header's table and of every line's key. Used by the editor
/// to turn a model path into the text to change.
/// </summary>
internal sealed class TomlSyntaxIndex
{
    private TomlSyntaxIndex(List<Entry> entries) => Entries = entries;

    /// <summary>Headers and top-level key/value lines, in document order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>A header (Path is its table) or a key/value line (Path is its full key; Section is the table it is written in).</summary>
    public sealed record Entry(int ItemIndex, TomlItemSyntax Item, TomlPath Path, TomlPath Section)
    {
        public bool IsHeader => Item is TomlTableHeaderSyntax;
    }

    public static TomlSyntaxIndex Build(TomlDocument document)
    {
        var entries = new List<Entry>();
        var arrayCounts = new Dictionary<TomlPath, int>();
        var section = TomlPath.Root;
        for (var i = 0; i < document.Items.Count; i++)
        {
            switch (document.Items[i])
            {
                case TomlTableHeaderSyntax header:
                {
                    var segments = new List<TomlPathSegment>();
                    var parts = header.Name.Parts;
                    for (var j = 0; j < parts.Count; j++)
                    {
                        segments.Add(TomlPathSegment.ForKey(parts[j]));
                        var isLast = j == parts.Count - 1;
                        var soFar = TomlPath.From(segments);
                        if (isLast && header.IsArrayOfTables)
                        {
                            arrayCounts.TryGetValue(soFar, out var n);
                            arrayCounts[soFar] = n + 1;
                            segments.Add(TomlPathSegment.ForIndex(n));
                        }
                        else if (!isLast && arrayCounts.TryGetValue(soFar, out var count))
                        {
                            // A header below an array of tables refers to its latest element.
                            segments.Add(TomlPathSegment.ForIndex(count - 1));
                        }
                    }

                    section = TomlPath.From(segments);
                    entries.Add(new Entry(i, header, section, section));
                    break;
                }

                case TomlKeyValueSyntax keyValue:
                    entries.Add(new Entry(i, keyValue, TomlPath.From(section.Segments.Concat(keyValue.Key.Parts.Select(TomlPathSegment.ForKey))), section));
                    break;
            }
        }

        return new TomlSyntaxIndex(entries);
    }

    /// <summary>The header defining the table at <paramref name="path"/>, if it has one.</summary>
    public Entry? FindHeader(TomlPath path) => Entries.FirstOrDefault(e => e.IsHeader && e.Path.Equals(path));

    /// <summary>Key/value lines written directly in the section of <paramref name="section"/>.</summary>
    public IEnumerable<Entry> LinesIn(TomlPath section) => Entries.Where(e => !e.IsHeader && e.Section.Equals(section));
}
