using System.Globalization;
using System.Text;
using McpContext.Toml.Syntax;

namespace McpContext.Toml;

/// <summary>Turns a scalar token into its value, reporting anything the TOML grammar forbids at its exact offset.</summary>
internal static class ScalarDecoder
{
    public static object? Decode(string text, TomlToken token, Action<int, string> report) => token.Kind switch
    {
        TomlTokenKind.BasicString or TomlTokenKind.MultiLineBasicString
            or TomlTokenKind.LiteralString or TomlTokenKind.MultiLineLiteralString => DecodeString(text, token, report),
        TomlTokenKind.Integer => DecodeInteger(text.AsSpan(token.Start, token.Length), token.Start, report),
        TomlTokenKind.Float => DecodeFloat(text.AsSpan(token.Start, token.Length), token.Start, report),
        TomlTokenKind.Boolean => text[token.Start] == 't',
        TomlTokenKind.DateTime => DecodeDateTime(text.AsSpan(token.Start, token.Length), token.Start, report),
        _ => null,
    };

    public static string? DecodeString(string text, TomlToken token, Action<int, string> report)
    {
        var multiLine = token.Kind is TomlTokenKind.MultiLineBasicString or TomlTokenKind.MultiLineLiteralString;
        var basic = token.Kind is TomlTokenKind.BasicString or TomlTokenKind.MultiLineBasicString;
        var delimiter = multiLine ? 3 : 1;
        var start = token.Start + delimiter;
        var end = token.End - delimiter;
        if (multiLine)
        {
            // A line break right after the opening delimiter is not part of the string.
            if (start < end && text[start] == '\n')
            {
                start++;
            }
            else if (start + 1 < end && text[start] == '\r' && text[start + 1] == '\n')
            {
                start += 2;
            }
        }

        var content = text.AsSpan(start, end - start);
        if (FindUnpairedSurrogate(content) is var bad and >= 0)
        {
            report(start + bad, $"unpaired surrogate U+{(int)content[bad]:X4}: the text is not valid Unicode");
            return null;
        }

        var firstSpecial = basic ? content.IndexOfAnyInRange('\0', '\u001f') : -1;
        var firstEscape = basic ? content.IndexOfAny('\\', '\u007f') : -1;
        if (!basic || (firstSpecial < 0 && firstEscape < 0))
        {
            return CheckControlCharacters(content, start, multiLine, report) ? content.ToString() : null;
        }

        return DecodeEscapes(text, start, end, multiLine, report);
    }

    /// <summary>Index of the first UTF-16 surrogate that is not half of a pair, or -1. Only text from a string can hold one; UTF-8 input cannot.</summary>
    public static int FindUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0)
        {
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return i;
            }

            i += 2;
            var next = text[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + next;
        }

        return -1;
    }

    private static bool CheckControlCharacters(ReadOnlySpan<char> content, int offset, bool multiLine, Action<int, string> report)
    {
        var ok = true;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (IsForbiddenControl(c, multiLine, i + 1 < content.Length ? content[i + 1] : '\0'))
            {
                report(offset + i, ControlMessage(c));
                ok = false;
            }
        }

        return ok;
    }

    private static bool IsForbiddenControl(char c, bool multiLine, char next) =>
        c == '\u007f' || (c < 0x20 && c != '\t' && !(multiLine && (c == '\n' || (c == '\r' && next == '\n'))));

    private static string ControlMessage(char c) =>
        c is '\n' or '\r'
            ? "a line break is not allowed in a single-line string; use \\n or a multi-line string \"\"\"...\"\"\""
            : $"control character {TomlLexer.Describe(c)} must be escaped in a string";

    private static string? DecodeEscapes(string text, int start, int end, bool multiLine, Action<int, string> report)
    {
        var sb = new StringBuilder(end - start);
        var ok = true;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c != '\\')
            {
                if (IsForbiddenControl(c, multiLine, i + 1 < end ? text[i + 1] : '\0'))
                {
                    report(i, ControlMessage(c));
                    ok = false;
                }

                sb.Append(c);
                i++;
                continue;
            }

            var e = i + 1 < end ? text[i + 1] : '\0';
            switch (e)
            {
                case 'b': sb.Append('\b'); i += 2; break;
                case 't': sb.Append('\t'); i += 2; break;
                case 'n': sb.Append('\n'); i += 2; break;
                case 'f': sb.Append('\f'); i += 2; break;
                case 'r': sb.Append('\r'); i += 2; break;
                case '"': sb.Append('"'); i += 2; break;
                case '\\': sb.Append('\\'); i += 2; break;
                case 'u' or 'U':
                {
                    var digits = e == 'u' ? 4 : 8;
                    if (!TryHex(text, i + 2, digits, end, out var scalar))
                    {
                        report(i, $"invalid escape: \\{e} must be followed by exactly {digits} hexadecimal digits");
                        ok = false;
                        i += 2;
                        break;
                    }

                    if (scalar > 0x10FFFF || scalar is >= 0xD800 and <= 0xDFFF)
                    {
                        report(i, $"invalid escape: U+{scalar:X} is not a Unicode scalar value");
                        ok = false;
                    }
                    else
                    {
                        sb.Append(char.ConvertFromUtf32((int)scalar));
                    }

                    i += 2 + digits;
                    break;
                }

                case ' ' or '\t' or '\n' or '\r' when multiLine:
                {
                    // A line-ending backslash swallows the line break and all whitespace after it.
                    var j = i + 1;
                    while (j < end && text[j] is ' ' or '\t')
                    {
                        j++;
                    }

                    if (j >= end || !(text[j] == '\n' || (text[j] == '\r' && j + 1 < end && text[j + 1] == '\n')))
                    {
                        report(i, "invalid escape: a backslash followed by whitespace must end the line");
                        ok = false;
                        i = j;
                        break;
                    }

                    while (j < end && (text[j] is ' ' or '\t' or '\n' || (text[j] == '\r' && j + 1 < end && text[j + 1] == '\n')))
                    {
                        j++;
                    }

                    i = j;
                    break;
                }

                default:
                    report(i, e == '\0' ? "invalid escape: a backslash must be followed by an escape character"
                        : $"invalid escape sequence '\\{(char.IsControl(e) ? TomlLexer.Describe(e) : e.ToString())}' (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
                    ok = false;
                    i += 2;
                    break;
            }
        }

        return ok ? sb.ToString() : null;
    }

    private static bool TryHex(string text, int start, int digits, int end, out uint value)
    {
        value = 0;
        if (start + digits > end)
        {
            return false;
        }

        for (var i = start; i < start + digits; i++)
        {
            var d = HexValue(text[i]);
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)d;
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public static object? DecodeInteger(ReadOnlySpan<char> s, int offset, Action<int, string> report)
    {
        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'o' or 'b')
        {
            var radix = s[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            var name = s[1] switch { 'x' => "hexadecimal", 'o' => "octal", _ => "binary" };
            if (!ValidDigitGroups(s[2..], radix))
            {
                report(offset, $"invalid {name} integer '{s}'");
                return null;
            }

            ulong value = 0;
            foreach (var c in s[2..])
            {
                if (c == '_')
                {
                    continue;
                }

                if (value > (ulong)long.MaxValue / (ulong)radix)
                {
                    report(offset, $"integer '{s}' does not fit in a signed 64-bit integer");
                    return null;
                }

                value = (value * (ulong)radix) + (ulong)HexValue(c);
                if (value > long.MaxValue)
                {
                    report(offset, $"integer '{s}' does not fit in a signed 64-bit integer");
                    return null;
                }
            }

            return (long)value;
        }

        if (s.Length > 3 && s[0] is '+' or '-' && s[1] == '0' && s[2] is 'x' or 'o' or 'b')
        {
            report(offset, $"invalid integer '{s}': hexadecimal, octal and binary integers cannot have a sign");
            return null;
        }

        var negative = s.Length > 0 && s[0] == '-';
        var digits = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (!ValidDigitGroups(digits, 10))
        {
            report(offset, InvalidValueMessage(s, "integer"));
            return null;
        }

        if (digits.Length > 1 && digits[0] == '0')
        {
            report(offset, $"invalid integer '{s}': leading zeros are not allowed");
            return null;
        }

        // Accumulate negatively so long.MinValue, whose magnitude exceeds long.MaxValue, still fits.
        long acc = 0;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                continue;
            }

            var d = c - '0';
            if (acc < (long.MinValue + d) / 10)
            {
                report(offset, $"integer '{s}' does not fit in a signed 64-bit integer");
                return null;
            }

            acc = (acc * 10) - d;
        }

        if (!negative)
        {
            if (acc == long.MinValue)
            {
                report(offset, $"integer '{s}' does not fit in a signed 64-bit integer");
                return null;
            }

            acc = -acc;
        }

        return acc;
    }

    private static string InvalidValueMessage(ReadOnlySpan<char> s, string kind) =>
        s.Length > 0 && char.IsAsciiLetter(s[0])
            ? $"invalid value '{s}': strings must be in quotes, and booleans are lower-case true or false"
            : $"invalid {kind} '{s}'";

    /// <summary>Digits of <paramref name="radix"/>, at least one, with each underscore between two digits.</summary>
    private static bool ValidDigitGroups(ReadOnlySpan<char> s, int radix)
    {
        if (s.IsEmpty || s[0] == '_' || s[^1] == '_')
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                if (s[i + 1] == '_')
                {
                    return false;
                }

                continue;
            }

            var d = HexValue(c);
            if (d < 0 || d >= radix)
            {
                return false;
            }
        }

        return true;
    }

    public static object? DecodeFloat(ReadOnlySpan<char> s, int offset, Action<int, string> report)
    {
        var unsigned = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (unsigned is "inf")
        {
            return s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (unsigned is "nan")
        {
            return double.NaN;
        }

        if (!IsFloatGrammar(unsigned, out var leadingZero))
        {
            report(offset, leadingZero ? $"invalid float '{s}': leading zeros are not allowed" : InvalidValueMessage(s, "float"));
            return null;
        }

        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        foreach (var c in s)
        {
            if (c != '_')
            {
                buffer[n++] = c;
            }
        }

        var value = double.Parse(buffer[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            report(offset, $"float '{s}' is out of range for a 64-bit float (write inf for infinity)");
            return null;
        }

        return value;
    }

    /// <summary>integer-part ( fraction | exponent | fraction exponent ), without sign.</summary>
    private static bool IsFloatGrammar(ReadOnlySpan<char> s, out bool leadingZero)
    {
        leadingZero = false;
        var dot = s.IndexOf('.');
        var exp = s.IndexOfAny('e', 'E');
        if (dot < 0 && exp < 0)
        {
            return false;
        }

        var intEnd = dot >= 0 ? dot : exp;
        var intPart = s[..intEnd];
        if (!ValidDigitGroups(intPart, 10))
        {
            return false;
        }

        if (intPart.Length > 1 && intPart[0] == '0')
        {
            leadingZero = true;
            return false;
        }

        if (dot >= 0)
        {
            var fracEnd = exp >= 0 ? exp : s.Length;
            if (exp >= 0 && exp < dot)
            {
                return false;
            }

            if (!ValidDigitGroups(s[(dot + 1)..fracEnd], 10))
            {
                return false;
            }
        }

        if (exp >= 0)
        {
            var e = s[(exp + 1)..];
            if (e.Length > 0 && e[0] is '+' or '-')
            {
                e = e[1..];
            }

            if (!ValidDigitGroups(e, 10))
            {
                return false;
            }
        }

        return true;
    }

    public static object? DecodeDateTime(ReadOnlySpan<char> s, int offset, Action<int, string> report)
    {
        if (TryDateTime(s, out var value, out var problem))
        {
            return value;
        }

        report(offset, $"invalid date/time '{s}': {problem}");
        return null;
    }

    private const string Shape =
        "expected YYYY-MM-DD, HH:MM:SS[.fraction], or both joined by 'T' or a space, optionally followed by Z or ±HH:MM (seconds are required in TOML 1.0)";

    private static bool TryDateTime(ReadOnlySpan<char> s, out TomlDateTime value, out string problem)
    {
        value = default;
        problem = Shape;
        DateOnly date = default;
        var hasDate = s.Length >= 10 && s[4] == '-';
        if (hasDate)
        {
            if (!TryDate(s[..10], out date, out problem))
            {
                return false;
            }

            s = s[10..];
            if (s.IsEmpty)
            {
                value = new TomlDateTime(TomlDateTimeKind.LocalDate, date, default);
                return true;
            }

            if (s[0] is not ('T' or 't' or ' ') || s.Length == 1)
            {
                problem = Shape;
                return false;
            }

            s = s[1..];
        }

        if (!TryTime(ref s, out var time, out var fractionDigits, out problem))
        {
            return false;
        }

        if (s.IsEmpty)
        {
            value = new TomlDateTime(hasDate ? TomlDateTimeKind.LocalDateTime : TomlDateTimeKind.LocalTime, date, time, 0, fractionDigits);
            return true;
        }

        if (!hasDate)
        {
            problem = "a local time cannot have a UTC offset; " + Shape;
            return false;
        }

        int offsetMinutes;
        if (s is "Z" or "z")
        {
            offsetMinutes = 0;
        }
        else if (s.Length == 6 && s[0] is '+' or '-' && s[3] == ':' && TwoDigits(s[1..3], out var oh) && TwoDigits(s[4..6], out var om))
        {
            if (oh > 23 || om > 59)
            {
                problem = "the UTC offset must be between -23:59 and +23:59";
                return false;
            }

            offsetMinutes = (s[0] == '-' ? -1 : 1) * ((oh * 60) + om);
        }
        else
        {
            problem = Shape;
            return false;
        }

        value = new TomlDateTime(TomlDateTimeKind.OffsetDateTime, date, time, offsetMinutes, fractionDigits);
        return true;
    }

    private static bool TryDate(ReadOnlySpan<char> s, out DateOnly date, out string problem)
    {
        date = default;
        problem = Shape;
        if (s[7] != '-' || !FourDigits(s[..4], out var year) || !TwoDigits(s[5..7], out var month) || !TwoDigits(s[8..10], out var day))
        {
            return false;
        }

        if (month is < 1 or > 12)
        {
            problem = "the month must be 01 to 12";
            return false;
        }

        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = year < 1 ? "the year must be 0001 or later" : $"day {day:D2} does not exist in {year:D4}-{month:D2}";
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryTime(ref ReadOnlySpan<char> s, out TimeOnly time, out int fractionDigits, out string problem)
    {
        time = default;
        fractionDigits = 0;
        problem = Shape;
        if (s.Length < 8 || s[2] != ':' || s[5] != ':' || !TwoDigits(s[..2], out var hour) || !TwoDigits(s[3..5], out var minute)
            || !TwoDigits(s[6..8], out var second))
        {
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            problem = "hours must be 00-23, minutes 00-59 and seconds 00-59";
            return false;
        }

        s = s[8..];
        long fractionTicks = 0;
        if (!s.IsEmpty && s[0] == '.')
        {
            var n = 1;
            while (n < s.Length && char.IsAsciiDigit(s[n]))
            {
                n++;
            }

            if (n == 1)
            {
                problem = "a '.' in the seconds must be followed by digits";
                return false;
            }

            // Digits beyond 100 ns are truncated, as the specification allows.
            var digits = s[1..n];
            fractionDigits = Math.Min(digits.Length, 7);
            for (var i = 0; i < 7; i++)
            {
                fractionTicks = (fractionTicks * 10) + (i < digits.Length ? digits[i] - '0' : 0);
            }

            s = s[n..];
        }

        time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(fractionTicks));
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.Length != 2 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]))
        {
            return false;
        }

        value = ((s[0] - '0') * 10) + (s[1] - '0');
        return true;
    }

    private static bool FourDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return s.Length == 4;
    }
}
