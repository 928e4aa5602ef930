using System.Globalization;
using System.Text.RegularExpressions;

namespace McpContext.Core.Drift.Scanners;

/// <summary>Reading ports out of the text configuration files write them in.</summary>
internal static partial class PortText
{
    // Beyond this a range is a block of ephemeral ports, not a service's port.
    private const int MaxRange = 100;

    /// <summary>A port number (1-65535) written in decimal, nothing else.</summary>
    public static bool TryParse(string? text, out long port)
    {
        port = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 5 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        port = long.Parse(text, CultureInfo.InvariantCulture);
        return port is >= 1 and <= 65535;
    }

    /// <summary>
    /// The ports a compose-style value names: <c>3001</c>, <c>3000-3002</c>, or <c>${VAR:-3001}</c> (its default).
    /// Returns false with a reason when the value is a variable without a default, a huge range, or not a port.
    /// </summary>
    public static bool TryParseSpec(string text, out IReadOnlyList<long> ports, out string? problem)
    {
        ports = [];
        problem = null;
        var value = text.Trim();
        if (Variable().Match(value) is { Success: true } variable)
        {
            if (!variable.Groups["default"].Success)
            {
                problem = $"the port comes from the variable {variable.Groups["name"].Value}, which has no default here; not compared";
                return false;
            }

            value = variable.Groups["default"].Value;
        }

        if (TryParse(value, out var single))
        {
            ports = [single];
            return true;
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && TryParse(value[..dash], out var first) && TryParse(value[(dash + 1)..], out var last) && last >= first)
        {
            if (last - first >= MaxRange)
            {
                problem = $"the port range {value} spans more than {MaxRange} ports; not compared";
                return false;
            }

            ports = [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(p => (long)p)];
            return true;
        }

        problem = $"'{text}' is not a port";
        return false;
    }

    /// <summary>The port of a URL such as <c>http://localhost:5000</c> or <c>http://*:8080</c>; none when the URL does not name one.</summary>
    public static bool TryParseUrlPort(string url, out long port)
    {
        port = 0;
        var match = UrlPort().Match(url.Trim());
        return match.Success && TryParse(match.Groups["port"].Value, out port);
    }

    /// <summary>Ports in a command line: <c>--port 3000</c>, <c>--port=3000</c>, <c>-p 3000</c>, <c>PORT=3000</c>, <c>--bind 0.0.0.0:3000</c>, <c>-b :3000</c>, <c>--urls http://*:5000</c>.</summary>
    public static IEnumerable<long> InCommand(string command)
    {
        foreach (Match match in CommandPort().Matches(command))
        {
            if (TryParse(match.Groups["port"].Value, out var port))
            {
                yield return port;
            }
        }
    }

    [GeneratedRegex(@"^\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?<default>[^}]*))?\}$|^\$(?<name>[A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(?:\[[^\]]*\]|[^/:]*):(?<port>\d{1,5})(?:/|$)")]
    private static partial Regex UrlPort();

    [GeneratedRegex(@"(?:(?<![\w-])(?:--port|-p|--listen|--http-port)(?:=|\s+)|(?<![\w])PORT=|(?<![\w-])(?:--bind|-b|--host|--urls?)(?:=|\s+)\S*:)(?<port>\d{1,5})(?!\d)")]
    private static partial Regex CommandPort();
}
