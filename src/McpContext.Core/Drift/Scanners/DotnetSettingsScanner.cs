namespace McpContext.Core.Drift.Scanners;

/// <summary>.NET <c>launchSettings.json</c> and <c>appsettings*.json</c>: the ports in application URLs, <c>Urls</c>, Kestrel endpoints and <c>*_PORTS</c> settings.</summary>
internal sealed class DotnetSettingsScanner : IFileScanner
{
    private static readonly string[] UrlKeys = ["applicationUrl", "urls", "url", "ASPNETCORE_URLS"];

    private static readonly string[] PortKeys = ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS"];

    public string Kind => "dotnet-settings";

    public bool Accepts(string path)
    {
        var name = PathNames.FileName(path);
        return name == "launchSettings.json"
            || (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var values = JsonValues.Read(file.Text, out var errorLine, out var error);
        if (values is null)
        {
            sink.Notes.Add(file.Note(errorLine, error!));
            return;
        }

        var project = Project(file.Path);
        foreach (var value in values)
        {
            if (UrlKeys.Contains(value.Name, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var url in value.Value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (PortText.TryParseUrlPort(url, out var port))
                    {
                        sink.Ports.Add(new PortFact(port, PortRole.Url, project, file.At(value.Line, $"{value.Name} {url}")));
                    }
                }
            }
            else if (PortKeys.Contains(value.Name, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var text in value.Value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (PortText.TryParse(text, out var port))
                    {
                        sink.Ports.Add(new PortFact(port, PortRole.Url, project, file.At(value.Line, $"{value.Name}={port}")));
                    }
                }
            }
        }
    }

    // src/Api/Properties/launchSettings.json belongs to the project in src/Api.
    private static string? Project(string path)
    {
        var directory = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
        if (PathNames.FileName(directory) == "Properties")
        {
            directory = directory.Contains('/', StringComparison.Ordinal) ? directory[..directory.LastIndexOf('/')] : "";
        }

        return directory.Length == 0 ? null : PathNames.FileName(directory);
    }
}
