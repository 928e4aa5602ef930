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
    public static bool Defines(string line, long port) => Find(line, p => p == port).Count > 0;

    /// <summary>
    /// The ports <paramref name="line"/> defines, in order (usually none or one); with <paramref name="wanted"/>,
    /// only those it accepts, and the position of other numbers is not even looked at.
    /// </summary>
    public static IReadOnlyList<long> Find(string line, Func<long, bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        List<long>? ports = null;
        for (var start = 0; start < line.Length; start++)
        {
            if (!char.IsAsciiDigit(line[start]))
            {
                continue;
            }

            var end = start;
            while (end < line.Length && char.IsAsciiDigit(line[end]))
            {
                end++;
            }

            if (end - start <= 5 && long.TryParse(line.AsSpan(start, end - start), System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value is >= 1 and <= 65535 && (wanted is null || wanted(value)) && IsPortPosition(line, start, end))
            {
                (ports ??= []).Add(value);
            }

            start = end;
        }

        return ports ?? (IReadOnlyList<long>)[];
    }

    private static bool IsPortPosition(string line, int start, int end)
    {
        // host:PORT, PORT:PORT and the like: a colon joins it to an address or another port.
        if ((start > 1 && line[start - 1] == ':' && (char.IsAsciiLetterOrDigit(line[start - 2]) || line[start - 2] is ']' or '*' or '"' or '\'' or ' '))
            || (end + 1 < line.Length && line[end] == ':' && char.IsAsciiDigit(line[end + 1])))
        {
            return true;
        }

        var before = line.AsSpan(0, start).TrimEnd().TrimEnd("\"'=:").TrimEnd();

        // A YAML list item of bare ports (compose "ports:" / "expose:").
        if (before is "-" || before.EndsWith(" -", StringComparison.Ordinal) || before.EndsWith("\t-", StringComparison.Ordinal))
        {
            return true;
        }

        var word = LastWord(before);
        return word.EndsWith("port", StringComparison.OrdinalIgnoreCase) || word.EndsWith("ports", StringComparison.OrdinalIgnoreCase)
            || word.Equals("listen", StringComparison.OrdinalIgnoreCase) || word.Equals("expose", StringComparison.OrdinalIgnoreCase) || word is "-p"
            || (word.Length > 0 && LastWord(before[..^word.Length].TrimEnd()).Equals("expose", StringComparison.OrdinalIgnoreCase));
    }

    private static ReadOnlySpan<char> LastWord(ReadOnlySpan<char> text)
    {
        var i = text.Length;
        while (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '-'))
        {
            i--;
        }

        return text[i..];
    }
}
