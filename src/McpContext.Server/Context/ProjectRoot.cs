using McpContext.Core.Context;

namespace McpContext.Server.Context;

/// <summary>Finds the project a server serves, the way a person would: the folder holding the context file, else the repository.</summary>
public static class ProjectRoot
{
    /// <summary>
    /// The context file for a project found from <paramref name="start"/>: the nearest context file at or
    /// above it; else <see cref="ContextFileLocator.FileName"/> (not yet written) in the git root above it;
    /// else in <paramref name="start"/> itself.
    /// </summary>
    public static string FindContextFile(string start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var full = Path.GetFullPath(start);
        if (ContextFileLocator.Find(full) is { } file)
        {
            return file;
        }

        return Path.Combine(FindGitRoot(full) ?? full, ContextFileLocator.FileName);
    }

    /// <summary>The context file of a root given explicitly: the one in it, else a new one there; never a search upward.</summary>
    public static string ContextFileIn(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var full = Path.GetFullPath(root);
        return File.Exists(full) ? full : ContextFileLocator.FindIn(full) ?? Path.Combine(full, ContextFileLocator.FileName);
    }

    private static string? FindGitRoot(string start)
    {
        // A worktree or submodule has a .git file rather than a folder; both mark the root.
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
