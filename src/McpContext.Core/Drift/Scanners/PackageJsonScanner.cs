namespace McpContext.Core.Drift.Scanners;

/// <summary><c>package.json</c>: ports in its <c>scripts</c> (<c>--port 3000</c>, <c>PORT=3000</c>, ...), under the package's name.</summary>
internal sealed class PackageJsonScanner : IFileScanner
{
    public string Kind => "package.json";

    public bool Accepts(string path) => PathNames.FileName(path) == "package.json" && !PathNames.HasDirectory(path, "node_modules");

    public void Scan(ScanFile file, ScanSink sink)
    {
        var values = JsonValues.Read(file.Text, out var errorLine, out var error);
        if (values is null)
        {
            sink.Notes.Add(file.Note(errorLine, error!));
            return;
        }

        // "@scope/web" runs as web; without a name the package is its directory.
        var name = values.FirstOrDefault(v => v.Path.Count == 1 && v.Name == "name").Value;
        name = name is null ? file.DirectoryName : name[(name.LastIndexOf('/') + 1)..];
        foreach (var script in values.Where(v => v.Path.Count == 2 && v.Path[0] == "scripts"))
        {
            foreach (var port in PortText.InCommand(script.Value).Distinct())
            {
                sink.Ports.Add(new PortFact(port, PortRole.Command, name, file.At(script.Line, $"script {script.Name} uses port {port}")));
            }
        }
    }
}
