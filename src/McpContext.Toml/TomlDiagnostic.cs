namespace McpContext.Toml;

/// <summary>An error found while reading TOML: where it is (1-based line and column) and what to do about it.</summary>
public sealed class TomlDiagnostic
{
    internal TomlDiagnostic(int offset, int line, int column, string message)
    {
        Offset = offset;
        Line = line;
        Column = column;
        Message = message;
    }

    /// <summary>Zero-based character offset into the document text.</summary>
    public int Offset { get; }

    /// <summary>One-based line number.</summary>
    public int Line { get; }

    /// <summary>One-based column, counted in Unicode scalar values from the start of the line.</summary>
    public int Column { get; }

    /// <summary>A message a person can act on.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}: {Message}";
}
