using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>What an operation does at its path.</summary>
public enum ContextOperationKind
{
    /// <summary>Set the value, creating missing tables.</summary>
    Set,

    /// <summary>Remove the key, table or array element.</summary>
    Remove,

    /// <summary>Append to the array (created if missing).</summary>
    Append,
}

/// <summary>One change to the context document.</summary>
/// <param name="Kind">Set, remove or append.</param>
/// <param name="Path">Where, e.g. <c>services.green.port</c> or <c>known_issues[2].status</c>.</param>
/// <param name="Value">The value for set and append: string, long, double, bool, TomlDateTime, TomlArray or TomlTable.</param>
public sealed record ContextOperation(ContextOperationKind Kind, TomlPath Path, object? Value = null)
{
    /// <summary>A set operation.</summary>
    public static ContextOperation Set(string path, object value) => new(ContextOperationKind.Set, TomlPath.Parse(path), value);

    /// <summary>A remove operation.</summary>
    public static ContextOperation Remove(string path) => new(ContextOperationKind.Remove, TomlPath.Parse(path));

    /// <summary>An append operation.</summary>
    public static ContextOperation Append(string path, object value) => new(ContextOperationKind.Append, TomlPath.Parse(path), value);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ContextOperationKind.Remove => $"remove {Path}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Path} = {TomlValueFormatter.Format(Value!)}",
    };
}
