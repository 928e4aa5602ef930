using System.Globalization;
using System.Text.RegularExpressions;
using McpContext.Toml;

namespace McpContext.Core.Context.Formats;

/// <summary>
/// Plain YAML scalars resolved by the YAML 1.2 core schema, the one YamlDotNet and most editors use:
/// <c>true</c> is a boolean, <c>3001</c> an integer, <c>1.5</c> a float, <c>~</c> null, anything else a
/// string. Writing uses the same rules, so a string that would read back as something else is quoted.
/// </summary>
internal static partial class YamlScalars
{
    /// <summary>The value of a plain (unquoted, untagged) scalar; null for YAML's null.</summary>
    public static object? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }

        if (DecimalInteger().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : (object)double.Parse(text, CultureInfo.InvariantCulture);
        }

        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
        {
            var digits = text[2..];
            var ok = text[1] == 'x'
                ? long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : (long?)null
                : OctalInteger().IsMatch(digits) ? ParseOctal(digits) : null;
            if (ok is { } number)
            {
                return number;
            }
        }

        if (Infinity().Match(text) is { Success: true } inf)
        {
            return inf.Groups[1].Value == "-" ? double.NegativeInfinity : double.PositiveInfinity;
        }

        return Float().IsMatch(text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : text;
    }

    /// <summary>The text of a scalar value, and whether a string must be quoted to read back as a string.</summary>
    public static (string Text, bool Quote) Format(object value) => value switch
    {
        string s => (s, Resolve(s) is not string || s != s.Trim()),
        long l => (l.ToString(CultureInfo.InvariantCulture), false),
        double d when double.IsNaN(d) => (".nan", false),
        double d when double.IsPositiveInfinity(d) => (".inf", false),
        double d when double.IsNegativeInfinity(d) => ("-.inf", false),
        double d => (FloatText(d), false),
        bool b => (b ? "true" : "false", false),
        TomlDateTime dt => (dt.ToString(), false),
        _ => throw new ArgumentException($"not a scalar: {value.GetType().Name}", nameof(value)),
    };

    private static string FloatText(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E') >= 0 ? text : text + ".0";
    }

    private static long? ParseOctal(string digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            if (value > (long.MaxValue >> 3))
            {
                return null;
            }

            value = (value << 3) + (c - '0');
        }

        return value;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^[0-7]+$")]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^([-+]?)\.(?:inf|Inf|INF)$")]
    private static partial Regex Infinity();

    [GeneratedRegex(@"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
