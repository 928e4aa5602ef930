using System.Globalization;
using System.Text;

namespace McpContext.Toml;

/// <summary>Writes one value as TOML source: scalars, arrays and inline tables on a single line.</summary>
public static class TomlValueFormatter
{
    /// <summary>The value as it would appear after <c>key = </c>.</summary>
    public static string Format(object value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    internal static void Append(StringBuilder sb, object value)
    {
        switch (value)
        {
            case string s:
                sb.Append(TomlStringFormatter.Basic(s));
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(FormatFloat(d));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case TomlDateTime dt:
                sb.Append(dt.ToString());
                break;
            case TomlArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    Append(sb, array[i]);
                }

                sb.Append(']');
                break;
            case TomlTable table:
                if (table.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }

                sb.Append("{ ");
                var first = true;
                foreach (var (key, item) in table)
                {
                    sb.Append(first ? "" : ", ").Append(TomlKeyFormatter.FormatKey(key)).Append(" = ");
                    Append(sb, item);
                    first = false;
                }

                sb.Append(" }");
                break;
            default:
                TomlTable.ValidateValue(value);
                break;
        }
    }

    /// <summary>Shortest text that reads back as the same double, always recognisable as a TOML float.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.AsSpan().ContainsAny('.', 'E') ? s : s + ".0";
    }
}
