using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tools;

/// <summary>
/// Bounds what <c>context_get</c> returns. A value whose JSON is larger than <see cref="MaxBytes"/> is
/// served in pages over its top-level keys (a table) or items (an array); a page always holds at least one
/// entry. Cursors are opaque to clients and bound to the revision and path they were issued for, so a
/// page never mixes two versions of the file.
/// </summary>
internal static class ContextPager
{
    /// <summary>The largest value a response carries before it is paged, in UTF-8 bytes of JSON.</summary>
    public const int MaxBytes = 32 * 1024;

    private const string Version = "c1";

    /// <summary>One page of <paramref name="value"/> from entry <paramref name="offset"/>, and where the next page starts (null: last page).</summary>
    public static (JsonNode Page, int? Next) Page(JsonNode value, int offset, int maxBytes = MaxBytes)
    {
        if (offset == 0 && Size(value) <= maxBytes || value is not (JsonObject or JsonArray))
        {
            return (value.DeepClone(), null);
        }

        var entries = value is JsonObject obj
            ? obj.Select(kv => (Key: (string?)kv.Key, Value: kv.Value)).ToList()
            : [.. value.AsArray().Select(v => (Key: (string?)null, Value: v))];
        var used = 2;
        var end = offset;
        while (end < entries.Count)
        {
            var size = Size(entries[end].Value) + (entries[end].Key is { } k ? Encoding.UTF8.GetByteCount(k) + 4 : 1);
            if (end > offset && used + size > maxBytes)
            {
                break;
            }

            used += size;
            end++;
        }

        JsonNode page = value is JsonObject
            ? new JsonObject(entries[offset..end].Select(e => KeyValuePair.Create(e.Key!, e.Value?.DeepClone())))
            : new JsonArray([.. entries[offset..end].Select(e => e.Value?.DeepClone())]);
        return (page, end < entries.Count ? end : null);
    }

    /// <summary>The number of entries a paged value has, for messages.</summary>
    public static int Count(JsonNode value) => value switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 1,
    };

    public static string CreateCursor(string revision, string path, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}\n{revision}\n{offset.ToString(CultureInfo.InvariantCulture)}\n{path}"));

    /// <summary>Reads a cursor; false when it is not one this server issued.</summary>
    public static bool TryReadCursor(string cursor, out string revision, out string path, out int offset)
    {
        revision = path = "";
        offset = 0;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(bytes).Split('\n', 4);
        if (parts.Length != 4 || parts[0] != Version || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset <= 0)
        {
            return false;
        }

        revision = parts[1];
        path = parts[3];
        return true;
    }

    private static int Size(JsonNode? node) => node is null ? 4 : Encoding.UTF8.GetByteCount(node.ToJsonString());
}
