using McpContext.Toml.Syntax;

namespace McpContext.Toml;

/// <summary>Writes keys bare when TOML allows it and quoted otherwise.</summary>
public static class TomlKeyFormatter
{
    /// <summary>One key part: bare if it is non-empty and only A-Z a-z 0-9 _ -, else a quoted basic string.</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var c in key)
        {
            if (!TomlLexer.IsBareKeyChar(c))
            {
                return TomlStringFormatter.Basic(key);
            }
        }

        return key.Length == 0 ? "\"\"" : key;
    }

    /// <summary>A dotted path such as <c>services."blue slot".port</c>.</summary>
    public static string FormatPath(IEnumerable<string> parts) => string.Join('.', parts.Select(FormatKey));
}
