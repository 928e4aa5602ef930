namespace McpContext.Core.Drift.Scanners;

/// <summary>Procfiles: each process type (but <c>release</c>, which runs once per deploy) and the ports its command names.</summary>
internal sealed class ProcfileScanner : IFileScanner
{
    public string Kind => "procfile";

    public bool Accepts(string path)
    {
        var name = PathNames.FileName(path);
        return name == "Procfile" || name.StartsWith("Procfile.", StringComparison.Ordinal);
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var lines = file.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.TrimStart().StartsWith('#') || colon <= 0)
            {
                continue;
            }

            var process = line[..colon].Trim();
            if (process.Length == 0 || !process.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                sink.Notes.Add(file.Note(i + 1, $"'{process}' is not a process type; expected name: command"));
                continue;
            }

            if (process == "release")
            {
                continue;
            }

            sink.Services.Add(new ServiceFact(process, Kind, file.At(i + 1, $"Procfile process {process}")));
            foreach (var port in PortText.InCommand(line[(colon + 1)..]).Distinct())
            {
                sink.Ports.Add(new PortFact(port, PortRole.Command, process, file.At(i + 1, $"Procfile process {process} uses port {port}")));
            }
        }
    }
}
