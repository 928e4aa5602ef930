namespace McpContext.Toml;

/// <summary>Path look-ups, deep copies and semantic equality over the value model.</summary>
public static class TomlModel
{
    /// <summary>Finds the value at <paramref name="path"/>; the root path gives <paramref name="root"/> itself.</summary>
    public static bool TryGetValue(TomlTable root, TomlPath path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        value = root;
        foreach (var segment in path.Segments)
        {
            switch (value)
            {
                case TomlTable table when !segment.IsIndex && table.TryGetValue(segment.Key!, out var child):
                    value = child;
                    break;
                case TomlArray array when segment.IsIndex && segment.Index < array.Count:
                    value = array[segment.Index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>A deep copy; scalars are immutable and shared.</summary>
    public static object Clone(object value) => value switch
    {
        TomlTable table => CloneTable(table),
        TomlArray array => new TomlArray(array.Select(Clone)) { IsArrayOfTables = array.IsArrayOfTables },
        _ => value,
    };

    private static TomlTable CloneTable(TomlTable table)
    {
        var copy = new TomlTable { Origin = table.Origin };
        foreach (var (key, value) in table)
        {
            copy.Add(key, Clone(value));
        }

        return copy;
    }

    /// <summary>
    /// Semantic equality: tables compare as unordered maps, arrays element by element, floats by value
    /// (NaN equals NaN), date/times by kind and value.
    /// </summary>
    public static bool DeepEquals(object? left, object? right) => (left, right) switch
    {
        (TomlTable a, TomlTable b) => a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && DeepEquals(pair.Value, other)),
        (TomlArray a, TomlArray b) => a.Count == b.Count && a.Zip(b).All(pair => DeepEquals(pair.First, pair.Second)),
        (double a, double b) => a.Equals(b),
        _ => Equals(left, right),
    };

    /// <summary>
    /// How deeply a value nests tables and arrays, counting stops just past <paramref name="limit"/>, so even a
    /// hostile model built in code is measured without deep recursion.
    /// </summary>
    public static int Depth(object value, int limit)
    {
        if (limit < 0)
        {
            return 0;
        }

        IEnumerable<object> children = value switch
        {
            TomlTable table => table.Select(pair => pair.Value),
            TomlArray array => array,
            _ => [],
        };
        var deepest = 0;
        foreach (var child in children)
        {
            deepest = Math.Max(deepest, Depth(child, limit - 1));
            if (deepest >= limit)
            {
                break;
            }
        }

        return value is TomlTable or TomlArray ? deepest + 1 : 0;
    }

    /// <summary>"an integer", "an inline table", "an array of tables"...: the value's kind, for messages.</summary>
    public static string Describe(object value) => value switch
    {
        TomlTable t when t.Origin == TableOrigin.Inline => "an inline table",
        TomlTable => "a table",
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "an array",
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        _ => "a date/time",
    };
}
