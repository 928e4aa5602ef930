namespace McpContext.Core.Drift.Scanners;

/// <summary>Docker compose files: each service, the ports it publishes on the host and the ports inside its container.</summary>
internal sealed class ComposeScanner : IFileScanner
{
    public string Kind => "compose";

    public bool Accepts(string path)
    {
        if (!PathNames.IsYaml(path))
        {
            return false;
        }

        var name = PathNames.FileName(path);
        return name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("compose.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("compose-", StringComparison.OrdinalIgnoreCase)
            || PathNames.HasDirectory(path, "compose", "docker-compose");
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var documents = YamlTree.Load(file.Text, out var errorLine, out var error);
        if (documents is null)
        {
            sink.Notes.Add(file.Note(errorLine, error!));
            return;
        }

        if (documents is not [YamlMap root, ..] || root.Get("services") is not YamlMap services)
        {
            sink.Notes.Add(file.Note(0, "looks like a compose file by its name but has no services: mapping; not read"));
            return;
        }

        foreach (var (key, value) in services.Entries)
        {
            var name = key.Value;
            sink.Services.Add(new ServiceFact(name, Kind, file.At(key.Line, $"compose service {name}")));
            if (value is not YamlMap service)
            {
                continue;
            }

            if (service.Get("ports") is YamlList ports)
            {
                foreach (var item in ports.Items)
                {
                    ReadPort(file, sink, name, item);
                }
            }

            foreach (var exposed in service.Get("expose").Texts())
            {
                AddPorts(file, sink, name, exposed.Value, exposed.Line, PortRole.Container, $"compose service {name} exposes {{0}} to other containers");
            }
        }
    }

    private static void ReadPort(ScanFile file, ScanSink sink, string service, YamlItem item)
    {
        switch (item)
        {
            case YamlText shortForm:
                ReadShortSyntax(file, sink, service, shortForm);
                break;
            case YamlMap longForm:
                if (longForm.Get("published") is YamlText published)
                {
                    AddPorts(file, sink, service, published.Value, published.Line, PortRole.Published, $"compose service {service} publishes {{0}}");
                }

                if (longForm.Get("target") is YamlText target)
                {
                    AddPorts(file, sink, service, target.Value, target.Line, PortRole.Container, $"compose service {service} listens on {{0}} in its container");
                }

                break;
        }
    }

    // [HOST_IP:][HOST:]CONTAINER[/PROTOCOL]; an IPv6 host address is written in brackets.
    private static void ReadShortSyntax(ScanFile file, ScanSink sink, string service, YamlText item)
    {
        var spec = item.Value;
        var slash = spec.LastIndexOf('/');
        if (slash > 0 && !spec[slash..].Contains('}', StringComparison.Ordinal))
        {
            spec = spec[..slash];
        }

        if (spec.StartsWith('['))
        {
            var close = spec.IndexOf("]:", StringComparison.Ordinal);
            spec = close < 0 ? spec : spec[(close + 2)..];
        }

        var parts = SplitOutsideBraces(spec);
        var (host, container) = parts.Count switch
        {
            1 => (null, parts[0]),
            2 => (parts[0], parts[1]),
            _ => (parts[^2], parts[^1]),
        };
        if (!string.IsNullOrEmpty(host))
        {
            AddPorts(file, sink, service, host, item.Line, PortRole.Published, $"compose service {service} publishes {{0}}");
        }

        AddPorts(file, sink, service, container, item.Line, PortRole.Container, $"compose service {service} listens on {{0}} in its container");
    }

    private static List<string> SplitOutsideBraces(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (text[i] == ':' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static void AddPorts(ScanFile file, ScanSink sink, string service, string spec, int line, PortRole role, string detail)
    {
        if (!PortText.TryParseSpec(spec, out var ports, out var problem))
        {
            sink.Notes.Add(file.Note(line, $"compose service {service}: {problem}"));
            return;
        }

        foreach (var port in ports)
        {
            sink.Ports.Add(new PortFact(port, role, service, file.At(line, string.Format(System.Globalization.CultureInfo.InvariantCulture, detail, port))));
        }
    }
}
