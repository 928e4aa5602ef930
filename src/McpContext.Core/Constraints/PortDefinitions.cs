namespace McpContext.Core.Constraints;

/// <summary>
/// Finds the ports a line of a configuration file defines: nginx <c>listen 3001;</c>, a compose mapping
/// <c>"3001:80"</c> or <c>- 3001</c>, Dockerfile <c>EXPOSE 3001</c>, <c>PORT=3001</c>, <c>port: 3001</c>,
/// <c>containerPort: 3001</c>, <c>--port 3001</c>, <c>127.0.0.1:3001</c>. A number counts only in one of these
/// positions, so versions, sizes and timeouts that happen to equal a port are not taken for one.
/// </summary>
public static class PortDefinitions
{
    /// <summary>Whether <paramref name="line"/> defines <paramref name="port"/>.</summary>
    public static bool Defines(string line, long port)
    {
        ArgumentNullException.ThrowIfNull(line);
        var digits = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var at = line.IndexOf(digits, StringComparison.Ordinal); at >= 0; at = line.IndexOf(digits, at + 1, StringComparison.Ordinal))
        {
            var end = at + digits.Length;
            var wholeNumber = (at == 0 || !char.IsAsciiDigit(line[at - 1])) && (end == line.Length || !char.IsAsciiDigit(line[end]));
            if (wholeNumber && IsPortPosition(line, at, end))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPortPosition(string line, int start, int end)
    {
        // host:PORT, PORT:PORT and the like: a colon joins it to an address or another port.
        if ((start > 0 && line[start - 1] == ':' && start > 1 && (char.IsAsciiLetterOrDigit(line[start - 2]) || line[start - 2] is ']' or '*' or '"' or '\'' or ' '))
            || (end < line.Length && line[end] == ':' && end + 1 < line.Length && char.IsAsciiDigit(line[end + 1])))
        {
            return true;
        }

        var before = line[..start].TrimEnd().TrimEnd('"', '\'', '=', ':').TrimEnd();
        var lower = before.ToLowerInvariant();

        // A YAML list item of bare ports (compose "ports:" / "expose:").
        if (lower is "-" || lower.EndsWith(" -", StringComparison.Ordinal) || lower.EndsWith("\t-", StringComparison.Ordinal))
        {
            return true;
        }

        var word = LastWord(lower);
        return word.EndsWith("port", StringComparison.Ordinal) || word.EndsWith("ports", StringComparison.Ordinal)
            || word is "listen" or "expose" or "-p" || (word.Length > 0 && LastWord(lower[..^word.Length].TrimEnd()) == "expose");
    }

    private static string LastWord(string text)
    {
        var i = text.Length;
        while (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '-'))
        {
            i--;
        }

        return text[i..];
    }
}
