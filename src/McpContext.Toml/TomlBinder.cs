using McpContext.Toml.Syntax;

namespace McpContext.Toml;

/// <summary>
/// Builds the value model from the syntax tree and enforces what the grammar cannot: no key or table
/// defined twice, no table defined both by a header and by dotted keys, inline tables and static
/// arrays closed once written.
/// </summary>
internal sealed class TomlBinder
{
    private readonly string _text;
    private readonly TomlToken[] _tokens;
    private readonly DiagnosticBag _errors;
    private readonly Action<int, string> _report;
    private readonly Func<int, string> _formatPosition;
    private readonly TomlTable _root = new() { Origin = TableOrigin.Header, SourceOffset = 0 };

    private TomlBinder(string text, TomlToken[] tokens, DiagnosticBag errors, Func<int, string> position)
    {
        _text = text;
        _tokens = tokens;
        _errors = errors;
        _report = errors.Report;
        _formatPosition = position;
    }

    /// <summary>"line:column" of an earlier definition, for a message; skipped once no more messages are kept.</summary>
    private string PositionOf(int offset) => _errors.IsFull ? "" : _formatPosition(offset);

    // position formats an offset as "line:column" for messages that point at an earlier definition.
    public static TomlTable Bind(string text, TomlToken[] tokens, IReadOnlyList<TomlItemSyntax> items, DiagnosticBag errors, Func<int, string> position)
    {
        var binder = new TomlBinder(text, tokens, errors, position);
        TomlTable? current = binder._root;
        var currentPath = Array.Empty<string>();
        foreach (var item in items)
        {
            switch (item)
            {
                case TomlKeyValueSyntax keyValue when current is not null:
                    binder.BindKeyValue(current, currentPath, keyValue);
                    break;
                case TomlTableHeaderSyntax header:
                    current = header.IsArrayOfTables ? binder.BindArrayHeader(header) : binder.BindHeader(header);
                    currentPath = [.. header.Name.Parts];
                    break;
            }
        }

        return binder._root;
    }

    private int Offset(TomlSyntaxNode node) => _tokens[node.FirstToken].Start;

    private string At(TomlTable table, string key)
    {
        var offset = table.GetSourceOffset(key);
        return offset < 0 ? "" : $" at {PositionOf(offset)}";
    }

    private static string Path(IReadOnlyList<string> parts, int count) => TomlKeyFormatter.FormatPath(parts.Take(count));

    /// <summary>Walks the header's parent keys, creating implicit tables, descending into the last element of arrays of tables.</summary>
    private TomlTable? ResolveHeaderParent(TomlTableHeaderSyntax header)
    {
        var parts = header.Name.Parts;
        var table = _root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            var key = parts[i];
            if (!table.TryGetValue(key, out var existing))
            {
                var created = new TomlTable { Origin = TableOrigin.Implicit, SourceOffset = Offset(header) };
                table.AddParsed(key, created, Offset(header));
                table = created;
                continue;
            }

            switch (existing)
            {
                case TomlTable { Origin: TableOrigin.Inline }:
                    _report(Offset(header), $"cannot extend '{Path(parts, i + 1)}' with the header {Bracket(header)}: it is an inline table, closed where it was written{At(table, key)}");
                    return null;
                case TomlTable child:
                    table = child;
                    break;
                case TomlArray { IsArrayOfTables: true } array:
                    table = (TomlTable)array[^1];
                    break;
                default:
                    _report(Offset(header), $"cannot define the header {Bracket(header)}: '{Path(parts, i + 1)}' is already {TomlModel.Describe(existing)}{At(table, key)}");
                    return null;
            }
        }

        return table;
    }

    private static string Bracket(TomlTableHeaderSyntax header) =>
        header.IsArrayOfTables ? $"[[{header.Name}]]" : $"[{header.Name}]";

    private TomlTable? BindHeader(TomlTableHeaderSyntax header)
    {
        var parent = ResolveHeaderParent(header);
        if (parent is null)
        {
            return null;
        }

        var key = header.Name.Parts[^1];
        if (!parent.TryGetValue(key, out var existing))
        {
            var table = new TomlTable { Origin = TableOrigin.Header, SourceOffset = Offset(header) };
            parent.AddParsed(key, table, Offset(header));
            return table;
        }

        if (existing is TomlTable { Origin: TableOrigin.Implicit } implicitTable)
        {
            implicitTable.Origin = TableOrigin.Header;
            implicitTable.SourceOffset = Offset(header);
            return implicitTable;
        }

        var reason = existing switch
        {
            TomlTable { Origin: TableOrigin.Dotted } t => $"it was already created by a dotted key at {PositionOf(t.SourceOffset)}",
            TomlTable { Origin: TableOrigin.Header } t => $"it is already defined at {PositionOf(t.SourceOffset)}",
            _ => $"'{header.Name}' is already {TomlModel.Describe(existing)}{At(parent, key)}",
        };
        _report(Offset(header), $"duplicate table {Bracket(header)}: {reason}");
        return null;
    }

    private TomlTable? BindArrayHeader(TomlTableHeaderSyntax header)
    {
        var parent = ResolveHeaderParent(header);
        if (parent is null)
        {
            return null;
        }

        var key = header.Name.Parts[^1];
        var element = new TomlTable { Origin = TableOrigin.ArrayElement, SourceOffset = Offset(header) };
        if (!parent.TryGetValue(key, out var existing))
        {
            var created = new TomlArray { IsArrayOfTables = true };
            created.Add(element);
            parent.AddParsed(key, created, Offset(header));
            return element;
        }

        if (existing is TomlArray { IsArrayOfTables: true } array)
        {
            array.Add(element);
            return element;
        }

        _report(Offset(header), existing is TomlArray
            ? $"cannot append to '{header.Name}' with {Bracket(header)}: it is a static array defined{At(parent, key)}"
            : $"cannot define the array of tables {Bracket(header)}: '{header.Name}' is already {TomlModel.Describe(existing)}{At(parent, key)}");
        return null;
    }

    private void BindKeyValue(TomlTable table, IReadOnlyList<string> tablePath, TomlKeyValueSyntax keyValue)
    {
        var parts = keyValue.Key.Parts;
        var offset = Offset(keyValue.Key);
        for (var i = 0; i < parts.Count - 1; i++)
        {
            var key = parts[i];
            if (!table.TryGetValue(key, out var existing))
            {
                var created = new TomlTable { Origin = TableOrigin.Dotted, SourceOffset = offset };
                table.AddParsed(key, created, offset);
                table = created;
                continue;
            }

            if (existing is TomlTable { Origin: TableOrigin.Dotted } dotted)
            {
                table = dotted;
                continue;
            }

            var full = FullPath(tablePath, parts, i + 1);
            _report(offset, existing is TomlTable { Origin: not TableOrigin.Inline } headerTable
                ? $"cannot add to table '{full}' with the dotted key '{keyValue.Key}': that table {(headerTable.Origin == TableOrigin.Implicit ? "was created by the sub-table header" : "is defined by the header")} at {PositionOf(headerTable.SourceOffset)}, and dotted keys cannot extend a table defined by a header"
                : $"cannot use the dotted key '{keyValue.Key}': '{full}' is already {TomlModel.Describe(existing)}{At(table, key)}");
            return;
        }

        var last = parts[^1];
        if (table.ContainsKey(last))
        {
            _report(offset, $"duplicate key '{FullPath(tablePath, parts, parts.Count)}' first defined{At(table, last)}");
            return;
        }

        var value = BuildValue(keyValue.Value, tablePath, parts);
        if (value is not null)
        {
            table.AddParsed(last, value, offset);
        }
    }

    private static string FullPath(IReadOnlyList<string> tablePath, IReadOnlyList<string> parts, int count) =>
        TomlKeyFormatter.FormatPath(tablePath.Concat(parts.Take(count)));

    private object? BuildValue(TomlValueSyntax syntax, IReadOnlyList<string> tablePath, IReadOnlyList<string> keyParts)
    {
        switch (syntax)
        {
            case TomlScalarSyntax scalar:
                return ScalarDecoder.Decode(_text, _tokens[scalar.FirstToken], _report);
            case TomlArraySyntax arraySyntax:
            {
                var array = new TomlArray();
                foreach (var element in arraySyntax.Elements)
                {
                    var value = BuildValue(element, tablePath, keyParts);
                    if (value is not null)
                    {
                        array.Add(value);
                    }
                }

                return array;
            }

            case TomlInlineTableSyntax inline:
            {
                var table = new TomlTable { Origin = TableOrigin.Inline, SourceOffset = Offset(inline) };
                var path = tablePath.Concat(keyParts).ToArray();
                foreach (var entry in inline.Entries)
                {
                    BindKeyValue(table, path, entry);
                }

                return table;
            }

            default:
                return null;
        }
    }
}
