using System.Text;
using McpContext.Core.Drift.Scanners;

namespace McpContext.Core.Drift;

/// <summary>
/// Reads the facts a project's files state. Files come from git (never a walk of the disk); each goes to
/// the first scanner that claims it by its path, so only configuration files are opened.
/// </summary>
public static class RepositoryScanner
{
    /// <summary>Larger files are not configuration files; they are noted and skipped.</summary>
    public const int MaxFileBytes = 1 << 20;

    private static readonly IFileScanner[] Scanners =
    [
        new GitHubActionsScanner(),
        new GitLabCiScanner(),
        new ComposeScanner(),
        new DockerfileScanner(),
        new NginxScanner(),
        new KubernetesScanner(),
        new DotnetSettingsScanner(),
        new PackageJsonScanner(),
        new EnvFileScanner(),
        new ProcfileScanner(),
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The kind of configuration file <paramref name="path"/> is (workflow, compose, dockerfile, nginx, kubernetes, ...), or null.</summary>
    public static string? KindOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Array.Find(Scanners, s => s.Accepts(path))?.Kind;
    }

    /// <summary>Scans the files of the project at <paramref name="root"/>. Never throws on content: odd files become notes.</summary>
    public static RepositoryScan Scan(string root, RepositoryFiles files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(files);
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var sink = new ScanSink();
        var scanned = 0;
        foreach (var path in files.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scanner = Array.Find(Scanners, s => s.Accepts(path));
            if (scanner is null)
            {
                continue;
            }

            var text = ReadText(fullRoot, path, sink.Notes);
            if (text is null)
            {
                continue;
            }

            scanned++;
            scanner.Scan(new ScanFile(path, text), sink);
        }

        return new RepositoryScan(files, sink, scanned);
    }

    private static string? ReadText(string root, string path, List<ScanNote> notes)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                // A submodule is listed as a path that is a directory; a file may also vanish mid-scan.
                return null;
            }

            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
                && !Path.GetFullPath(target.FullName).StartsWith(root, StringComparison.Ordinal))
            {
                notes.Add(new ScanNote(path, 0, "a symbolic link to a file outside the project; not read"));
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                notes.Add(new ScanNote(path, 0, $"larger than {MaxFileBytes >> 20} MiB ({info.Length} bytes); not read"));
                return null;
            }

            var text = StrictUtf8.GetString(File.ReadAllBytes(full));
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            notes.Add(new ScanNote(path, 0, "not UTF-8 text; not read"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add(new ScanNote(path, 0, $"cannot be read: {e.Message}"));
        }

        return null;
    }
}
