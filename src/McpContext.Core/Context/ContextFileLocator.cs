namespace McpContext.Core.Context;

/// <summary>Finds a project's context file the way a person would: the nearest one at or above a directory.</summary>
public static class ContextFileLocator
{
    /// <summary>The file name looked for.</summary>
    public const string FileName = "project-context.toml";

    /// <summary>
    /// Resolves <paramref name="pathOrDirectory"/>: an existing file is taken as is; a directory is searched
    /// upward for <see cref="FileName"/>. Returns null when nothing is found.
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
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
