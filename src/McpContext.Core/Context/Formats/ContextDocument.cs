using McpContext.Toml;

namespace McpContext.Core.Context.Formats;

/// <summary>
/// One version of a context file in its own format: the text, its value, its syntax errors, where each
/// key path sits, and how to apply operations. The store works only through this, so TOML, JSON and
/// YAML files get the same revisions, locking, validation, secret guard and journal.
/// </summary>
internal abstract class ContextDocument
{
    public abstract string Text { get; }

    /// <summary>The value; empty when the text has syntax errors.</summary>
    public abstract TomlTable Model { get; }

    /// <summary>Syntax errors, positioned; empty when the text is well-formed.</summary>
    public abstract IReadOnlyList<ContextDiagnostic> SyntaxErrors { get; }

    public bool HasErrors => SyntaxErrors.Count > 0;

    /// <summary>The 1-based line and column where <paramref name="path"/>'s key (or array element) is written.</summary>
    public abstract (int Line, int Column)? GetPosition(TomlPath path);

    /// <summary>Applies <paramref name="operations"/> in order; the new document, or why the first failing one cannot be applied.</summary>
    public abstract ContextDocument? Apply(IReadOnlyList<ContextOperation> operations, out string? error);

    public static ContextDocument Parse(ContextFormat format, byte[] bytes) => format switch
    {
        ContextFormat.Json => JsonContextDocument.Parse(bytes),
        ContextFormat.Yaml => YamlContextDocument.Parse(bytes),
        _ => new TomlContextDocument(TomlDocument.Parse(bytes)),
    };

    /// <summary>The text of the operation for error messages: <c>set services.web.port</c>.</summary>
    protected static string Describe(ContextOperation operation) => $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Path}";
}
