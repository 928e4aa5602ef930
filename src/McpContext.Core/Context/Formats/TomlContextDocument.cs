using McpContext.Toml;

namespace McpContext.Core.Context.Formats;

/// <summary>A TOML context file: edits go through <see cref="TomlEditor"/>, so comments and layout survive.</summary>
internal sealed class TomlContextDocument(TomlDocument document) : ContextDocument
{
    public TomlDocument Document => document;

    public override string Text => document.Text;

    public override TomlTable Model => document.Model;

    public override IReadOnlyList<ContextDiagnostic> SyntaxErrors { get; } =
        [.. document.Diagnostics.Select(d => new ContextDiagnostic(d.Line, d.Column, d.Message))];

    public override (int Line, int Column)? GetPosition(TomlPath path) => document.GetPosition(path);

    public override ContextDocument? Apply(IReadOnlyList<ContextOperation> operations, out string? error)
    {
        var editor = new TomlEditor(document);
        foreach (var operation in operations)
        {
            var edit = operation.Kind switch
            {
                ContextOperationKind.Set => editor.Set(operation.Path, operation.Value!),
                ContextOperationKind.Append => editor.Append(operation.Path, operation.Value!),
                _ => editor.Remove(operation.Path),
            };
            if (!edit.Succeeded)
            {
                error = $"{Describe(operation)}: {edit.Error}";
                return null;
            }
        }

        error = null;
        return new TomlContextDocument(editor.Document);
    }
}
