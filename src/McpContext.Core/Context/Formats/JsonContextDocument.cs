using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        try
        {
            Walk(bytes, positions, errors);
        }
        catch (JsonException e)
        {
            // The reader's message ends with its own 0-based position; ours is 1-based and comes first.
            var message = e.Message.Split(" LineNumber:", 2)[0].TrimEnd().Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return new(text, [], [new ContextDiagnostic((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, message)], positions);
        }

        if (errors.Count > 0)
        {
            return new(text, [], errors, positions);
        }

        var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = ContextJson.MaxDepth + 1 });
        if (!ContextJson.TryFromNode(node, "$", out var value, out var error))
        {
            // Walk already refused nulls and depth, so this is a bug, not input.
            throw new InvalidOperationException(error);
        }

        return new(text, (TomlTable)value, [], positions);
    }

    protected override string Render(TomlTable model) => ContextJson.ToObject(model).ToJsonString(Indented) + "\n";

    protected override ContextDocument Reparse(string text) => Parse(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Reads the whole text once: where every key and element is, and what TOML cannot hold.</summary>
    private static void Walk(byte[] bytes, Dictionary<TomlPath, (int, int)> positions, List<ContextDiagnostic> errors)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = ContextJson.MaxDepth + 1 });
        var frames = new Stack<Frame>();
        string? key = null;
        while (reader.Read())
        {
            var at = LineColumn(bytes, reader.TokenStartIndex);
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var frame = frames.Peek();
                key = reader.GetString()!;
                if (!frame.Keys!.Add(key))
                {
                    errors.Add(new ContextDiagnostic(at.Line, at.Column, $"{frame.Path.Append(key)}: the key appears twice in one object"));
                }

                positions[frame.Path.Append(key)] = at;
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.Pop();
                continue;
            }

            TomlPath path;
            if (frames.Count == 0)
            {
                path = TomlPath.Root;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add(new ContextDiagnostic(at.Line, at.Column, "a JSON context file holds one object ({ ... }) at the top"));
                    return;
                }
            }
            else if (frames.Peek().Keys is null)
            {
                var array = frames.Peek();
                path = array.Path.Append(array.NextIndex++);
                positions[path] = at;
            }
            else
            {
                path = frames.Peek().Path.Append(key!);
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    frames.Push(new Frame(path, new HashSet<string>(StringComparer.Ordinal)));
                    break;
                case JsonTokenType.StartArray:
                    frames.Push(new Frame(path, null));
                    break;
                case JsonTokenType.Null:
                    errors.Add(new ContextDiagnostic(at.Line, at.Column, $"{path}: null has no TOML equivalent; remove the key or give it a value"));
                    break;
                case JsonTokenType.Number when !reader.TryGetInt64(out _) && IsInteger(reader.ValueSpan):
                    errors.Add(new ContextDiagnostic(at.Line, at.Column, $"{path}: {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} does not fit a 64-bit integer"));
                    break;
            }
        }
    }

    private static bool IsInteger(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private sealed class Frame(TomlPath path, HashSet<string>? keys)
    {
        public TomlPath Path => path;

        /// <summary>The keys seen so far in an object; null for an array.</summary>
        public HashSet<string>? Keys => keys;

        public int NextIndex { get; set; }
    }
}
