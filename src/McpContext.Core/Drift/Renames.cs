namespace McpContext.Core.Drift;

/// <summary>Following renames git reported, to where a path lives now.</summary>
internal static class Renames
{
    /// <summary>Where <paramref name="path"/> was renamed to (following chains), if that file exists; else null.</summary>
    public static string? Follow(IReadOnlyDictionary<string, string> renames, string path, RepositoryFiles files)
    {
        var current = path;
        for (var hops = 0; hops < 16 && renames.TryGetValue(current, out var next); hops++)
        {
            current = next;
        }

        return current != path && files.Contains(current) ? current : null;
    }
}
