namespace McpContext.Core.Drift;

/// <summary>
/// The files of a project (relative to its root, with <c>/</c>), sorted, so that whether a path, a
/// directory or a glob matches anything is a binary search over the glob's literal prefix rather than a
/// pass over every file.
/// </summary>
public sealed class RepositoryFiles
{
    private readonly string[] _sorted;

    /// <summary>Takes the list as <c>git ls-files</c> gives it; order and duplicates do not matter.</summary>
    public RepositoryFiles(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _sorted = [.. files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The files of the project itself: a folder holding its own context file is another project (an
    /// example, a package of a monorepo), so its files are left to that context.
    /// </summary>
    public static RepositoryFiles OfProject(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files as IReadOnlyCollection<string> ?? [.. files];
        var nested = list.Where(f => f.Contains('/', StringComparison.Ordinal) && Context.ContextFileLocator.FileNames.Contains(f[(f.LastIndexOf('/') + 1)..]))
            .Select(f => f[..(f.LastIndexOf('/') + 1)])
            .ToHashSet(StringComparer.Ordinal);
        if (nested.Count == 0)
        {
            return new RepositoryFiles(list);
        }

        bool Nested(string file)
        {
            for (var slash = file.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = file.IndexOf('/', slash + 1))
            {
                if (nested.Contains(file[..(slash + 1)]))
                {
                    return true;
                }
            }

            return false;
        }

        return new RepositoryFiles(list.Where(f => !Nested(f)));
    }

    /// <summary>The files, in ordinal order.</summary>
    public IReadOnlyList<string> All => _sorted;

    /// <summary>How many files there are.</summary>
    public int Count => _sorted.Length;

    /// <summary>Whether <paramref name="path"/> is a file here.</summary>
    public bool Contains(string path) => Array.BinarySearch(_sorted, path, StringComparer.Ordinal) >= 0;

    /// <summary>
    /// Whether a path as people write it in a context names anything: a file, a directory holding files,
    /// or a glob matching at least one file.
    /// </summary>
    public bool Exists(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Glob.Parse(pattern) is not { } glob)
        {
            return false;
        }

        if (glob.IsLiteral)
        {
            var path = glob.Prefix.TrimEnd('/');
            return Contains(path) || WithPrefix(path + "/").Any();
        }

        return WithPrefix(glob.Prefix).Any(glob.IsMatch);
    }

    /// <summary>The files whose path starts with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> WithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var start = Array.BinarySearch(_sorted, prefix, StringComparer.Ordinal);
        for (var i = start < 0 ? ~start : start; i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _sorted[i];
        }
    }

    /// <summary>A path as people write it (<c>./deploy</c>, <c>/deploy</c>, <c>deploy\\x</c>) as git lists it.</summary>
    internal static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.TrimStart('/');
    }
}
