namespace McpContext.Core.Drift;

/// <summary>
/// Path globs grouped by the directory their literal prefix ends in, so finding the globs that match a
/// path looks only at the globs filed under that path's own directories: the cost grows with the depth
/// of the path, not with the number of globs.
/// </summary>
internal sealed class GlobIndex<T>
{
    private readonly Dictionary<string, List<(Glob Glob, T Owner, int Order)>> _byDirectory = new(StringComparer.Ordinal);
    private int _added;

    public void Add(string pattern, T owner)
    {
        if (Glob.Parse(pattern) is not { } glob)
        {
            return;
        }

        // A literal path (no wildcard) also covers the files under it, as a directory.
        var key = glob.IsLiteral ? glob.Prefix.TrimEnd('/') : glob.Prefix[..(glob.Prefix.LastIndexOf('/') + 1)];
        if (!_byDirectory.TryGetValue(key, out var list))
        {
            _byDirectory[key] = list = [];
        }

        list.Add((glob, owner, _added++));
    }

    /// <summary>The owners of every glob that matches <paramref name="path"/>, or names a directory holding it; each owner once, in the order added.</summary>
    public IReadOnlyList<T> Match(string path)
    {
        var found = new List<(T Owner, int Order)>();
        Collect(path, "", found);
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            Collect(path, path[..(slash + 1)], found);
            Collect(path, path[..slash], found);
        }

        Collect(path, path, found);
        return [.. found.OrderBy(f => f.Order).Select(f => f.Owner).Distinct()];
    }

    private void Collect(string path, string key, List<(T Owner, int Order)> found)
    {
        if (!_byDirectory.TryGetValue(key, out var list))
        {
            return;
        }

        foreach (var (glob, owner, order) in list)
        {
            var matches = glob.IsLiteral ? path == key || path.StartsWith(key + "/", StringComparison.Ordinal) : glob.IsMatch(path);
            if (matches)
            {
                found.Add((owner, order));
            }
        }
    }
}
