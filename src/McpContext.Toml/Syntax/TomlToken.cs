namespace McpContext.Toml.Syntax;

/// <summary>A token: its kind and where its text lies in the document.</summary>
public readonly record struct TomlToken(TomlTokenKind Kind, int Start, int Length)
{
    /// <summary>Offset just past the token.</summary>
    public int End => Start + Length;

    /// <summary>True for whitespace, comments, line breaks and a byte-order mark.</summary>
    public bool IsTrivia => Kind is TomlTokenKind.Whitespace or TomlTokenKind.Newline or TomlTokenKind.Comment or TomlTokenKind.ByteOrderMark;
}
