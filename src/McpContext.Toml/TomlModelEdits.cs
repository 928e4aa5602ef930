namespace McpContext.Toml;

/// <summary>
/// The meaning of an edit on a value model, without any text: what <see cref="TomlEditor"/> checks its
/// text edits against, and how formats without a syntax tree (JSON, YAML) apply edits.
/// </summary>
public static class TomlModelEdits
{
    /// <summary>Sets <paramref name="path"/> to <paramref name="value"/>, creating missing tables on the way.</summary>
    /// <returns>Null when done; otherwise why it cannot be done, and <paramref name="root"/> may be partly changed.</returns>
    public static string? Set(TomlTable root, TomlPath path, object value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot)
        {
            return "the path is empty: name the key to change";
        }

        var parent = ResolveParent(root, path, create: true, out var error);
        if (parent is null)
        {
            return error;
        }

        switch (parent)
        {
            case TomlTable table when !path.Last.IsIndex:
                table[path.Last.Key!] = value;
                return null;
            case TomlArray array when path.Last.IsIndex && path.Last.Index < array.Count:
                array[path.Last.Index] = value;
                return null;
            case TomlArray array when path.Last.IsIndex:
                return $"index {path.Last.Index} is out of range: '{path.Parent}' has {array.Count} element(s); use append to add one";
            default:
                return $"'{path.Parent}' is {TomlModel.Describe(parent)}, so '{path}' cannot be set";
        }
    }

    /// <summary>Removes the key or array element at <paramref name="path"/>.</summary>
    /// <returns>Null when done; otherwise why it cannot be done.</returns>
    public static string? Remove(TomlTable root, TomlPath path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot)
        {
            return "the path is empty: name the key to change";
        }

        var parent = ResolveParent(root, path, create: false, out var error);
        if (parent is null)
        {
            return error;
        }

        switch (parent)
        {
            case TomlTable table when !path.Last.IsIndex && table.Remove(path.Last.Key!):
                return null;
            case TomlArray array when path.Last.IsIndex && path.Last.Index < array.Count:
                array.RemoveAt(path.Last.Index);
                return null;
            default:
                return $"nothing to remove: '{path}' does not exist";
        }
    }

    /// <summary>Appends <paramref name="value"/> to the array at <paramref name="path"/>, creating the array if it is missing.</summary>
    /// <returns>Null when done; otherwise why it cannot be done.</returns>
    public static string? Append(TomlTable root, TomlPath path, object value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot)
        {
            return "the path is empty: name the key to change";
        }

        if (!TomlModel.TryGetValue(root, path, out var target))
        {
            return Set(root, path, new TomlArray { value });
        }

        if (target is not TomlArray array)
        {
            return $"'{path}' is {TomlModel.Describe(target)}, not an array; append needs an array";
        }

        if (array.IsArrayOfTables && value is not TomlTable)
        {
            return $"'{path}' is an array of tables ([[{path}]]); only a table can be appended to it";
        }

        array.Add(value);
        return null;
    }

    private static object? ResolveParent(TomlTable root, TomlPath path, bool create, out string? error)
    {
        error = null;
        object current = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var segment = path.Segments[i];
            switch (current)
            {
                case TomlTable table when !segment.IsIndex:
                    if (!table.TryGetValue(segment.Key!, out var next))
                    {
                        if (!create || path.Segments[i + 1].IsIndex)
                        {
                            error = $"'{path.Take(i + 1)}' does not exist";
                            return null;
                        }

                        next = new TomlTable();
                        table.Add(segment.Key!, next);
                    }

                    current = next;
                    break;
                case TomlArray array when segment.IsIndex:
                    if (segment.Index >= array.Count)
                    {
                        error = $"index {segment.Index} is out of range: '{path.Take(i)}' has {array.Count} element(s)";
                        return null;
                    }

                    current = array[segment.Index];
                    break;
                default:
                    error = $"'{path.Take(i)}' is {TomlModel.Describe(current)}, so '{path.Take(i + 1)}' cannot be reached";
                    return null;
            }
        }

        return current;
    }
}
