using System.Text.RegularExpressions;

namespace McpContext.Core.Constraints;

/// <summary>
/// Task scopes read from <c>tasks/*.md</c>, minimally: the id from YAML front matter (<c>id: T-012</c>) or
/// else the file name, and the bullet or numbered items of the section whose heading says "Files to modify"
/// (matched loosely: case, punctuation and the verb do not matter). An item's path is its first
/// <c>`code span`</c>, else its first word.
/// </summary>
public sealed partial class MarkdownTaskScopes(string repositoryRoot) : ITaskScopeProvider
{
    private const string Directory = "tasks";

    private static readonly string[] Headings = ["filestomodify", "filestochange", "filestoedit", "filestotouch", "filestoupdate", "files", "affectedfiles", "fileschanged"];

    /// <inheritdoc />
    public TaskScopeResult Find(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var folder = Path.Combine(repositoryRoot, Directory);
        if (!System.IO.Directory.Exists(folder))
        {
            return new(null, $"unknown task '{taskId}': there is no {Directory}/ folder in {repositoryRoot}");
        }

        var tasks = System.IO.Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal)
            .Select(file => (File: file, Lines: File.ReadAllLines(file)))
            .Select(t => (t.File, t.Lines, Id: FrontMatterId(t.Lines) ?? Path.GetFileNameWithoutExtension(t.File)))
            .ToList();
        var match = tasks.FirstOrDefault(t => string.Equals(t.Id, taskId.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match.File is null)
        {
            var known = tasks.Select(t => t.Id).ToList();
            return new(null, $"unknown task '{taskId}': {Directory}/ holds {(known.Count == 0 ? "no task files" : string.Join(", ", known.Take(20)) + (known.Count > 20 ? $" and {known.Count - 20} more" : ""))} (a task's id is its front matter id, else its file name)");
        }

        var relative = Path.GetRelativePath(repositoryRoot, match.File).Replace('\\', '/');
        return new(new TaskScope(match.Id, relative, FilesToModify(match.Lines)), null);
    }

    private static string? FrontMatterId(string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return null;
        }

        for (var i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
        {
            if (IdLine().Match(lines[i]) is { Success: true } m)
            {
                return m.Groups[1].Value.Trim().Trim('"', '\'');
            }
        }

        return null;
    }

    private static List<TaskScopeEntry> FilesToModify(string[] lines)
    {
        var entries = new List<TaskScopeEntry>();
        var inSection = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (HeadingLine().Match(lines[i]) is { Success: true } heading)
            {
                inSection = Headings.Contains(Normalize(heading.Groups[1].Value), StringComparer.Ordinal);
                continue;
            }

            if (inSection && ItemLine().Match(lines[i]) is { Success: true } item && PathOf(item.Groups[1].Value) is { } path)
            {
                entries.Add(new TaskScopeEntry(path, i + 1));
            }
        }

        return entries;
    }

    private static string Normalize(string heading) => new([.. heading.ToLowerInvariant().Where(char.IsAsciiLetter)]);

    private static string? PathOf(string item)
    {
        var code = CodeSpan().Match(item);
        var path = (code.Success ? code.Groups[1].Value : item.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "")
            .Trim().TrimEnd(',', ';', ':', '.');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path.Length == 0 ? null : path;
    }

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemLine();

    [GeneratedRegex(@"`([^`]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^id\s*:\s*(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IdLine();
}
