using McpContext.Core.Diffs;

namespace McpContext.Core.Constraints;

/// <summary>The kinds of change a rule can be limited to (<c>changes</c>); context keys are added, modified or deleted.</summary>
public enum ChangeKind
{
    /// <summary>A new file (a copy counts as one) or a new key.</summary>
    Add,

    /// <summary>Changed content or mode, or a changed value.</summary>
    Modify,

    /// <summary>A removed file or key.</summary>
    Delete,

    /// <summary>A moved file.</summary>
    Rename,
}

/// <summary>The names rules and tools use for <see cref="ChangeKind"/>.</summary>
public static class ChangeKinds
{
    /// <summary>The name in rules and JSON: add, modify, delete, rename.</summary>
    public static string Name(this ChangeKind kind) => kind switch
    {
        ChangeKind.Add => "add",
        ChangeKind.Modify => "modify",
        ChangeKind.Delete => "delete",
        _ => "rename",
    };

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static ChangeKind? Parse(string? name) => name switch
    {
        "add" => ChangeKind.Add,
        "modify" => ChangeKind.Modify,
        "delete" => ChangeKind.Delete,
        "rename" => ChangeKind.Rename,
        _ => null,
    };

    /// <summary>How a diff's change counts for rules: a copy adds a file.</summary>
    public static ChangeKind From(DiffChangeKind kind) => kind switch
    {
        DiffChangeKind.Add or DiffChangeKind.Copy => ChangeKind.Add,
        DiffChangeKind.Delete => ChangeKind.Delete,
        DiffChangeKind.Rename => ChangeKind.Rename,
        _ => ChangeKind.Modify,
    };
}
