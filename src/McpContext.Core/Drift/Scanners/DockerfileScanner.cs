namespace McpContext.Core.Drift.Scanners;

/// <summary>Dockerfiles: the ports <c>EXPOSE</c> declares, with <c>ARG</c>/<c>ENV</c> variables resolved where the file sets them.</summary>
internal sealed class DockerfileScanner : IFileScanner
{
    public string Kind => "dockerfile";

    public bool Accepts(string path)
    {
        var name = PathNames.FileName(path);
        return name is "Dockerfile" or "Containerfile" or "dockerfile"
            || name.StartsWith("Dockerfile.", StringComparison.Ordinal)
            || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase);
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, instruction, arguments) in Instructions(file.Text))
        {
            switch (instruction)
            {
                case "ARG" or "ENV":
                    Remember(variables, arguments);
                    break;
                case "EXPOSE":
                    foreach (var argument in arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    {
                        Expose(file, sink, variables, line, argument);
                    }

                    break;
            }
        }
    }

    private static void Expose(ScanFile file, ScanSink sink, Dictionary<string, string> variables, int line, string argument)
    {
        var spec = argument.Split('/')[0];
        if (spec.StartsWith('$'))
        {
            var name = spec.Trim('$', '{', '}');
            if (!variables.TryGetValue(name, out var value))
            {
                sink.Notes.Add(file.Note(line, $"EXPOSE {argument}: the variable {name} has no value in this file; not compared"));
                return;
            }

            spec = value;
        }

        if (!PortText.TryParseSpec(spec, out var ports, out var problem))
        {
            sink.Notes.Add(file.Note(line, $"EXPOSE {argument}: {problem}"));
            return;
        }

        foreach (var port in ports)
        {
            sink.Ports.Add(new PortFact(port, PortRole.Container, file.DirectoryName, file.At(line, $"EXPOSE {port}")));
        }
    }

    private static void Remember(Dictionary<string, string> variables, string arguments)
    {
        // ARG NAME=value, ENV NAME=value NAME2=value, and the old ENV NAME value.
        var trimmed = arguments.Trim();
        if (!trimmed.Contains('=', StringComparison.Ordinal))
        {
            var space = trimmed.IndexOfAny([' ', '\t']);
            if (space > 0)
            {
                variables[trimmed[..space]] = trimmed[(space + 1)..].Trim().Trim('"');
            }

            return;
        }

        foreach (var pair in trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                variables[pair[..equals]] = pair[(equals + 1)..].Trim('"');
            }
        }
    }

    /// <summary>Instructions with continuation lines joined, each with the line it starts on.</summary>
    private static IEnumerable<(int Line, string Instruction, string Arguments)> Instructions(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i + 1;
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                i++;
                var next = lines[i].TrimEnd('\r').Trim();
                line = line[..^1] + " " + (next.StartsWith('#') ? "" : next);
            }

            var space = line.IndexOfAny([' ', '\t']);
            if (space > 0)
            {
                yield return (start, line[..space].ToUpperInvariant(), line[(space + 1)..]);
            }
        }
    }
}
