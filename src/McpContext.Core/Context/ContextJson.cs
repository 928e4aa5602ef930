using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>
/// Plain JSON for context values, as clients and JSON context files see them: tables are objects, arrays
/// are arrays, dates and times are RFC 3339 strings. TOML's non-finite floats have no JSON number, so
/// they become the strings <c>"nan"</c>, <c>"inf"</c> and <c>"-inf"</c>.
/// </summary>
public static class ContextJson
{
    /// <summary>As deep as a JSON value may nest before it is refused (the TOML parser's limit).</summary>
    public const int MaxDepth = 128;

    /// <summary>Converts a context value (a <see cref="TomlTable"/>, <see cref="TomlArray"/> or scalar) to JSON.</summary>
    public static JsonNode ToNode(object value) => value switch
    {
        TomlTable table => ToObject(table),
        TomlArray array => new JsonArray([.. array.Select(ToNode)]),
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d when double.IsNaN(d) => JsonValue.Create("nan"),
        double d when double.IsInfinity(d) => JsonValue.Create(d > 0 ? "inf" : "-inf"),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        TomlDateTime dt => JsonValue.Create(dt.ToString()),
        _ => throw new ArgumentException($"not a context value: {value?.GetType().Name ?? "null"}", nameof(value)),
    };

    /// <summary>Converts a table to a JSON object, keeping key order.</summary>
    public static JsonObject ToObject(TomlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var obj = new JsonObject();
        foreach (var (key, value) in table)
        {
            obj[key] = ToNode(value);
        }

        return obj;
    }

    /// <summary>
    /// Converts JSON to a context value. Integers without a fraction or exponent become integers, other
    /// numbers floats; <c>null</c> has no TOML equivalent and is refused.
    /// </summary>
    /// <param name="node">The JSON value.</param>
    /// <param name="path">Where the value sits, used in the error (for example <c>value</c> or <c>services.web.port</c>).</param>
    /// <param name="value">The converted value.</param>
    /// <param name="error">What is wrong and where, when the result is false.</param>
    public static bool TryFromNode(JsonNode? node, string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        error = null;
        value = Convert(node, path, 0, ref error);
        return error is null && value is not null;
    }

    private static object? Convert(JsonNode? node, string path, int depth, ref string? error)
    {
        if (depth > MaxDepth)
        {
            error = $"{path}: the value nests more than {MaxDepth} levels deep";
            return null;
        }

        switch (node)
        {
            case null:
                error = $"{path}: null has no TOML equivalent; remove the key instead of setting it to null";
                return null;
            case JsonObject obj:
                var table = new TomlTable();
                foreach (var (key, child) in obj)
                {
                    var converted = Convert(child, path + "." + key, depth + 1, ref error);
                    if (converted is null)
                    {
                        return null;
                    }

                    table.Add(key, converted);
                }

                return table;
            case JsonArray arr:
                var array = new TomlArray();
                for (var i = 0; i < arr.Count; i++)
                {
                    var converted = Convert(arr[i], $"{path}[{i}]", depth + 1, ref error);
                    if (converted is null)
                    {
                        return null;
                    }

                    array.Add(converted);
                }

                return array;
            default:
                return Scalar(node.AsValue(), path, ref error);
        }
    }

    private static object? Scalar(JsonValue value, string path, ref string? error)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return Number(value.ToJsonString(), path, ref error);
            default:
                error = $"{path}: null has no TOML equivalent; remove the key instead of setting it to null";
                return null;
        }
    }

    /// <summary>A JSON number's text as a context value: an integer when it has no fraction or exponent, else a float.</summary>
    internal static object? Number(string raw, string path, ref string? error)
    {
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
        {
            return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        error = $"{path}: {raw} does not fit a 64-bit integer";
        return null;
    }
}
