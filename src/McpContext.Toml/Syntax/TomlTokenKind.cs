namespace McpContext.Toml.Syntax;

/// <summary>Kinds of token. Every character of a document belongs to exactly one token, trivia included.</summary>
public enum TomlTokenKind : byte
{
    /// <summary>Spaces and tabs.</summary>
    Whitespace,

    /// <summary><c>\n</c> or <c>\r\n</c>.</summary>
    Newline,

    /// <summary><c># ...</c> up to, not including, the line break.</summary>
    Comment,

    /// <summary>A byte-order mark at the start of the file.</summary>
    ByteOrderMark,

    /// <summary><c>=</c></summary>
    Equals,

    /// <summary><c>.</c> between key parts.</summary>
    Dot,

    /// <summary><c>,</c></summary>
    Comma,

    /// <summary><c>[</c></summary>
    OpenBracket,

    /// <summary><c>]</c></summary>
    CloseBracket,

    /// <summary><c>[[</c> opening an array-of-tables header.</summary>
    DoubleOpenBracket,

    /// <summary><c>]]</c> closing an array-of-tables header.</summary>
    DoubleCloseBracket,

    /// <summary><c>{</c></summary>
    OpenBrace,

    /// <summary><c>}</c></summary>
    CloseBrace,

    /// <summary>A bare key such as <c>port</c> or <c>1234</c>.</summary>
    BareKey,

    /// <summary><c>"..."</c></summary>
    BasicString,

    /// <summary><c>"""..."""</c></summary>
    MultiLineBasicString,

    /// <summary><c>'...'</c></summary>
    LiteralString,

    /// <summary><c>'''...'''</c></summary>
    MultiLineLiteralString,

    /// <summary>An integer, decimal, hexadecimal, octal or binary.</summary>
    Integer,

    /// <summary>A float, including <c>inf</c> and <c>nan</c>.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A date, time or date-time of any of the four TOML kinds.</summary>
    DateTime,

    /// <summary>Text that could not be read as anything valid; kept so the tree stays lossless.</summary>
    Error,
}
