namespace McpContext.Toml.Syntax;

/// <summary>
/// A node of the lossless syntax tree. A node owns a contiguous range of the document's tokens;
/// the document's top-level items tile all tokens, so printing them gives the input back exactly.
/// </summary>
public abstract class TomlSyntaxNode
{
    private protected TomlSyntaxNode(int firstToken, int tokenCount)
    {
        FirstToken = firstToken;
        TokenCount = tokenCount;
    }

    /// <summary>Index of the node's first token in <see cref="TomlDocument.Tokens"/>.</summary>
    public int FirstToken { get; }

    /// <summary>Number of tokens the node owns.</summary>
    public int TokenCount { get; }
}

/// <summary>A top-level line (or lines) of a document.</summary>
public abstract class TomlItemSyntax : TomlSyntaxNode
{
    private protected TomlItemSyntax(int firstToken, int tokenCount)
        : base(firstToken, tokenCount)
    {
    }
}

/// <summary>A blank line, a comment-only line, or leftover trivia at the end of the file.</summary>
public sealed class TomlTriviaSyntax : TomlItemSyntax
{
    internal TomlTriviaSyntax(int firstToken, int tokenCount)
        : base(firstToken, tokenCount)
    {
    }
}

/// <summary>Text that failed to parse, kept verbatim so the document still prints back exactly.</summary>
public sealed class TomlErrorSyntax : TomlItemSyntax
{
    internal TomlErrorSyntax(int firstToken, int tokenCount)
        : base(firstToken, tokenCount)
    {
    }
}

/// <summary>A <c>[table]</c> or <c>[[array.of.tables]]</c> header line.</summary>
public sealed class TomlTableHeaderSyntax : TomlItemSyntax
{
    internal TomlTableHeaderSyntax(int firstToken, int tokenCount, TomlKeySyntax name, bool isArrayOfTables)
        : base(firstToken, tokenCount)
    {
        Name = name;
        IsArrayOfTables = isArrayOfTables;
    }

    /// <summary>The table's dotted name.</summary>
    public TomlKeySyntax Name { get; }

    /// <summary>True for <c>[[...]]</c>.</summary>
    public bool IsArrayOfTables { get; }
}

/// <summary><c>key = value</c>, as a top-level line (indentation, comment and line break included) or inside an inline table.</summary>
public sealed class TomlKeyValueSyntax : TomlItemSyntax
{
    internal TomlKeyValueSyntax(int firstToken, int tokenCount, TomlKeySyntax key, int equalsToken, TomlValueSyntax value)
        : base(firstToken, tokenCount)
    {
        Key = key;
        EqualsToken = equalsToken;
        Value = value;
    }

    /// <summary>The possibly dotted key.</summary>
    public TomlKeySyntax Key { get; }

    /// <summary>Index of the <c>=</c> token.</summary>
    public int EqualsToken { get; }

    /// <summary>The value.</summary>
    public TomlValueSyntax Value { get; }
}

/// <summary>A possibly dotted key: <c>a</c>, <c>a.b</c>, <c>"quoted key".c</c>.</summary>
public sealed class TomlKeySyntax : TomlSyntaxNode
{
    internal TomlKeySyntax(int firstToken, int tokenCount, string[] parts)
        : base(firstToken, tokenCount)
    {
        Parts = parts;
    }

    /// <summary>The decoded key parts.</summary>
    public IReadOnlyList<string> Parts { get; }

    /// <summary>The key as written in dotted form with quoting only where needed, for messages.</summary>
    public override string ToString() => TomlKeyFormatter.FormatPath(Parts);
}

/// <summary>A value: a scalar, an array or an inline table.</summary>
public abstract class TomlValueSyntax : TomlSyntaxNode
{
    private protected TomlValueSyntax(int firstToken, int tokenCount)
        : base(firstToken, tokenCount)
    {
    }
}

/// <summary>A string, number, boolean or date/time written as one token.</summary>
public sealed class TomlScalarSyntax : TomlValueSyntax
{
    internal TomlScalarSyntax(int token, TomlTokenKind kind)
        : base(token, 1)
    {
        Kind = kind;
    }

    /// <summary>The token kind, which tells the value's type.</summary>
    public TomlTokenKind Kind { get; }
}

/// <summary><c>[ a, b, c ]</c>; comments and line breaks between elements are trivia inside the node.</summary>
public sealed class TomlArraySyntax : TomlValueSyntax
{
    internal TomlArraySyntax(int firstToken, int tokenCount, IReadOnlyList<TomlValueSyntax> elements, IReadOnlyList<int> commaTokens)
        : base(firstToken, tokenCount)
    {
        Elements = elements;
        CommaTokens = commaTokens;
    }

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<TomlValueSyntax> Elements { get; }

    /// <summary>For each element, the index of the comma after it, or -1.</summary>
    public IReadOnlyList<int> CommaTokens { get; }
}

/// <summary><c>{ a = 1, b.c = 2 }</c>.</summary>
public sealed class TomlInlineTableSyntax : TomlValueSyntax
{
    internal TomlInlineTableSyntax(int firstToken, int tokenCount, IReadOnlyList<TomlKeyValueSyntax> entries)
        : base(firstToken, tokenCount)
    {
        Entries = entries;
    }

    /// <summary>The entries in order.</summary>
    public IReadOnlyList<TomlKeyValueSyntax> Entries { get; }
}
