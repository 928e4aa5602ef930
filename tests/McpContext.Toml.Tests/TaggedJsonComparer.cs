using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpContext.Toml.Tests;

/// <summary>
/// Compares toml-test tagged JSON semantically, the way upstream toml-test does: object keys exactly with order
/// irrelevant, arrays element by element, scalar types exactly, and scalar values per type
/// (see <see cref="TaggedValueEquality"/>).
/// </summary>
internal static class TaggedJsonComparer
{
    /// <summary>Returns null when equal, otherwise a message naming the JSON path of the first difference.</summary>
    public static string? Compare(JsonNode? expected, JsonNode? actual) => Compare(expected, actual, "$");

    private static string? Compare(JsonNode? expected, JsonNode? actual, string path)
    {
        var expectedIsScalar = TryGetScalar(expected, out var expectedType, out var expectedValue);
        var actualIsScalar = TryGetScalar(actual, out var actualType, out var actualValue);
        if (expectedIsScalar && actualIsScalar)
        {
            var equal = string.Equals(expectedType, actualType, StringComparison.Ordinal)
                && TaggedValueEquality.AreEqual(expectedType, expectedValue, actualValue);
            return equal ? null : Mismatch(path, expected, actual);
        }

        // A table holding exactly the keys "type" and "value" is still a table, so scalar-ness is decided first.
        return (expected, actual) switch
        {
            _ when expectedIsScalar || actualIsScalar => Mismatch(path, expected, actual),
            (JsonObject e, JsonObject a) => CompareTables(e, a, path),
            (JsonArray e, JsonArray a) => CompareArrays(e, a, path),
            (JsonObject or JsonArray, _) => Mismatch(path, expected, actual),
            _ => $"{path}: expected side is not tagged JSON: {Describe(expected)}",
        };
    }

    private static string? CompareTables(JsonObject expected, JsonObject actual, string path)
    {
        foreach (var (key, expectedChild) in expected)
        {
            if (!actual.ContainsKey(key))
            {
                return $"{ChildPath(path, key)}: expected {Describe(expectedChild)}, got nothing (key missing)";
            }
        }

        foreach (var (key, actualChild) in actual)
        {
            if (!expected.ContainsKey(key))
            {
                return $"{ChildPath(path, key)}: expected nothing, got {Describe(actualChild)} (unexpected key)";
            }
        }

        foreach (var (key, expectedChild) in expected)
        {
            if (Compare(expectedChild, actual[key], ChildPath(path, key)) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static string? CompareArrays(JsonArray expected, JsonArray actual, string path)
    {
        if (expected.Count != actual.Count)
        {
            return $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var childPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (Compare(expected[i], actual[i], childPath) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    // A scalar is an object with exactly the two string members "type" and "value".
    private static bool TryGetScalar(JsonNode? node, out string type, out string value)
    {
        type = value = string.Empty;
        return node is JsonObject { Count: 2 } obj
            && TryGetString(obj, "type", out type)
            && TryGetString(obj, "value", out value);
    }

    private static bool TryGetString(JsonObject obj, string name, out string text)
    {
        string? found = null;
        var isString = obj.TryGetPropertyValue(name, out var node)
            && node is JsonValue jsonValue
            && jsonValue.GetValueKind() == JsonValueKind.String
            && jsonValue.TryGetValue(out found);
        text = found ?? string.Empty;
        return isString;
    }

    private static string Mismatch(string path, JsonNode? expected, JsonNode? actual) =>
        $"{path}: expected {Describe(expected)}, got {Describe(actual)}";

    private static string Describe(JsonNode? node)
    {
        if (TryGetScalar(node, out var type, out var value))
        {
            return type == "string" ? $"string {Quote(value)}" : $"{type} {value}";
        }

        return node switch
        {
            null => "null",
            JsonObject obj => string.Create(CultureInfo.InvariantCulture, $"table with {obj.Count} key(s)"),
            JsonArray array => string.Create(CultureInfo.InvariantCulture, $"array of {array.Count} element(s)"),
            _ => $"untagged JSON {node.GetValueKind()} {node.ToJsonString()}",
        };
    }

    private static string ChildPath(string path, string key)
    {
        var isPlain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        return isPlain ? $"{path}.{key}" : $"{path}[{Quote(key)}]";
    }

    // Keeps control characters and quotes visible in messages while leaving other text readable.
    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) =>
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
