using System.Text.RegularExpressions;

namespace McpContext.Core.Drift.Scanners;

/// <summary>
/// <c>.env</c>-style files (<c>.env</c>, <c>.env.example</c>, <c>app.env</c>): <c>PORT=</c> and <c>NAME_PORT=</c> lines.
/// Only ports are read; no other value from these files is kept or shown, because they may hold secrets.
/// </summary>
internal sealed partial class EnvFileScanner : IFileScanner
{
    public string Kind => "env";

    public bool Accepts(string path)
    {
        var name = PathNames.FileName(path);
        return name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal) || (name.EndsWith(".env", StringComparison.Ordinal) && name.Length > 4);
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var lines = file.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = PortLine().Match(lines[i].TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value.Trim('"', '\'');
            if (!PortText.TryParse(value, out var port))
            {
                continue;
            }

            // API_PORT names the service api; a bare PORT belongs to the directory's service.
            var service = key.Length > 5 ? key[..^5].ToLowerInvariant().Replace('_', '-') : file.DirectoryName;
            sink.Ports.Add(new PortFact(port, PortRole.Environment, service, file.At(i + 1, $"{key}={port}")));
        }
    }

    [GeneratedRegex(@"^\s*(?:export\s+)?(?<key>(?:[A-Za-z0-9_]+_)?PORT)\s*=\s*(?<value>\S*)")]
    private static partial Regex PortLine();
}
