namespace McpContext.Toml;

/// <summary>The outcome of an edit: the new document, or why nothing was changed.</summary>
public sealed class TomlEditResult
{
    private TomlEditResult(TomlDocument document, string? error)
    {
        Document = document;
        Error = error;
    }

    /// <summary>True when the edit was applied.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The edited document, or the unchanged one when the edit failed.</summary>
    public TomlDocument Document { get; }

    /// <summary>Why the edit was refused; null on success.</summary>
    public string? Error { get; }

    internal static TomlEditResult Ok(TomlDocument document) => new(document, null);

    internal static TomlEditResult Fail(TomlDocument unchanged, string error) => new(unchanged, error);
}
