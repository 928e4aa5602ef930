using System.Text.Encodings.Web;
using System.Text.Json;
using McpContext.Toml;

namespace McpContext.Core.Context.Formats;

/// <summary>A JSON context file: one object, no comments, no nulls (TOML has none), duplicate keys refused.</summary>
internal sealed class JsonContextDocument : RewrittenContextDocument
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private JsonContextDocument(string text, TomlTable model, IReadOnlyList<ContextDiagnostic> errors, Dictionary<TomlPath, (int, int)> positions)
        : base(text, model, errors, positions)
    {
    }

    public static JsonContextDocument Parse(byte[] bytes)
    {
        var text = Decode(bytes, out var decodeError);
        if (text is null)
        {
            return new(string.Empty, [], [decodeError!], []);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new(text, [], [], []);
        }

        var positions = new Dictionary<TomlPath, (int, int)>();
        var errors = new List<ContextDiagnostic>();
        TomlTable? model;
        try
        {
            model = Read(bytes, positions, errors);
        }
        catch (JsonException e)
        {
            // The reader's message ends with its own 0-based position; ours is 1-based and comes first.
            var message = e.Message.Split(" LineNumber:", 2)[0].TrimEnd().Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return new(text, [], [new ContextDiagnostic((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, message)], positions);
        }

        return new(text, errors.Count == 0 ? model! : [], errors, positions);
    }

    protected override string Render(TomlTable model) => ContextJson.ToObject(model).ToJsonString(Indented) + "\n";

    protected override ContextDocument Reparse(string text) => Parse(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Reads the whole text once into the value, noting where every key and element is and what TOML
    /// cannot hold. A value in error is kept as a placeholder so the structure stays whole; any error
    /// discards the value.
    /// </summary>
    private static TomlTable? Read(byte[] bytes, Dictionary<TomlPath, (int, int)> positions, List<ContextDiagnostic> errors)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = ContextJson.MaxDepth + 1 });
        var open = new Stack<(TomlPath Path, object Container)>();
        TomlTable? root = null;
        string? key = null;
        while (reader.Read())
        {
            var at = LineColumn(bytes, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var (tablePath, table) = open.Peek();
                    key = reader.GetString()!;
                    if (((TomlTable)table).ContainsKey(key))
                    {
                        errors.Add(new ContextDiagnostic(at.Line, at.Column, $"{tablePath.Append(key)}: the key appears twice in one object"));
                    }

                    positions[tablePath.Append(key)] = at;
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.Pop();
                    continue;
            }

            if (open.Count == 0)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add(new ContextDiagnostic(at.Line, at.Column, "a JSON context file holds one object ({ ... }) at the top"));
                    return null;
                }

                open.Push((TomlPath.Root, root = []));
                continue;
            }

            var (parentPath, parent) = open.Peek();
            var path = parent is TomlArray array ? parentPath.Append(array.Count) : parentPath.Append(key!);
            var value = Value(ref reader, path, at, errors);
            if (parent is TomlArray items)
            {
                positions[path] = at;
                items.Add(value);
            }
            else
            {
                ((TomlTable)parent)[key!] = value;
            }

            if (value is TomlTable or TomlArray)
            {
                open.Push((path, value));
            }
        }

        return root;
    }

    private static object Value(ref Utf8JsonReader reader, TomlPath path, (int Line, int Column) at, List<ContextDiagnostic> errors)
    {
        string? error = null;
        var value = reader.TokenType switch
        {
            JsonTokenType.StartObject => new TomlTable(),
            JsonTokenType.StartArray => new TomlArray(),
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => ContextJson.Number(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), path.ToString(), ref error),
            _ => null,
        };
        if (value is null)
        {
            errors.Add(new ContextDiagnostic(at.Line, at.Column, error ?? $"{path}: null has no TOML equivalent; remove the key or give it a value"));
        }

        return value ?? string.Empty;
    }
}
