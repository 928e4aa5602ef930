using System.Buffers;
using System.Text;
using System.Text.Unicode;
using McpContext.Toml.Syntax;

namespace McpContext.Toml;

/// <summary>
/// A parsed TOML document: the lossless syntax tree (every character kept, so it prints back exactly),
/// the diagnostics, and the decoded value model. Parsing never throws on bad input.
/// </summary>
public sealed class TomlDocument
{
    private readonly TomlToken[] _tokens;
    private readonly int _tokenCount;
    private readonly List<TomlItemSyntax> _items;
    private int[]? _lineStarts;
    private IReadOnlyList<TomlToken>? _tokenList;
    private TomlSyntaxIndex? _syntaxIndex;

    private TomlDocument(string text, ParseOutput output, TomlDiagnostic? encodingError)
    {
        Text = text;
        _tokens = output.Tokens;
        _tokenCount = output.TokenCount;
        _items = output.Items;
        Model = TomlBinder.Bind(text, _tokens, _items, output.Errors, FormatPosition);

        // After invalid UTF-8 the text holds replacement characters the file never had; errors about
        // them would mislead, so the encoding error stands alone.
        Diagnostics = encodingError is not null
            ? [encodingError]
            : [.. output.Errors.Items.OrderBy(e => e.Offset).Select(e => ToDiagnostic(e.Offset, e.Message))];
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>Syntax and semantic errors in source order; empty for a valid document.</summary>
    public IReadOnlyList<TomlDiagnostic> Diagnostics { get; }

    /// <summary>True when the document is not valid TOML.</summary>
    public bool HasErrors => Diagnostics.Count > 0;

    /// <summary>The decoded value. When <see cref="HasErrors"/> is true it holds what could be read.</summary>
    public TomlTable Model { get; }

    /// <summary>Every token of the document, trivia included, in order.</summary>
    public IReadOnlyList<TomlToken> Tokens => _tokenList ??= new ArraySegment<TomlToken>(_tokens, 0, _tokenCount);

    /// <summary>Top-level items (key/value lines, headers, trivia lines, error lines) covering all tokens in order.</summary>
    public IReadOnlyList<TomlItemSyntax> Items => _items;

    /// <summary>Where each header and line sits in the model; built on first use (only editing and positions need it), once, as the document never changes.</summary>
    internal TomlSyntaxIndex SyntaxIndex => _syntaxIndex ??= TomlSyntaxIndex.Build(this);

    /// <summary>Parses TOML text.</summary>
    public static TomlDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocument(text, TomlParser.Parse(text), null);
    }

    /// <summary>Parses UTF-8 bytes. Invalid UTF-8 is reported as a diagnostic at its line and column, never replaced silently.</summary>
    public static TomlDocument Parse(ReadOnlySpan<byte> utf8)
    {
        var buffer = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                return Parse(new string(buffer, 0, written));
            }

            var text = Encoding.UTF8.GetString(utf8);
            var error = EncodingError(utf8, read);
            return new TomlDocument(text, TomlParser.Parse(text), error);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static TomlDiagnostic EncodingError(ReadOnlySpan<byte> utf8, int badByte)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < badByte; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        var utf16Bom = utf8.Length >= 2 && ((utf8[0] == 0xFF && utf8[1] == 0xFE) || (utf8[0] == 0xFE && utf8[1] == 0xFF));
        var message = utf16Bom
            ? "the file starts with a UTF-16 byte-order mark: TOML files must be encoded as UTF-8"
            : $"invalid UTF-8 byte 0x{utf8[badByte]:X2}: TOML files must be encoded as UTF-8";
        return new TomlDiagnostic(-1, line, column, message);
    }

    /// <summary>The text of one token.</summary>
    public string GetText(TomlToken token) => Text.Substring(token.Start, token.Length);

    /// <summary>The text a node covers, trivia included.</summary>
    public string GetText(TomlSyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.TokenCount == 0)
        {
            return "";
        }

        var start = _tokens[node.FirstToken].Start;
        return Text[start.._tokens[node.FirstToken + node.TokenCount - 1].End];
    }

    /// <summary>Start offset of a node's first token.</summary>
    public int GetStart(TomlSyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.TokenCount == 0 ? Text.Length : _tokens[node.FirstToken].Start;
    }

    /// <summary>Offset just past a node's last token.</summary>
    public int GetEnd(TomlSyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.TokenCount == 0 ? Text.Length : _tokens[node.FirstToken + node.TokenCount - 1].End;
    }

    /// <summary>
    /// Prints the tree back by concatenating the tokens of each item in order. Because items and tokens
    /// must tile the source with no gap or overlap, this equals <see cref="Text"/> exactly; tests hold it to that.
    /// </summary>
    public string ToFullString()
    {
        var sb = new StringBuilder(Text.Length);
        foreach (var item in _items)
        {
            for (var i = item.FirstToken; i < item.FirstToken + item.TokenCount; i++)
            {
                sb.Append(Text, _tokens[i].Start, _tokens[i].Length);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Where the value at <paramref name="path"/> is written: the start of the value itself, or of the
    /// <c>[header]</c> or dotted key that defines the table. Null when the path is not in the document.
    /// </summary>
    public (int Line, int Column)? GetPosition(TomlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var locator = new TomlEditLocator(this);
        if (locator.FindValue(path) is { } value)
        {
            return GetLineColumn(GetStart(value));
        }

        var entry = SyntaxIndex.FindHeader(path) ?? SyntaxIndex.Entries.FirstOrDefault(e => path.IsPrefixOf(e.Path));
        return entry is null ? null : GetLineColumn(GetStart(entry.Item is TomlKeyValueSyntax kv ? kv.Key : entry.Item));
    }

    /// <summary>1-based line and column (in Unicode scalar values) of an offset.</summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        _lineStarts ??= ComputeLineStarts(Text);
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        // Columns count characters: a surrogate pair is one. Scanning for low surrogates is vectorised,
        // so even a position deep in a 1 MB line costs little.
        var span = Text.AsSpan(_lineStarts[line], offset - _lineStarts[line]);
        var column = span.Length + 1;
        for (var i = span.IndexOfAnyInRange('\uDC00', '\uDFFF'); i >= 0; i = NextLowSurrogate(span, i + 1))
        {
            column--;
        }

        return (line + 1, column);
    }

    private TomlDiagnostic ToDiagnostic(int offset, string message)
    {
        var (line, column) = GetLineColumn(offset);
        return new TomlDiagnostic(offset, line, column, message);
    }

    private string FormatPosition(int offset)
    {
        var (line, column) = GetLineColumn(offset);
        return $"{line}:{column}";
    }

    private static int NextLowSurrogate(ReadOnlySpan<char> span, int from)
    {
        var next = span[from..].IndexOfAnyInRange('\uDC00', '\uDFFF');
        return next < 0 ? -1 : from + next;
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
