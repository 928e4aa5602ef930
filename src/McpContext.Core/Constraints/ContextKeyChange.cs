using McpContext.Toml;

namespace McpContext.Core.Constraints;

/// <summary>One value of the context that a change adds, modifies or deletes.</summary>
/// <param name="Path">The key path of the value (a leaf: a scalar, or an empty table or array).</param>
/// <param name="Kind">Add, modify or delete.</param>
/// <param name="Before">The value before, or null when added.</param>
/// <param name="After">The value after, or null when deleted.</param>
public sealed record ContextKeyChange(TomlPath Path, ChangeKind Kind, object? Before, object? After)
{
    /// <summary>
    /// The values that differ between <paramref name="before"/> and <paramref name="after"/>, leaf by leaf, in
    /// document order: a table added or removed as a whole shows up as each of its values.
    /// </summary>
    public static IReadOnlyList<ContextKeyChange> Compare(TomlTable before, TomlTable after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ContextKeyChange>();
        Compare(TomlPath.Root, before, after, changes);
        return changes;
    }

    private static void Compare(TomlPath path, object? before, object? after, List<ContextKeyChange> changes)
    {
        switch (before, after)
        {
            case (null, null):
                return;
            case (TomlTable b, TomlTable a):
                foreach (var key in b.Keys.Concat(a.Keys.Where(k => !b.ContainsKey(k))))
                {
                    Compare(path.Append(key), b.TryGetValue(key, out var x) ? x : null, a.TryGetValue(key, out var y) ? y : null, changes);
                }

                return;
            case (TomlArray b, TomlArray a):
                // By index: an item inserted in the middle reads as changes to every item after it, which is what it is in the file.
                for (var i = 0; i < Math.Max(b.Count, a.Count); i++)
                {
                    Compare(path.Append(i), i < b.Count ? b[i] : null, i < a.Count ? a[i] : null, changes);
                }

                return;
            case (null, _):
                Leaves(path, after!, ChangeKind.Add, changes);
                return;
            case (_, null):
                Leaves(path, before, ChangeKind.Delete, changes);
                return;
            default:
                if (!TomlModel.DeepEquals(before, after))
                {
                    changes.Add(new ContextKeyChange(path, ChangeKind.Modify, before, after));
                }

                return;
        }
    }

    private static void Leaves(TomlPath path, object value, ChangeKind kind, List<ContextKeyChange> changes)
    {
        switch (value)
        {
            case TomlTable { Count: > 0 } table:
                foreach (var (key, child) in table)
                {
                    Leaves(path.Append(key), child, kind, changes);
                }

                return;
            case TomlArray { Count: > 0 } array:
                for (var i = 0; i < array.Count; i++)
                {
                    Leaves(path.Append(i), array[i], kind, changes);
                }

                return;
            default:
                changes.Add(new ContextKeyChange(path, kind, kind == ChangeKind.Add ? null : value, kind == ChangeKind.Add ? value : null));
                return;
        }
    }
}
