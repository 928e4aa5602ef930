namespace McpContext.Toml.Syntax;

/// <summary>
/// Scans one token at a time on the parser's request. TOML is context-sensitive (<c>1979-05-27</c> is a
/// date after <c>=</c> but three bare-key parts before it), so the parser says which kind it expects.
/// The lexer finds token extents and reports what it can see alone (unterminated strings, bad characters in
/// comments); decoding and value validation happen in the binder.
/// </summary>
internal sealed class TomlLexer
{
    private readonly string _text;
    private readonly Action<int, string> _report;

    public TomlLexer(string text, Action<int, string> report)
    {
        _text = text;
        _report = report;
    }

    public int Position { get; set; }

    public bool AtEnd => Position >= _text.Length;

    /// <summary>The current character, or '\0' at the end (a real NUL is never valid outside strings either).</summary>
    public char Current => Position < _text.Length ? _text[Position] : '\0';

    public char Peek(int ahead) => Position + ahead < _text.Length ? _text[Position + ahead] : '\0';

    public bool AtLineBreak => Current == '\n' || (Current == '\r' && Peek(1) == '\n');

    public static bool IsBareKeyChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    private static bool IsBareValueChar(char c) => IsBareKeyChar(c) || c is '+' or '.' or ':';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    public TomlToken Whitespace()
    {
        var start = Position;
        while (Position < _text.Length && _text[Position] is ' ' or '\t')
        {
            Position++;
        }

        return new TomlToken(TomlTokenKind.Whitespace, start, Position - start);
    }

    public TomlToken LineBreak()
    {
        var length = Current == '\r' ? 2 : 1;
        Position += length;
        return new TomlToken(TomlTokenKind.Newline, Position - length, length);
    }

    public TomlToken Comment()
    {
        var start = Position;
        var text = _text;
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                break;
            }

            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                _report(i, $"control character {Describe(c)} is not allowed in a comment");
            }

            i++;
        }

        if (ScalarDecoder.FindUnpairedSurrogate(text.AsSpan(start, i - start)) is var bad and >= 0)
        {
            _report(start + bad, $"unpaired surrogate U+{(int)text[start + bad]:X4}: the text is not valid Unicode");
        }

        Position = i;
        return new TomlToken(TomlTokenKind.Comment, start, i - start);
    }

    /// <summary>One punctuation token of <paramref name="length"/> characters.</summary>
    public TomlToken Punctuation(TomlTokenKind kind, int length = 1)
    {
        Position += length;
        return new TomlToken(kind, Position - length, length);
    }

    /// <summary>A bare key, or a quoted key (multi-line strings are returned as such for the parser to reject).</summary>
    public TomlToken Key()
    {
        var c = Current;
        if (c is '"' or '\'')
        {
            return String();
        }

        var start = Position;
        while (Position < _text.Length && IsBareKeyChar(_text[Position]))
        {
            Position++;
        }

        return new TomlToken(TomlTokenKind.BareKey, start, Position - start);
    }

    /// <summary>A string of any of the four kinds, starting at a quote.</summary>
    public TomlToken String()
    {
        var quote = Current;
        var start = Position;
        var multiLine = Peek(1) == quote && Peek(2) == quote;
        if (!multiLine)
        {
            var i = start + 1;
            while (i < _text.Length)
            {
                var c = _text[i];
                if (c == quote)
                {
                    Position = i + 1;
                    return new TomlToken(quote == '"' ? TomlTokenKind.BasicString : TomlTokenKind.LiteralString, start, i + 1 - start);
                }

                if (c == '\n' || c == '\r')
                {
                    break;
                }

                i += c == '\\' && quote == '"' && i + 1 < _text.Length && _text[i + 1] != '\n' && _text[i + 1] != '\r' ? 2 : 1;
            }

            return Unterminated(start, Math.Min(i, _text.Length), quote == '"' ? "\"" : "'");
        }

        var j = start + 3;
        while (j < _text.Length)
        {
            var c = _text[j];
            if (c == quote)
            {
                var run = 1;
                while (j + run < _text.Length && _text[j + run] == quote)
                {
                    run++;
                }

                if (run >= 3)
                {
                    // Up to two quotes may touch the closing delimiter; they belong to the content.
                    if (run > 5)
                    {
                        _report(j + 5, $"too many quotes: a multi-line string may end with at most two extra {quote} before its closing {quote}{quote}{quote}");
                    }

                    Position = j + run;
                    return new TomlToken(quote == '"' ? TomlTokenKind.MultiLineBasicString : TomlTokenKind.MultiLineLiteralString, start, j + run - start);
                }

                j += run;
                continue;
            }

            j += c == '\\' && quote == '"' ? 2 : 1;
        }

        return Unterminated(start, _text.Length, quote == '"' ? "\"\"\"" : "'''");
    }

    private TomlToken Unterminated(int start, int end, string delimiter)
    {
        _report(start, $"unterminated string: expected a closing {delimiter} before the end of the {(delimiter.Length == 1 ? "line" : "file")}");
        Position = end;
        return new TomlToken(TomlTokenKind.Error, start, end - start);
    }

    /// <summary>A number, boolean or date/time: the longest run of characters these can hold.</summary>
    public TomlToken BareValue()
    {
        var start = Position;
        var text = _text;
        var i = start;
        while (i < text.Length && IsBareValueChar(text[i]))
        {
            i++;
        }

        // A date may be followed by a space and a time: 1979-05-27 07:32:00.
        if (i - start == 10 && IsDateShape(start) && i + 3 < text.Length && text[i] == ' '
            && IsDigit(text[i + 1]) && IsDigit(text[i + 2]) && text[i + 3] == ':')
        {
            i++;
            while (i < text.Length && IsBareValueChar(text[i]))
            {
                i++;
            }
        }

        Position = i;
        return new TomlToken(Classify(start, i - start), start, i - start);
    }

    private bool IsDateShape(int start) =>
        IsDigit(_text[start]) && IsDigit(_text[start + 1]) && IsDigit(_text[start + 2]) && IsDigit(_text[start + 3])
        && _text[start + 4] == '-' && IsDigit(_text[start + 5]) && IsDigit(_text[start + 6]) && _text[start + 7] == '-'
        && IsDigit(_text[start + 8]) && IsDigit(_text[start + 9]);

    private TomlTokenKind Classify(int start, int length)
    {
        var s = _text.AsSpan(start, length);
        if (s is "true" or "false")
        {
            return TomlTokenKind.Boolean;
        }

        var unsigned = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (unsigned is "inf" or "nan")
        {
            return TomlTokenKind.Float;
        }

        if (unsigned.Length >= 2 && unsigned[0] == '0' && unsigned[1] is 'x' or 'o' or 'b')
        {
            return TomlTokenKind.Integer;
        }

        if (s.Contains(':') || (s.Length >= 10 && IsDateShape(start)))
        {
            return TomlTokenKind.DateTime;
        }

        return s.ContainsAny('.', 'e', 'E') ? TomlTokenKind.Float : TomlTokenKind.Integer;
    }

    /// <summary>One unexpected character (a whole surrogate pair if it is one), kept as an error token.</summary>
    public TomlToken Unexpected()
    {
        var length = char.IsHighSurrogate(Current) && char.IsLowSurrogate(Peek(1)) ? 2 : 1;
        return Punctuation(TomlTokenKind.Error, length);
    }

    /// <summary>Everything up to (not including) the next line break, as one error token.</summary>
    public TomlToken RestOfLine()
    {
        var start = Position;
        while (!AtEnd && !AtLineBreak)
        {
            Position++;
        }

        return new TomlToken(TomlTokenKind.Error, start, Position - start);
    }

    /// <summary>Describes the character at the current position, a whole surrogate pair included.</summary>
    public string DescribeCurrent() =>
        char.IsHighSurrogate(Current) && char.IsLowSurrogate(Peek(1)) ? $"'{_text.Substring(Position, 2)}'" : Describe(Current);

    /// <summary>Describes a character for a message: printable ones quoted, others as U+XXXX.</summary>
    public static string Describe(char c) =>
        c < 0x20 || c == 0x7F || char.IsSurrogate(c) || c == '\uFEFF' ? $"U+{(int)c:X4}" : $"'{c}'";
}
