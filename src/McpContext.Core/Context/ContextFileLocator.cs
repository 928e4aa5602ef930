namespace McpContext.Core.Context;

/// <summary>Finds a project's context file the way a person would: the nearest one at or above a directory.</summary>
public static class ContextFileLocator
{
    /// <summary>The canonical file name, and the one a first write creates.</summary>
    public const string FileName = "project-context.toml";

    /// <summary>The names looked for in each directory, in order of preference.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [FileName, "project-context.json", "project-context.yaml", "project-context.yml"];

    /// <summary>
    /// Resolves <paramref name="pathOrDirectory"/>: an existing file is taken as is; a directory is searched
    /// upward for one of <see cref="FileNames"/>. Returns null when nothing is found.
    /// </summary>
    public static string? Find(string pathOrDirectory)
    {
        ArgumentNullException.ThrowIfNull(pathOrDirectory);
        if (File.Exists(pathOrDirectory))
        {
            return Path.GetFullPath(pathOrDirectory);
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(pathOrDirectory)); dir is not null; dir = dir.Parent)
        {
            if (FindIn(dir.FullName) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The context file directly in <paramref name="directory"/>, or null; no upward search.</summary>
    public static string? FindIn(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        foreach (var name in FileNames)
        {
            var candidate = Path.Combine(Path.GetFullPath(directory), name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
