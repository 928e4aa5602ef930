using System.Globalization;
using System.Text.RegularExpressions;

namespace McpContext.Toml.Tests;

/// <summary>Per-type value equality of tagged JSON scalars, mirroring upstream toml-test.</summary>
internal static partial class TaggedValueEquality
{
    public static bool AreEqual(string type, string expected, string actual) => type switch
    {
        "float" => FloatsEqual(expected, actual),
        "bool" => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        "datetime" or "datetime-local" or "date-local" or "time-local" => DateTimesEqual(type, expected, actual),
        // Strings, integers and any unknown type compare as exact text, as upstream does.
        _ => string.Equals(expected, actual, StringComparison.Ordinal),
    };

    // Numeric comparison: any NaN equals any NaN, and (as upstream) -0 equals 0 because the sign of zero is not checked.
    private static bool FloatsEqual(string expected, string actual) =>
        TryParseFloat(expected, out var e) && TryParseFloat(actual, out var a)
            && (double.IsNaN(e) ? double.IsNaN(a) : e == a);

    private static bool TryParseFloat(string text, out double value)
    {
        var negative = text.StartsWith('-');
        var unsigned = text.TrimStart('+', '-');
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(text, style, CultureInfo.InvariantCulture, out value);
    }

    // Unparseable text on either side is a difference, never a fallback to text comparison.
    private static bool DateTimesEqual(string type, string expected, string actual) =>
        TryParseDateTime(type, expected, out var e) && TryParseDateTime(type, actual, out var a) && e == a;

    /// <summary>
    /// Parses to ticks: offset date-times as the UTC instant, local kinds by their own value. Fractional seconds are
    /// kept to 100 ns (finer digits are truncated), which is finer than the millisecond precision toml-test requires.
    /// </summary>
    private static bool TryParseDateTime(string type, string text, out long ticks)
    {
        ticks = 0;
        var normalized = text.Replace(' ', 'T').Replace('t', 'T').Replace('z', 'Z');
        var match = type switch
        {
            "datetime" => OffsetDateTimePattern().Match(normalized),
            "datetime-local" => LocalDateTimePattern().Match(normalized),
            "date-local" => LocalDatePattern().Match(normalized),
            "time-local" => LocalTimePattern().Match(normalized),
            _ => Match.Empty,
        };
        if (!match.Success)
        {
            return false;
        }

        long dateTicks = 0;
        if (match.Groups["year"].Success && !TryDateTicks(match, out dateTicks))
        {
            return false;
        }

        long timeTicks = 0;
        if (match.Groups["hour"].Success && !TryTimeTicks(match, out timeTicks))
        {
            return false;
        }

        long offsetTicks = 0;
        if (match.Groups["offset"].Success && !TryOffsetTicks(match, out offsetTicks))
        {
            return false;
        }

        ticks = dateTicks + timeTicks - offsetTicks;
        return true;
    }

    private static bool TryDateTicks(Match match, out long ticks)
    {
        ticks = 0;
        int year = Number(match, "year"), month = Number(match, "month"), day = Number(match, "day");
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        ticks = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Ticks;
        return true;
    }

    private static bool TryTimeTicks(Match match, out long ticks)
    {
        ticks = 0;
        int hour = Number(match, "hour"), minute = Number(match, "minute"), second = Number(match, "second");
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var fractionTicks = fraction.Length == 0
            ? 0
            : long.Parse(fraction.PadRight(7, '0')[..7], NumberStyles.None, CultureInfo.InvariantCulture);
        ticks = new TimeSpan(hour, minute, second).Ticks + fractionTicks;
        return true;
    }

    private static bool TryOffsetTicks(Match match, out long ticks)
    {
        ticks = 0;
        var offset = match.Groups["offset"].Value;
        if (offset == "Z")
        {
            return true;
        }

        int hours = int.Parse(offset.AsSpan(1, 2), CultureInfo.InvariantCulture);
        int minutes = int.Parse(offset.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (hours > 23 || minutes > 59)
        {
            return false;
        }

        ticks = (offset[0] == '-' ? -1 : 1) * new TimeSpan(hours, minutes, 0).Ticks;
        return true;
    }

    private static int Number(Match match, string group) =>
        int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private const string DatePart = "(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})";
    private const string TimePart = "(?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\\.(?<fraction>[0-9]+))?";

    [GeneratedRegex("^" + DatePart + "T" + TimePart + "(?<offset>Z|[+-][0-9]{2}:[0-9]{2})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetDateTimePattern();

    [GeneratedRegex("^" + DatePart + "T" + TimePart + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocalDateTimePattern();

    [GeneratedRegex("^" + DatePart + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocalDatePattern();

    [GeneratedRegex("^" + TimePart + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocalTimePattern();
}
