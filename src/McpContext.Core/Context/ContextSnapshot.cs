using McpContext.Core.Context.Formats;
using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>A problem with the context file, positioned where possible.</summary>
/// <param name="Line">1-based line, or 0 when the problem has no single position.</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Message">What is wrong and what to do; semantic problems start with the key path.</param>
/// <param name="Path">The key path the problem is about, when it is about one.</param>
public sealed record ContextDiagnostic(int Line, int Column, string Message, string? Path = null)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Line}:{Column}: {Message}" : Message;
}

/// <summary>
/// One version of the context as read from disk: its revision (a hash of the exact bytes), its text and
/// value. When the file on disk is broken the store keeps serving the last good version, with
/// <see cref="IsLastGood"/> set and the disk file's problems in <see cref="Diagnostics"/>.
/// </summary>
public sealed class ContextSnapshot
{
    internal ContextSnapshot(string revision, ContextDocument document, IReadOnlyList<ContextDiagnostic> diagnostics, bool isLastGood)
    {
        Revision = revision;
        Document = document;
        IsLastGood = isLastGood;

        // A secret typed into the file by hand is never served: the value goes out redacted, with a diagnostic.
        Model = SecretGuard.Redact(document.Model, out var secrets);
        Diagnostics = [.. diagnostics, .. secrets.Select(f => Locate(document, f)), .. isLastGood || document.HasErrors ? [] : ContextValidator.Validate(document)];
    }

    /// <summary>Content hash of the file this snapshot was read from; name it when writing.</summary>
    public string Revision { get; }

    /// <summary>The parsed document, as on disk: it may hold a secret, so it never leaves the process.</summary>
    internal ContextDocument Document { get; }

    /// <summary>The decoded value, with any secret in the file redacted.</summary>
    public TomlTable Model { get; }

    /// <summary>Problems with the file currently on disk; empty when it is fine.</summary>
    public IReadOnlyList<ContextDiagnostic> Diagnostics { get; }

    /// <summary>True when the file on disk is broken and this is the last version that was not.</summary>
    public bool IsLastGood { get; }

    /// <summary>True when the file on disk does not parse: <see cref="Model"/> is then the last good version, or empty.</summary>
    public bool HasSyntaxErrors => IsLastGood || Document.HasErrors;

    private static ContextDiagnostic Locate(ContextDocument document, SecretFinding finding)
    {
        var position = TomlPath.TryParse(finding.Path, out var path, out _) ? document.GetPosition(path) : null;
        return new ContextDiagnostic(position?.Line ?? 0, position?.Column ?? 0, finding.Message + "; it is redacted in what is served");
    }
}
