namespace McpContext.Toml.Syntax;

/// <summary>
/// Recursive-descent parser producing the lossless tree. It never throws on input: an error is reported
/// with its offset, the rest of the offending line is kept as an error item, and parsing resumes on the
/// next line. Nesting is bounded so hostile input cannot exhaust the stack.
/// </summary>
internal sealed class TomlParser
{
    /// <summary>Deepest nesting of arrays and inline tables (and parts of a dotted key) accepted.</summary>
    public const int MaxDepth = 128;

    private readonly string _text;
    private readonly TomlLexer _lexer;
    private readonly DiagnosticBag _errors = new();
    private readonly KeyCache _keys = new();
    private readonly List<TomlValueSyntax> _elements = [];
    private readonly List<int> _commas = [];
    private TomlToken[] _tokens;
    private int _count;

    private TomlParser(string text)
    {
        _text = text;
        _lexer = new TomlLexer(text, Report);
        _tokens = new TomlToken[Math.Max(16, text.Length / 4)];
    }

    public static ParseOutput Parse(string text)
    {
        var parser = new TomlParser(text);
        var items = parser.ParseDocument();
        return new ParseOutput(parser._tokens, parser._count, items, parser._errors);
    }

    private TomlLexer L => _lexer;

    private void Report(int offset, string message) => _errors.Report(offset, message);

    private int Add(TomlToken token)
    {
        if (_count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[_count] = token;
        return _count++;
    }


    private List<TomlItemSyntax> ParseDocument()
    {
        // Real files average well over 20 characters a line; presizing avoids regrowing a large list.
        var items = new List<TomlItemSyntax>(_text.Length / 24);
        if (L.Current == '\uFEFF')
        {
            Add(L.Punctuation(TomlTokenKind.ByteOrderMark));
            items.Add(new TomlTriviaSyntax(0, 1));
        }

        while (!L.AtEnd)
        {
            var start = _count;
            var position = L.Position;
            SkipWhitespace();
            TomlItemSyntax? item;
            if (L.AtEnd || L.AtLineBreak || L.Current == '#')
            {
                item = LineEnd() ? new TomlTriviaSyntax(start, _count - start) : null;
            }
            else if (L.Current == '[')
            {
                item = ParseHeader(start);
            }
            else
            {
                item = ParseKeyValueLine(start);
            }

            items.Add(item ?? Recover(start));
            if (L.Position == position)
            {
                // Cannot happen for a correct parser; guard the loop anyway so no input can hang it.
                Add(L.Unexpected());
                items.Add(new TomlErrorSyntax(_count - 1, 1));
            }
        }

        return items;
    }

    /// <summary>Keeps the failed statement's tokens plus the rest of its line as one error item.</summary>
    private TomlErrorSyntax Recover(int start)
    {
        if (!L.AtEnd && !L.AtLineBreak)
        {
            Add(L.RestOfLine());
        }

        if (L.AtLineBreak)
        {
            Add(L.LineBreak());
        }

        return new TomlErrorSyntax(start, _count - start);
    }

    private void SkipWhitespace()
    {
        if (L.Current is ' ' or '\t')
        {
            Add(L.Whitespace());
        }
    }

    /// <summary>Optional whitespace and comment, then a line break or the end of the file.</summary>
    // key and kind name what preceded the line end, for the message; nothing is formatted unless there is an error.
    private bool LineEnd(TomlKeySyntax? key = null, LineKind kind = LineKind.Blank)
    {
        SkipWhitespace();
        if (L.Current == '#')
        {
            Add(L.Comment());
        }

        if (L.AtLineBreak)
        {
            Add(L.LineBreak());
            return true;
        }

        if (L.AtEnd)
        {
            return true;
        }

        if (L.Current == '\r')
        {
            Report(L.Position, "a carriage return must be followed by a line feed");
        }
        else
        {
            var after = kind switch
            {
                LineKind.KeyValue => $"the value of '{key}'",
                LineKind.Table => $"the header [{key}]",
                LineKind.ArrayTable => $"the header [[{key}]]",
                _ => null,
            };
            Report(L.Position, after is null
                ? $"unexpected {L.DescribeCurrent()}: expected a key, a [table] header, a comment or a line break"
                : $"unexpected {L.DescribeCurrent()} after {after}: expected a comment or a line break");
        }

        return false;
    }

    private TomlKeyValueSyntax? ParseKeyValueLine(int start)
    {
        var parts = ParseKeyValue(0, inline: false);
        return parts is { } p && LineEnd(p.Key, LineKind.KeyValue)
            ? new TomlKeyValueSyntax(start, _count - start, p.Key, p.EqualsToken, p.Value)
            : null;
    }

    private TomlKeyValueSyntax? ParseInlineEntry(int depth)
    {
        var start = _count;
        var parts = ParseKeyValue(depth, inline: true);
        return parts is { } p ? new TomlKeyValueSyntax(start, _count - start, p.Key, p.EqualsToken, p.Value) : null;
    }

    private (TomlKeySyntax Key, int EqualsToken, TomlValueSyntax Value)? ParseKeyValue(int depth, bool inline)
    {
        var where = inline ? " in an inline table" : "";
        var key = ParseKey(inline ? "in an inline table" : null);
        if (key is null)
        {
            return null;
        }

        SkipWhitespace();
        if (L.Current != '=')
        {
            Report(L.Position, $"expected '=' after key '{key}'{where}, found {DescribeHere()}");
            return null;
        }

        var equals = Add(L.Punctuation(TomlTokenKind.Equals));
        SkipWhitespace();
        var value = ParseValue(depth, key);
        return value is null ? null : (key, equals, value);
    }

    private TomlTableHeaderSyntax? ParseHeader(int start)
    {
        var isArray = L.Peek(1) == '[';
        Add(L.Punctuation(isArray ? TomlTokenKind.DoubleOpenBracket : TomlTokenKind.OpenBracket, isArray ? 2 : 1));
        SkipWhitespace();
        var name = ParseKey(isArray ? "in a [[table]] header" : "in a [table] header");
        if (name is null)
        {
            return null;
        }

        SkipWhitespace();
        var close = isArray ? "]]" : "]";
        if (isArray ? L.Current != ']' || L.Peek(1) != ']' : L.Current != ']')
        {
            Report(L.Position, $"expected '{close}' to close the header [{(isArray ? "[" : "")}{name}{close}, found {DescribeHere()}");
            return null;
        }

        Add(L.Punctuation(isArray ? TomlTokenKind.DoubleCloseBracket : TomlTokenKind.CloseBracket, close.Length));
        return LineEnd(name, isArray ? LineKind.ArrayTable : LineKind.Table) ? new TomlTableHeaderSyntax(start, _count - start, name, isArray) : null;
    }

    private string DescribeHere() =>
        L.AtEnd ? "the end of the file"
        : L.AtLineBreak ? "the end of the line"
        : L.Current == '\r' ? "a carriage return (U+000D) without a line feed after it"
        : L.DescribeCurrent();

    private TomlKeySyntax? ParseKey(string? where)
    {
        var start = _count;
        string? first = null;
        List<string>? more = null;
        while (true)
        {
            var c = L.Current;
            if (!TomlLexer.IsBareKeyChar(c) && c is not '"' and not '\'')
            {
                Report(L.Position, first is null
                    ? $"expected a key{(where is null ? "" : " " + where)}, found {DescribeHere()}"
                    : $"expected a key part after '.' in '{TomlKeyFormatter.FormatPath(more is null ? [first] : [first, .. more])}.', found {DescribeHere()}");
                return null;
            }

            var token = L.Key();
            Add(token);
            if (token.Kind == TomlTokenKind.Error)
            {
                return null;
            }

            if (token.Kind is TomlTokenKind.MultiLineBasicString or TomlTokenKind.MultiLineLiteralString)
            {
                Report(token.Start, "a multi-line string cannot be used as a key");
                return null;
            }

            var part = token.Kind == TomlTokenKind.BareKey
                ? _keys.Get(_text.AsSpan(token.Start, token.Length))
                : ScalarDecoder.DecodeString(_text, token, Report);
            if (part is null)
            {
                return null;
            }

            if (first is null)
            {
                first = part;
            }
            else
            {
                (more ??= []).Add(part);
                if (more.Count >= MaxDepth)
                {
                    Report(token.Start, $"key has more than {MaxDepth} dotted parts");
                    return null;
                }
            }

            var beforeDot = L.Position;
            var beforeDotCount = _count;
            SkipWhitespace();
            if (L.Current != '.')
            {
                // Whitespace after the key belongs to whatever follows it, not to the key.
                L.Position = beforeDot;
                _count = beforeDotCount;
                return new TomlKeySyntax(start, _count - start, more is null ? [first] : [first, .. more]);
            }

            Add(L.Punctuation(TomlTokenKind.Dot));
            SkipWhitespace();
        }
    }

    private TomlValueSyntax? ParseValue(int depth, TomlKeySyntax? key)
    {
        var c = L.Current;
        switch (c)
        {
            case '"' or '\'':
            {
                var token = L.String();
                var index = Add(token);
                return token.Kind == TomlTokenKind.Error ? null : new TomlScalarSyntax(index, token.Kind);
            }

            case '[':
                return ParseArray(depth + 1);
            case '{':
                return ParseInlineTable(depth + 1);
            default:
                if (TomlLexer.IsBareKeyChar(c) || c is '+' or '.')
                {
                    var token = L.BareValue();
                    Add(token);
                    if (char.IsAsciiLetter(c) && _text.AsSpan(token.Start, token.Length) is not ("true" or "false" or "inf" or "nan"))
                    {
                        // A bare word: say so now, before the rest of the line ("hello world") hides the real mistake.
                        Report(token.Start, $"invalid value '{_text.AsSpan(token.Start, token.Length)}': strings must be in quotes, and booleans are lower-case true or false");
                        return null;
                    }

                    return new TomlScalarSyntax(_count - 1, token.Kind);
                }

                Report(L.Position, key is null
                    ? $"expected a value, found {DescribeHere()}"
                    : $"expected a value for '{key}' after '=', found {DescribeHere()}");
                return null;
        }
    }

    private bool TooDeep(int depth)
    {
        if (depth <= MaxDepth)
        {
            return false;
        }

        Report(L.Position, $"arrays and inline tables are nested more than {MaxDepth} levels deep");
        return true;
    }

    private TomlArraySyntax? ParseArray(int depth)
    {
        if (TooDeep(depth))
        {
            return null;
        }

        // Elements of nested arrays share one scratch stack; each array copies out exactly its own.
        var start = Add(L.Punctuation(TomlTokenKind.OpenBracket));
        var mark = _elements.Count;
        try
        {
            while (true)
            {
                SkipArrayTrivia();
                if (L.Current == ']')
                {
                    break;
                }

                if (_elements.Count > mark && _commas[^1] < 0)
                {
                    Report(L.Position, $"expected ',' or ']' after an array element, found {DescribeHere()}");
                    return null;
                }

                if (L.AtEnd)
                {
                    Report(L.Position, "unterminated array: expected ']' before the end of the file");
                    return null;
                }

                if (L.Current == ',')
                {
                    Report(L.Position, "expected a value in the array, found ','");
                    return null;
                }

                var element = ParseValue(depth, null);
                if (element is null)
                {
                    return null;
                }

                _elements.Add(element);
                SkipArrayTrivia();
                _commas.Add(L.Current == ',' ? Add(L.Punctuation(TomlTokenKind.Comma)) : -1);
            }

            Add(L.Punctuation(TomlTokenKind.CloseBracket));
            var count = _elements.Count - mark;
            var elements = count == 0 ? [] : _elements.GetRange(mark, count).ToArray();
            var commas = count == 0 ? [] : _commas.GetRange(mark, count).ToArray();
            return new TomlArraySyntax(start, _count - start, elements, commas);
        }
        finally
        {
            _elements.RemoveRange(mark, _elements.Count - mark);
            _commas.RemoveRange(mark, _commas.Count - mark);
        }
    }

    /// <summary>Whitespace, comments and line breaks, which arrays allow between elements.</summary>
    private void SkipArrayTrivia()
    {
        while (true)
        {
            if (L.Current is ' ' or '\t')
            {
                Add(L.Whitespace());
            }
            else if (L.Current == '#')
            {
                Add(L.Comment());
            }
            else if (L.AtLineBreak)
            {
                Add(L.LineBreak());
            }
            else
            {
                return;
            }
        }
    }

    private TomlInlineTableSyntax? ParseInlineTable(int depth)
    {
        if (TooDeep(depth))
        {
            return null;
        }

        var start = Add(L.Punctuation(TomlTokenKind.OpenBrace));
        var entries = new List<TomlKeyValueSyntax>();
        SkipWhitespace();
        if (L.Current != '}')
        {
            while (true)
            {
                if (L.AtLineBreak || L.Current == '\r')
                {
                    Report(L.Position, "an inline table must be on a single line (TOML 1.0 allows no line breaks inside { })");
                    return null;
                }

                var entry = ParseInlineEntry(depth);
                if (entry is null)
                {
                    return null;
                }

                entries.Add(entry);
                SkipWhitespace();
                if (L.Current == '}')
                {
                    break;
                }

                if (L.Current != ',')
                {
                    Report(L.Position, L.AtLineBreak || L.AtEnd
                        ? "an inline table must be closed with '}' on the same line (TOML 1.0 allows no line breaks inside { })"
                        : $"expected ',' or '}}' after the value of '{entry.Key}' in an inline table, found {DescribeHere()}");
                    return null;
                }

                Add(L.Punctuation(TomlTokenKind.Comma));
                SkipWhitespace();
                if (L.Current == '}')
                {
                    Report(L.Position, "a trailing comma is not allowed in an inline table");
                    return null;
                }
            }
        }

        Add(L.Punctuation(TomlTokenKind.CloseBrace));
        return new TomlInlineTableSyntax(start, _count - start, entries);
    }

    /// <summary>Shares one string per distinct bare key, so a file repeating <c>id</c> 10,000 times allocates it once.</summary>
    private sealed class KeyCache
    {
        private readonly Dictionary<string, string> _map = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<char> key)
        {
            var lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var s = key.ToString();
            _map[s] = s;
            return s;
        }
    }
}

internal enum LineKind
{
    Blank,
    KeyValue,
    Table,
    ArrayTable,
}

/// <summary>What the parser hands to the document: all tokens, the top-level items, and syntax errors.</summary>
/// <remarks>Tokens is the parser's buffer; only the first TokenCount entries are tokens (copying 1 MB of them is measurable).</remarks>
internal sealed record ParseOutput(TomlToken[] Tokens, int TokenCount, List<TomlItemSyntax> Items, DiagnosticBag Errors);
