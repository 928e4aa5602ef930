using McpContext.Toml.Syntax;

namespace McpContext.Toml;

/// <summary>
/// Finds where a model path lives in a document's text and computes the text edits for the editor,
/// matching the file's style: line endings, indentation, spacing around '=', and whether sub-tables
/// are written as [sections] or inline.
/// </summary>
internal sealed class TomlEditLocator
{
    private readonly TomlDocument _doc;
    private readonly TomlSyntaxIndex _index;
    private readonly string _newline;

    public TomlEditLocator(TomlDocument doc)
    {
        _doc = doc;
        _index = doc.SyntaxIndex;
        var firstBreak = doc.Tokens.FirstOrDefault(t => t.Kind == TomlTokenKind.Newline);
        _newline = firstBreak.Length == 2 ? "\r\n" : "\n";
    }

    private string Text => _doc.Text;

    // ---- Finding values ----

    /// <summary>The syntax of the value at <paramref name="path"/> when it is written as a value (not as a [section] or dotted table).</summary>
    public TomlValueSyntax? FindValue(TomlPath path)
    {
        foreach (var entry in _index.Entries)
        {
            if (entry.Item is TomlKeyValueSyntax keyValue && entry.Path.IsPrefixOf(path))
            {
                var found = Descend(keyValue.Value, path, entry.Path.Count);
                if (found is not null)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static TomlValueSyntax? Descend(TomlValueSyntax value, TomlPath path, int depth)
    {
        if (depth == path.Count)
        {
            return value;
        }

        var segment = path.Segments[depth];
        switch (value)
        {
            case TomlArraySyntax array when segment.IsIndex && segment.Index < array.Elements.Count:
                return Descend(array.Elements[segment.Index], path, depth + 1);
            case TomlInlineTableSyntax table when !segment.IsIndex:
                foreach (var entry in table.Entries)
                {
                    var parts = entry.Key.Parts;
                    if (depth + parts.Count <= path.Count && Matches(parts, path, depth))
                    {
                        var found = Descend(entry.Value, path, depth + parts.Count);
                        if (found is not null)
                        {
                            return found;
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Matches(IReadOnlyList<string> parts, TomlPath path, int depth)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (path.Segments[depth + i].Key != parts[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The innermost inline table or array whose value contains <paramref name="path"/> strictly inside it.</summary>
    private (TomlValueSyntax Container, TomlPath ContainerPath)? FindContainer(TomlPath path)
    {
        for (var depth = path.Count - 1; depth >= 1; depth--)
        {
            var prefix = path.Take(depth);
            if (FindValue(prefix) is { } container and (TomlInlineTableSyntax or TomlArraySyntax))
            {
                return (container, prefix);
            }
        }

        return null;
    }

    // ---- Removing ----

    /// <param name="path">What to remove.</param>
    /// <param name="keepCommentsAbove">Keep the comment lines directly above removed headers (when the table is being replaced, not deleted).</param>
    public List<TextEdit> RemoveEdits(TomlPath path, bool keepCommentsAbove = false)
    {
        if (FindContainer(path) is var (container, containerPath))
        {
            return container switch
            {
                TomlInlineTableSyntax table => [RemoveFromInline(table, containerPath, path)],
                TomlArraySyntax array => RemoveFromArray(array, path.Segments[containerPath.Count].Index),
                _ => [],
            };
        }

        var doomed = new SortedSet<int>();
        foreach (var entry in _index.Entries)
        {
            if (!path.IsPrefixOf(entry.Path))
            {
                continue;
            }

            if (entry.IsHeader)
            {
                var (first, end) = SectionItems(entry.ItemIndex);
                first = keepCommentsAbove ? entry.ItemIndex : first;
                for (var i = first; i < end; i++)
                {
                    doomed.Add(i);
                }
            }
            else
            {
                doomed.Add(entry.ItemIndex);
            }
        }

        var edits = new List<TextEdit>();
        foreach (var (first, last) in Runs(doomed))
        {
            edits.Add(new TextEdit(_doc.GetStart(_doc.Items[first]), _doc.GetEnd(_doc.Items[last]), ""));
        }

        return edits;
    }

    /// <summary>A header's section: the comment lines directly above it, the header, and its lines up to the next header's own comments.</summary>
    private (int First, int End) SectionItems(int headerItem)
    {
        var first = AttachedCommentsStart(headerItem);
        var next = headerItem + 1;
        while (next < _doc.Items.Count && _doc.Items[next] is not TomlTableHeaderSyntax)
        {
            next++;
        }

        return (first, next < _doc.Items.Count ? AttachedCommentsStart(next) : next);
    }

    /// <summary>
    /// Index of the first comment-only line in the unbroken run of comment lines right above an item.
    /// Editor directives such as <c>#:schema</c> belong to the file, never to the item below them.
    /// </summary>
    private int AttachedCommentsStart(int item)
    {
        var first = item;
        while (first > 0 && _doc.Items[first - 1] is TomlTriviaSyntax trivia && CommentOf(trivia) is { } comment
            && !comment.StartsWith("#:", StringComparison.Ordinal))
        {
            first--;
        }

        return first;
    }

    private string? CommentOf(TomlTriviaSyntax trivia)
    {
        for (var i = trivia.FirstToken; i < trivia.FirstToken + trivia.TokenCount; i++)
        {
            if (_doc.Tokens[i].Kind == TomlTokenKind.Comment)
            {
                return _doc.GetText(_doc.Tokens[i]);
            }
        }

        return null;
    }

    private static IEnumerable<(int First, int Last)> Runs(SortedSet<int> items)
    {
        int? first = null;
        var last = -2;
        foreach (var i in items)
        {
            if (first is not null && i != last + 1)
            {
                yield return (first.Value, last);
                first = null;
            }

            first ??= i;
            last = i;
        }

        if (first is not null)
        {
            yield return (first.Value, last);
        }
    }

    /// <summary>
    /// Removes the first entry of an inline table that lies at or under <paramref name="path"/>, with its comma,
    /// leaving the rest of the line as written. The editor repeats this while entries under the path remain.
    /// </summary>
    private TextEdit RemoveFromInline(TomlInlineTableSyntax table, TomlPath tablePath, TomlPath path)
    {
        var entry = table.Entries.First(e => path.IsPrefixOf(TomlPath.From(tablePath.Segments.Concat(e.Key.Parts.Select(TomlPathSegment.ForKey)))));
        return table.Entries.Count == 1
            ? new TextEdit(_doc.GetStart(table), _doc.GetEnd(table), "{}")
            : RemoveListItem(entry, CommaAfter(entry));
    }

    /// <summary>The comma token after a list item (only whitespace between), or -1.</summary>
    private int CommaAfter(TomlSyntaxNode item)
    {
        var i = item.FirstToken + item.TokenCount;
        while (i < _doc.Tokens.Count && _doc.Tokens[i].Kind == TomlTokenKind.Whitespace)
        {
            i++;
        }

        return i < _doc.Tokens.Count && _doc.Tokens[i].Kind == TomlTokenKind.Comma ? i : -1;
    }

    /// <summary>
    /// Removes an element or entry with its own comma and the spaces after it; the last one takes the comma
    /// before it instead. Comments and line breaks between items are never removed.
    /// </summary>
    private TextEdit RemoveListItem(TomlSyntaxNode item, int comma)
    {
        if (comma >= 0)
        {
            return new TextEdit(_doc.GetStart(item), SkipSpaces(comma + 1), "");
        }

        var i = item.FirstToken - 1;
        while (i >= 0 && _doc.Tokens[i].Kind == TomlTokenKind.Whitespace)
        {
            i--;
        }

        if (i >= 0 && _doc.Tokens[i].Kind == TomlTokenKind.Comma)
        {
            return new TextEdit(_doc.Tokens[i].Start, _doc.GetEnd(item), "");
        }

        // Something other than spaces (a comment, a line break) stands between: take just the item.
        return new TextEdit(_doc.GetStart(item), _doc.GetEnd(item), "");
    }

    private bool IsMultiLine(TomlSyntaxNode node)
    {
        for (var i = node.FirstToken; i < node.FirstToken + node.TokenCount; i++)
        {
            if (_doc.Tokens[i].Kind == TomlTokenKind.Newline)
            {
                return true;
            }
        }

        return false;
    }

    private List<TextEdit> RemoveFromArray(TomlArraySyntax array, int index)
    {
        var element = array.Elements[index];
        var comma = array.CommaTokens[index];
        var lineStart = LineStartIfOnlyWhitespaceBefore(element.FirstToken);
        var lineEnd = LineEndIfOnlyTriviaAfter(comma >= 0 ? comma + 1 : element.FirstToken + element.TokenCount);
        if (lineStart >= 0 && lineEnd >= 0)
        {
            // The element has its line to itself (perhaps with a comment about it): the line goes.
            return [new TextEdit(lineStart, lineEnd, "")];
        }

        if (array.Elements.Count == 1)
        {
            return [new TextEdit(_doc.GetStart(element), comma >= 0 ? _doc.Tokens[comma].End : _doc.GetEnd(element), "")];
        }

        if (comma < 0 && !OnlySpacesBetween(array.CommaTokens[index - 1], element.FirstToken))
        {
            // The last element after a comment or line break: drop it and the comma before it, keep what lies between.
            var previousComma = _doc.Tokens[array.CommaTokens[index - 1]];
            return [new TextEdit(previousComma.Start, previousComma.End, ""), new TextEdit(_doc.GetStart(element), _doc.GetEnd(element), "")];
        }

        return [RemoveListItem(element, comma)];
    }

    private bool OnlySpacesBetween(int fromToken, int toToken)
    {
        for (var i = fromToken + 1; i < toToken; i++)
        {
            if (_doc.Tokens[i].Kind != TomlTokenKind.Whitespace)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Start of the token's line when only whitespace precedes it there, else -1.</summary>
    private int LineStartIfOnlyWhitespaceBefore(int token)
    {
        var i = token - 1;
        while (i >= 0 && _doc.Tokens[i].Kind == TomlTokenKind.Whitespace)
        {
            i--;
        }

        return i >= 0 && _doc.Tokens[i].Kind == TomlTokenKind.Newline ? _doc.Tokens[i].End : -1;
    }

    /// <summary>End of the line (after its line break) when only whitespace and a comment follow the token, else -1.</summary>
    private int LineEndIfOnlyTriviaAfter(int token)
    {
        var i = token;
        while (i < _doc.Tokens.Count && _doc.Tokens[i].Kind is TomlTokenKind.Whitespace or TomlTokenKind.Comment)
        {
            i++;
        }

        return i < _doc.Tokens.Count && _doc.Tokens[i].Kind == TomlTokenKind.Newline ? _doc.Tokens[i].End : -1;
    }

    private int SkipSpaces(int token)
    {
        while (token < _doc.Tokens.Count && _doc.Tokens[token].Kind == TomlTokenKind.Whitespace)
        {
            token++;
        }

        return token < _doc.Tokens.Count ? _doc.Tokens[token].Start : Text.Length;
    }

    /// <summary>
    /// Rewrites a table written as a <c>[section]</c>, or one <c>[[element]]</c> of an array of tables, where it
    /// stands: its header, lines and sub-sections are replaced; the comments above it stay.
    /// </summary>
    public List<TextEdit> ReplaceSections(TomlPath path, TomlTable value, bool arrayElement)
    {
        var edits = RemoveEdits(path, keepCommentsAbove: true).OrderBy(e => e.Start).ToList();
        var first = edits[0];
        var removed = Text[first.Start..first.End];
        var section = Normalize(TomlEncoder.EncodeSection(HeaderKeys(arrayElement ? path.Parent : path).ToList(), value, arrayElement));
        var blankAfter = removed.EndsWith(_newline + _newline, StringComparison.Ordinal) ? _newline : "";
        edits[0] = first with { NewText = section + blankAfter };
        return edits;
    }

    // ---- Adding ----

    public List<TextEdit>? AddKey(TomlPath tablePath, string key, object value)
    {
        if (!TomlModel.TryGetValue(_doc.Model, tablePath, out var target) || target is not TomlTable table)
        {
            return null;
        }

        for (var depth = tablePath.Count; depth >= 1; depth--)
        {
            if (FindValue(tablePath.Take(depth)) is TomlInlineTableSyntax inline)
            {
                var relative = tablePath.Segments.Skip(depth).Select(s => s.Key!).Append(key);
                var entry = TomlKeyFormatter.FormatPath(relative) + " = " + TomlValueFormatter.Format(value);
                if (inline.Entries.Count == 0)
                {
                    return [new TextEdit(_doc.GetStart(inline), _doc.GetEnd(inline), "{ " + entry + " }")];
                }

                var lastEntry = inline.Entries[^1];
                return [new TextEdit(_doc.GetEnd(lastEntry), _doc.GetEnd(lastEntry), Separator(inline.Entries) + entry)];
            }
        }

        var isRoot = tablePath.IsRoot;
        switch (isRoot ? TableOrigin.Header : table.Origin)
        {
            case TableOrigin.Dotted:
            {
                var writer = _index.Entries.LastOrDefault(e => !e.IsHeader && tablePath.IsPrefixOf(e.Path)
                    && e.Section.Count < tablePath.Count && e.Section.IsPrefixOf(tablePath));
                if (writer is null)
                {
                    return null;
                }

                var relative = tablePath.Segments.Skip(writer.Section.Count).Select(s => s.Key!).Append(key);
                return [InsertLineAfter(writer, TomlKeyFormatter.FormatPath(relative), value)];
            }

            case TableOrigin.Header or TableOrigin.ArrayElement:
                if (PrefersSections(table) && (value is TomlTable || TomlEncoder.IsSectionArray(value)))
                {
                    return [InsertSections(SectionEnd(tablePath), HeaderKeys(tablePath).Append(key).ToList(), value)];
                }

                if (_index.LinesIn(tablePath).LastOrDefault() is { } lastLine)
                {
                    return [InsertLineAfter(lastLine, TomlKeyFormatter.FormatKey(key), value)];
                }

                if (!isRoot && _index.FindHeader(tablePath) is { } header)
                {
                    return [InsertLineAfter(header, TomlKeyFormatter.FormatKey(key), value)];
                }

                return [InsertRootLine(TomlKeyFormatter.FormatKey(key), value)];

            case TableOrigin.Implicit when value is TomlTable || TomlEncoder.IsSectionArray(value):
                return [InsertSections(SectionEnd(tablePath), HeaderKeys(tablePath).Append(key).ToList(), value)];

            case TableOrigin.Implicit:
            {
                var firstChild = _index.Entries.First(e => e.IsHeader && tablePath.IsPrefixOf(e.Path));
                var position = _doc.GetStart(_doc.Items[AttachedCommentsStart(firstChild.ItemIndex)]);
                var section = TomlEncoder.EncodeSection(HeaderKeys(tablePath).ToList(), new TomlTable { [key] = TomlModel.Clone(value) }, arrayElement: false);
                return [new TextEdit(position, position, Normalize(section) + _newline)];
            }

            default:
                return null;
        }
    }

    /// <summary>Sub-tables go in [sections] unless every existing sub-table of this table is written inline.</summary>
    private static bool PrefersSections(TomlTable table)
    {
        var children = table.Select(p => p.Value).OfType<TomlTable>().ToList();
        return children.Count == 0 || children.Any(t => t.Origin != TableOrigin.Inline);
    }

    private static IEnumerable<string> HeaderKeys(TomlPath path) => path.Segments.Where(s => !s.IsIndex).Select(s => s.Key!);

    private TextEdit InsertLineAfter(TomlSyntaxIndex.Entry reference, string keyText, object value)
    {
        var item = _doc.Items[reference.ItemIndex];
        var position = _doc.GetEnd(item);
        var (indent, equals) = LineStyle(reference.Item as TomlKeyValueSyntax);
        var prefix = position > 0 && Text[position - 1] != '\n' ? _newline : "";
        return new TextEdit(position, position, prefix + indent + keyText + equals + TomlValueFormatter.Format(value) + _newline);
    }

    private TextEdit InsertRootLine(string keyText, object value)
    {
        var firstHeader = _index.Entries.FirstOrDefault(e => e.IsHeader);
        var (_, equals) = LineStyle(null);
        var line = keyText + equals + TomlValueFormatter.Format(value) + _newline;
        if (firstHeader is null)
        {
            var end = Text.Length;
            return new TextEdit(end, end, (end > 0 && Text[end - 1] != '\n' ? _newline : "") + line);
        }

        var position = _doc.GetStart(_doc.Items[AttachedCommentsStart(firstHeader.ItemIndex)]);
        return new TextEdit(position, position, line + _newline);
    }

    /// <summary>Indentation and '=' spacing of a reference line, else of the first key/value line in the file.</summary>
    private (string Indent, string EqualsText) LineStyle(TomlKeyValueSyntax? reference)
    {
        var indent = "";
        if (reference is not null && _doc.Tokens[reference.FirstToken].Kind == TomlTokenKind.Whitespace)
        {
            indent = _doc.GetText(_doc.Tokens[reference.FirstToken]);
        }

        reference ??= _doc.Items.OfType<TomlKeyValueSyntax>().FirstOrDefault();
        var equals = reference is null ? " = " : Text[_doc.GetEnd(reference.Key).._doc.GetStart(reference.Value)];
        return (indent, equals);
    }

    /// <summary>Where new sub-sections of a table go: after its own section and all its descendants' sections.</summary>
    private int SectionEnd(TomlPath tablePath)
    {
        var last = _index.Entries.LastOrDefault(e => e.IsHeader && tablePath.IsPrefixOf(e.Path));
        if (tablePath.IsRoot || last is null)
        {
            return Text.Length;
        }

        var (_, end) = SectionItems(last.ItemIndex);
        return end < _doc.Items.Count ? _doc.GetStart(_doc.Items[end]) : Text.Length;
    }

    private TextEdit InsertSections(int position, List<string> headerKeys, object value)
    {
        var sections = value is TomlTable table
            ? TomlEncoder.EncodeSection(headerKeys, table, arrayElement: false)
            : string.Join("\n", ((TomlArray)value).Cast<TomlTable>().Select(t => TomlEncoder.EncodeSection(headerKeys, t, arrayElement: true)));
        return new TextEdit(position, position, Separated(position, Normalize(sections)));
    }

    /// <summary>Surrounds inserted sections with one blank line on each side, as hand-written files do.</summary>
    private string Separated(int position, string block)
    {
        var before = Text[..position];
        var prefix = before.Length == 0 || before.EndsWith(_newline + _newline, StringComparison.Ordinal) ? ""
            : before.EndsWith('\n') ? _newline
            : _newline + _newline;
        var suffix = position < Text.Length ? _newline : "";
        return prefix + block + suffix;
    }

    private string Normalize(string generated) => _newline == "\n" ? generated : generated.Replace("\n", _newline, StringComparison.Ordinal);

    // ---- Appending ----

    public List<TextEdit>? AppendEdits(TomlPath path, TomlArray array, object value)
    {
        if (array.IsArrayOfTables)
        {
            return [InsertSections(SectionEnd(path), HeaderKeys(path).ToList(), new TomlArray { value })];
        }

        if (FindValue(path) is not TomlArraySyntax syntax)
        {
            return null;
        }

        var text = TomlValueFormatter.Format(value);
        var close = syntax.FirstToken + syntax.TokenCount - 1;
        if (syntax.Elements.Count == 0)
        {
            // An empty array laid out over lines (often with a comment inside) keeps its layout.
            var closeLine = LineStartIfOnlyWhitespaceBefore(close);
            return IsMultiLine(syntax) && closeLine >= 0
                ? [new TextEdit(closeLine, closeLine, "  " + text + _newline)]
                : [new TextEdit(_doc.GetStart(syntax), _doc.GetEnd(syntax), "[" + text + "]")];
        }

        var last = syntax.Elements[^1];
        var comma = syntax.CommaTokens[^1];
        var lineBreak = NextLineBreakInside(syntax, comma >= 0 ? comma + 1 : last.FirstToken + last.TokenCount);
        if (!IsMultiLine(syntax) || lineBreak < 0)
        {
            var separator = Separator(syntax.Elements);
            return comma >= 0
                ? [new TextEdit(_doc.Tokens[comma].End, _doc.Tokens[comma].End, separator[1..] + text + ",")]
                : [new TextEdit(_doc.GetEnd(last), _doc.GetEnd(last), separator + text)];
        }

        var indent = LineStartIfOnlyWhitespaceBefore(last.FirstToken) is var start and >= 0 ? Text[start.._doc.GetStart(last)] : "";
        var at = _doc.Tokens[lineBreak].Start;
        return comma >= 0
            ? [new TextEdit(at, at, _newline + indent + text + ",")]
            : [new TextEdit(_doc.GetEnd(last), _doc.GetEnd(last), ","), new TextEdit(at, at, _newline + indent + text)];
    }

    /// <summary>How the file separates the items of a one-line list: a comma and the spaces after it (", " without an example).</summary>
    private string Separator<T>(IReadOnlyList<T> items)
        where T : TomlSyntaxNode
    {
        if (items.Count < 2)
        {
            return ", ";
        }

        var between = Text[_doc.GetEnd(items[0]).._doc.GetStart(items[1])];
        var comma = between.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 || between.AsSpan(comma + 1).ContainsAnyExcept(' ', '\t') ? ", " : between[comma..];
    }

    private int NextLineBreakInside(TomlArraySyntax array, int fromToken)
    {
        for (var i = fromToken; i < array.FirstToken + array.TokenCount; i++)
        {
            if (_doc.Tokens[i].Kind == TomlTokenKind.Newline)
            {
                return i;
            }
        }

        return -1;
    }
}
