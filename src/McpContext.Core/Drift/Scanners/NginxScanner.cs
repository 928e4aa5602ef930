using System.Text;

namespace McpContext.Core.Drift.Scanners;

/// <summary>nginx configurations: the ports <c>listen</c> opens, and the ports <c>upstream</c> servers and <c>proxy_pass</c> send traffic to.</summary>
internal sealed class NginxScanner : IFileScanner
{
    private const int MaxDepth = 64;

    private static readonly string[] PassDirectives = ["proxy_pass", "grpc_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass"];

    public string Kind => "nginx";

    public bool Accepts(string path)
    {
        var name = PathNames.FileName(path);
        if (name.Equals("nginx.conf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var inNginx = path[..Math.Max(0, path.LastIndexOf('/'))].Contains("nginx", StringComparison.OrdinalIgnoreCase);
        return inNginx && (name.EndsWith(".conf", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".conf.template", StringComparison.OrdinalIgnoreCase)
            || PathNames.HasDirectory(path, "sites-available", "sites-enabled"));
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var blocks = new Stack<string[]>();
        var words = new List<string>();
        var wordLine = 0;
        var listened = false;
        foreach (var (token, line) in Tokens(file.Text))
        {
            switch (token)
            {
                case "{":
                    if (blocks.Count >= MaxDepth)
                    {
                        sink.Notes.Add(file.Note(line, $"blocks nested more than {MaxDepth} deep; the rest of the file is not read"));
                        return;
                    }

                    blocks.Push([.. words]);
                    words.Clear();
                    break;
                case "}":
                    if (blocks.Count == 0)
                    {
                        sink.Notes.Add(file.Note(line, "a } without its {; the rest of the file is not read"));
                        return;
                    }

                    blocks.Pop();
                    words.Clear();
                    break;
                case ";":
                    listened |= Directive(file, sink, blocks, words, wordLine);
                    words.Clear();
                    break;
                default:
                    if (words.Count == 0)
                    {
                        wordLine = line;
                    }

                    words.Add(token);
                    break;
            }
        }

        if (blocks.Count > 0)
        {
            sink.Notes.Add(file.Note(0, $"{blocks.Count} block(s) not closed at the end of the file"));
        }

        if (listened)
        {
            var first = sink.Ports.First(p => p.Role == PortRole.Listen && p.Evidence.File == file.Path);
            sink.Services.Add(new ServiceFact("nginx", Kind, first.Evidence));
        }
    }

    /// <summary>Reads one simple directive; true when it is a <c>listen</c> with a port.</summary>
    private static bool Directive(ScanFile file, ScanSink sink, Stack<string[]> blocks, List<string> words, int line)
    {
        if (words.Count < 2)
        {
            return false;
        }

        var block = blocks.Count > 0 ? blocks.Peek() : [];
        var blockName = block.Length > 0 ? block[0] : "";
        switch (words[0])
        {
            case "listen" when blockName == "server":
                if (ListenPort(words[1]) is { } port)
                {
                    sink.Ports.Add(new PortFact(port, PortRole.Listen, "nginx", file.At(line, $"nginx listens on {port}")));
                    return true;
                }

                return false;
            case "server" when blockName == "upstream":
                var upstream = block.Length > 1 ? block[1] : null;
                if (AddressPort(words[1]) is { } target)
                {
                    sink.Ports.Add(new PortFact(target, PortRole.Upstream, upstream, file.At(line, $"nginx upstream {upstream} sends traffic to port {target}")));
                }

                return false;
            case var pass when PassDirectives.Contains(pass):
                var address = words[1];
                var scheme = address.IndexOf("://", StringComparison.Ordinal);
                address = scheme >= 0 ? address[(scheme + 3)..] : address;
                var end = address.IndexOf('/', StringComparison.Ordinal);
                address = end >= 0 ? address[..end] : address;
                if (!address.Contains('$', StringComparison.Ordinal) && address.Contains(':', StringComparison.Ordinal) && AddressPort(address) is { } proxied)
                {
                    sink.Ports.Add(new PortFact(proxied, PortRole.Upstream, null, file.At(line, $"nginx {pass} sends traffic to port {proxied}")));
                }

                return false;
            default:
                return false;
        }
    }

    private static long? ListenPort(string value)
    {
        if (value.StartsWith("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        if (PortText.TryParse(value, out var bare))
        {
            return bare;
        }

        // An address alone listens on 80.
        return AddressPort(value) ?? 80;
    }

    private static long? AddressPort(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        var colon = address.LastIndexOf(':');
        var bracket = address.LastIndexOf(']');
        return colon > bracket && PortText.TryParse(address[(colon + 1)..], out var port) ? port : null;
    }

    /// <summary>Words, quoted strings, <c>{</c>, <c>}</c> and <c>;</c>, each with its line; comments dropped.</summary>
    private static IEnumerable<(string Token, int Line)> Tokens(string text)
    {
        var line = 1;
        var word = new StringBuilder();
        var wordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                wordLine = word.Length == 0 ? line : wordLine;
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    line += text[i] == '\n' ? 1 : 0;
                    word.Append(text[i]);
                }

                continue;
            }

            // As in nginx, # starts a comment only where a word would start.
            if (c == '#' && word.Length == 0)
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (char.IsWhiteSpace(c) || c is '{' or '}' or ';')
            {
                if (word.Length > 0)
                {
                    yield return (word.ToString(), wordLine);
                    word.Clear();
                }

                if (c is '{' or '}' or ';')
                {
                    yield return (c.ToString(), line);
                }

                line += c == '\n' ? 1 : 0;
                continue;
            }

            if (word.Length == 0)
            {
                wordLine = line;
            }

            word.Append(c);
        }

        if (word.Length > 0)
        {
            yield return (word.ToString(), wordLine);
        }
    }
}
