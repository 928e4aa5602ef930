using YamlDotNet.RepresentationModel;

namespace McpContext.Core.Ledger;

/// <summary>
/// Reads the front matter most task files have without YamlDotNet, which costs a third of parsing a task
/// file: <c>key: value</c> lines whose values are plain words (<c>T-12</c>, <c>high</c>, <c>src/a.cs</c>)
/// or a flow list of them (<c>[T-1, T-2]</c>). Anything else (quotes, comments, block lists, colons,
/// duplicate keys, empty values, non-ASCII) is left to YamlDotNet, so both readers agree on every input
/// this one accepts.
/// </summary>
internal static class SimpleYaml
{
    /// <summary>The top-level entries with the file line of each key, or null when the YAML is not this simple.</summary>
    public static List<(string Key, int Line, YamlNode Value)>? TryRead(string yaml, int firstLine)
    {
        var entries = new List<(string Key, int Line, YamlNode Value)>();
        var rest = yaml.AsSpan();
        for (var number = firstLine; rest.Length > 0; number++)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.Trim(' ').IsEmpty)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || !IsKey(line[..colon]) || colon + 1 >= line.Length || line[colon + 1] != ' ')
            {
                return null;
            }

            var key = line[..colon].ToString();
            foreach (var entry in entries)
            {
                if (entry.Key == key)
                {
                    return null;
                }
            }

            var text = line[(colon + 1)..].Trim(' ');
            if (text.Length > 1 && text[0] == '[' && text[^1] == ']')
            {
                var sequence = new YamlSequenceNode();
                var inner = text[1..^1];
                if (!inner.IsWhiteSpace())
                {
                    foreach (var range in inner.Split(','))
                    {
                        var item = inner[range].Trim(' ');
                        if (!IsWord(item))
                        {
                            return null;
                        }

                        sequence.Add(new YamlScalarNode(item.ToString()));
                    }
                }
                else if (inner.Length > 0)
                {
                    return null;
                }

                entries.Add((key, number, sequence));
            }
            else if (IsWord(text))
            {
                entries.Add((key, number, new YamlScalarNode(text.ToString())));
            }
            else
            {
                return null;
            }
        }

        return entries.Count == 0 ? null : entries;
    }

    private static bool IsKey(ReadOnlySpan<char> key)
    {
        if (!char.IsAsciiLetter(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A plain scalar YAML reads as the same text: starts with a letter or digit, then only letters, digits, single spaces and <c>. _ - /</c>.</summary>
    private static bool IsWord(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetterOrDigit(text[0]) || text[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '/') && !(c == ' ' && text[i - 1] != ' '))
            {
                return false;
            }
        }

        return true;
    }
}
