namespace McpContext.Core.Drift.Scanners;

/// <summary>A file handed to a scanner: its path relative to the project root and its text.</summary>
internal sealed record ScanFile(string Path, string Text)
{
    /// <summary>The name of the directory holding it, or null at the project root.</summary>
    public string? DirectoryName => PathNames.DirectoryName(Path);

    public Evidence At(int line, string detail) => new(Path, line, detail);

    public ScanNote Note(int line, string message) => new(Path, line, message);
}

/// <summary>Collects what scanners find.</summary>
internal sealed class ScanSink
{
    public List<PortFact> Ports { get; } = [];

    public List<ServiceFact> Services { get; } = [];

    public List<WorkflowFact> Workflows { get; } = [];

    public List<ScanNote> Notes { get; } = [];
}

/// <summary>Reads one kind of file. Scanners never throw on content: what they cannot read becomes a note.</summary>
internal interface IFileScanner
{
    /// <summary>The kind of file, as changes since the verified commit are labelled (compose, nginx, ...).</summary>
    string Kind { get; }

    /// <summary>Whether <paramref name="path"/> (relative to the project root) is this kind of file; decided by the path alone.</summary>
    bool Accepts(string path);

    void Scan(ScanFile file, ScanSink sink);
}

/// <summary>Path helpers the scanners share.</summary>
internal static class PathNames
{
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string? DirectoryName(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash < 0)
        {
            return null;
        }

        var parent = path[..slash];
        return parent[(parent.LastIndexOf('/') + 1)..];
    }

    /// <summary>Whether a directory of <paramref name="path"/> (not the file name) is one of <paramref name="names"/>, case-insensitively.</summary>
    public static bool HasDirectory(string path, params ReadOnlySpan<string> names)
    {
        // Called for every file git lists, so without splitting the path into new strings.
        var start = 0;
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', start))
        {
            var segment = path.AsSpan(start, slash - start);
            foreach (var name in names)
            {
                if (segment.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            start = slash + 1;
        }

        return false;
    }

    public static bool IsYaml(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
}
