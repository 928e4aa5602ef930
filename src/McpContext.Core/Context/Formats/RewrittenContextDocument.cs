using System.Text;
using McpContext.Toml;

namespace McpContext.Core.Context.Formats;

/// <summary>
/// A context file in a format without a lossless syntax tree here (JSON, YAML): edits are applied to the
/// value and the file is written anew from it, keys in their original order.
/// </summary>
internal abstract class RewrittenContextDocument : ContextDocument
{
    private readonly Dictionary<TomlPath, (int Line, int Column)> _positions;

    protected RewrittenContextDocument(string text, TomlTable model, IReadOnlyList<ContextDiagnostic> errors, Dictionary<TomlPath, (int Line, int Column)> positions)
    {
        Text = text;
        SyntaxErrors = errors;
        Model = errors.Count == 0 ? model : [];
        _positions = positions;
    }

    public override string Text { get; }

    public override TomlTable Model { get; }

    public override IReadOnlyList<ContextDiagnostic> SyntaxErrors { get; }

    public override (int Line, int Column)? GetPosition(TomlPath path) => _positions.TryGetValue(path, out var at) ? at : null;

    public override ContextDocument? Apply(IReadOnlyList<ContextOperation> operations, out string? error)
    {
        var model = (TomlTable)TomlModel.Clone(Model);
        foreach (var operation in operations)
        {
            error = operation.Kind switch
            {
                ContextOperationKind.Set => TomlModelEdits.Set(model, operation.Path, TomlModel.Clone(operation.Value!)),
                ContextOperationKind.Append => TomlModelEdits.Append(model, operation.Path, TomlModel.Clone(operation.Value!)),
                _ => TomlModelEdits.Remove(model, operation.Path),
            };
            if (error is not null)
            {
                error = $"{Describe(operation)}: {error}";
                return null;
            }
        }

        var written = Reparse(Render(model));
        if (written.HasErrors)
        {
            error = $"internal error: the rewritten file does not parse ({written.SyntaxErrors[0]}); nothing was written";
            return null;
        }

        error = null;
        return written;
    }

    /// <summary>The file's text for <paramref name="model"/>.</summary>
    protected abstract string Render(TomlTable model);

    protected abstract ContextDocument Reparse(string text);

    /// <summary>Decodes UTF-8 strictly (a BOM is allowed); a bad byte is a positioned error, not a replacement character.</summary>
    protected static string? Decode(byte[] bytes, out ContextDiagnostic? error)
    {
        var offset = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            error = null;
            return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException e)
        {
            var (line, column) = LineColumn(bytes, offset + Math.Max(0, e.Index));
            error = new ContextDiagnostic(line, column, "the file is not valid UTF-8");
            return null;
        }
    }

    /// <summary>The 1-based line and column (in characters) of a byte offset in UTF-8 text.</summary>
    protected static (int Line, int Column) LineColumn(ReadOnlySpan<byte> bytes, long offset)
    {
        var before = bytes[..(int)Math.Min(offset, bytes.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
