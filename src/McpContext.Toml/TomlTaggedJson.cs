using System.Globalization;
using System.Text.Json.Nodes;

namespace McpContext.Toml;

/// <summary>
/// The tagged JSON of the toml-test suite: tables and arrays as JSON objects and arrays, every scalar as
/// <c>{"type": ..., "value": "..."}</c>. It lets any toml-test runner check this engine.
/// </summary>
public static class TomlTaggedJson
{
    /// <summary>Converts a value model to tagged JSON.</summary>
    public static JsonObject FromModel(TomlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var obj = new JsonObject();
        foreach (var (key, value) in table)
        {
            obj[key] = FromValue(value);
        }

        return obj;
    }

    private static JsonNode FromValue(object value) => value switch
    {
        TomlTable t => FromModel(t),
        TomlArray a => new JsonArray([.. a.Select(FromValue)]),
        string s => Tag("string", s),
        long l => Tag("integer", l.ToString(CultureInfo.InvariantCulture)),
        double d => Tag("float", TomlValueFormatter.FormatFloat(d)),
        bool b => Tag("bool", b ? "true" : "false"),
        TomlDateTime dt => Tag(TypeOf(dt), dt.ToString()),
        _ => throw new ArgumentException($"not a TOML value: {value.GetType().Name}", nameof(value)),
    };

    private static JsonObject Tag(string type, string value) => new() { ["type"] = type, ["value"] = value };

    /// <summary>Converts tagged JSON back to a value model.</summary>
    /// <exception cref="FormatException">The JSON is not valid tagged JSON; the message names the JSON path.</exception>
    public static TomlTable ToModel(JsonObject tagged)
    {
        ArgumentNullException.ThrowIfNull(tagged);
        return ToTable(tagged, "$");
    }

    private static TomlTable ToTable(JsonObject obj, string path)
    {
        var table = new TomlTable();
        foreach (var (key, node) in obj)
        {
            table.Add(key, ToValue(node, $"{path}.{key}"));
        }

        return table;
    }

    private static object ToValue(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonArray array:
                return new TomlArray(array.Select((n, i) => ToValue(n, $"{path}[{i}]")));
            case JsonObject obj when IsScalar(obj, out var type, out var text):
                return ToScalar(type, text, path);
            case JsonObject obj:
                return ToTable(obj, path);
            default:
                throw new FormatException($"{path}: expected an object or array, found {node?.GetValueKind().ToString() ?? "null"}");
        }
    }

    private static bool IsScalar(JsonObject obj, out string type, out string text)
    {
        type = text = "";
        if (obj.Count != 2 || obj["type"] is not JsonValue t || obj["value"] is not JsonValue v
            || !t.TryGetValue(out string? typeValue) || !v.TryGetValue(out string? textValue))
        {
            return false;
        }

        (type, text) = (typeValue, textValue);
        return true;
    }

    private static object ToScalar(string type, string text, string path)
    {
        void Fail(int offset, string message) => throw new FormatException($"{path}: {message}");
        object? value = type switch
        {
            "string" => text,
            "integer" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
            "float" => text switch
            {
                "inf" or "+inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                "nan" or "+nan" or "-nan" => double.NaN,
                _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            },
            "bool" => text switch { "true" => true, "false" => false, _ => null },
            "datetime" or "datetime-local" or "date-local" or "time-local" => ScalarDecoder.DecodeDateTime(text, 0, Fail),
            _ => throw new FormatException($"{path}: unknown type '{type}'"),
        };
        if (value is TomlDateTime dt && TypeOf(dt) != type)
        {
            throw new FormatException($"{path}: '{text}' is not a {type}");
        }

        return value ?? throw new FormatException($"{path}: '{text}' is not a valid {type}");
    }

    private static string TypeOf(TomlDateTime dt) => dt.Kind switch
    {
        TomlDateTimeKind.OffsetDateTime => "datetime",
        TomlDateTimeKind.LocalDateTime => "datetime-local",
        TomlDateTimeKind.LocalDate => "date-local",
        _ => "time-local",
    };
}
