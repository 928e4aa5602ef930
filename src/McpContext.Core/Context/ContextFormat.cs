namespace McpContext.Core.Context;

/// <summary>The file formats a context can be kept in, chosen by the file's extension.</summary>
public enum ContextFormat
{
    /// <summary><c>.toml</c>, the canonical format: edits go through the syntax tree and keep every comment.</summary>
    Toml,

    /// <summary><c>.json</c>: edits rewrite the file, indented, in the same key order.</summary>
    Json,

    /// <summary><c>.yaml</c> or <c>.yml</c>: edits rewrite the file in the same key order and keep its leading comment block (the yaml-language-server line).</summary>
    Yaml,
}

/// <summary>Maps file names to <see cref="ContextFormat"/>.</summary>
public static class ContextFormats
{
    /// <summary>The format of <paramref name="filePath"/>, from its extension; anything but .json, .yaml and .yml is TOML.</summary>
    public static ContextFormat FromPath(string filePath)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        return Path.GetExtension(filePath).ToUpperInvariant() switch
        {
            ".JSON" => ContextFormat.Json,
            ".YAML" or ".YML" => ContextFormat.Yaml,
            _ => ContextFormat.Toml,
        };
    }
}
