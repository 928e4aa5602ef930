using System.Text;
using System.Text.Json;

namespace McpContext.Core.Drift.Scanners;

/// <summary>A string or number in a JSON file, with the property names above it and its 1-based line.</summary>
internal readonly record struct JsonValue(IReadOnlyList<string> Path, string Value, int Line)
{
    /// <summary>The name of the property holding the value, or empty in an array.</summary>
    public string Name => Path.Count > 0 ? Path[^1] : "";
}

/// <summary>
/// Walks a JSON file (comments and trailing commas allowed, as in launchSettings.json) yielding every
/// scalar with its line, which <see cref="JsonDocument"/> does not keep.
/// </summary>
internal static class JsonValues
{
    public static IReadOnlyList<JsonValue>? Read(string text, out int errorLine, out string? error)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        var values = new List<JsonValue>();
        var path = new List<string>();
        var containers = new Stack<bool>();
        var line = 1;
        var counted = 0L;
        try
        {
            while (reader.Read())
            {
                line += bytes.AsSpan((int)counted, (int)(reader.TokenStartIndex - counted)).Count((byte)'\n');
                counted = reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path.Add(reader.GetString()!);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            // Items of an array sit under a placeholder name so a property's value and an item's differ.
                            path.Add("");
                        }

                        containers.Push(reader.TokenType == JsonTokenType.StartObject);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (!containers.Pop())
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        EndValue(path, containers);
                        break;
                    case JsonTokenType.String or JsonTokenType.Number:
                        var value = reader.TokenType == JsonTokenType.String ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);
                        values.Add(new JsonValue([.. path], value, line));
                        EndValue(path, containers);
                        break;
                    default:
                        EndValue(path, containers);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            errorLine = (int)(e.LineNumber ?? 0) + 1;
            error = "not valid JSON: " + e.Message;
            return null;
        }

        errorLine = 0;
        error = null;
        return values;
    }

    // After a property's value, its name leaves the path; an array item leaves the placeholder in place.
    private static void EndValue(List<string> path, Stack<bool> containers)
    {
        if (containers.Count > 0 && containers.Peek() && path.Count > 0)
        {
            path.RemoveAt(path.Count - 1);
        }
    }
}
