namespace McpContext.Toml.Tests;

public sealed class DiagnosticTests
{
    private static string FirstError(string toml)
    {
        var document = TomlDocument.Parse(toml);
        Assert.True(document.HasErrors, "expected the document to be rejected");
        return document.Diagnostics[0].ToString();
    }

    [Theory]
    [InlineData("port 3001\n", "1:6: expected '=' after key 'port', found '3'")]
    [InlineData("[services.blue]\nport = 1\n\n[services.blue]\n", "4:1: duplicate table [services.blue]: it is already defined at 1:1")]
    [InlineData("[services]\nblue = 3001\ngreen = 3002\nblue = 3003\n", "4:1: duplicate key 'services.blue' first defined at 2:1")]
    [InlineData("a = \"unterminated\n", "1:5: unterminated string: expected a closing \" before the end of the line")]
    [InlineData("a = 1\nb = tru\n", "2:5: invalid value 'tru': strings must be in quotes, and booleans are lower-case true or false")]
    [InlineData("a = 0123\n", "1:5: invalid integer '0123': leading zeros are not allowed")]
    [InlineData("a = 9223372036854775808\n", "1:5: integer '9223372036854775808' does not fit in a signed 64-bit integer")]
    [InlineData("d = 2026-02-30\n", "1:5: invalid date/time '2026-02-30': day 30 does not exist in 2026-02")]
    [InlineData("s = \"a\\qb\"\n", "1:7: invalid escape sequence '\\q' (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")]
    [InlineData("t = { a = 1, }\n", "1:14: a trailing comma is not allowed in an inline table")]
    [InlineData("t = { a = 1,\n b = 2 }\n", "1:13: an inline table must be on a single line (TOML 1.0 allows no line breaks inside { })")]
    [InlineData("[a]\nb.c = 1\n[a.b]\n", "3:1: duplicate table [a.b]: it was already created by a dotted key at 2:1")]
    [InlineData("x = [1, 2\ny = 3\n", "2:1: expected ',' or ']' after an array element, found 'y'")]
    [InlineData("a = 1 b = 2\n", "1:7: unexpected 'b' after the value of 'a': expected a comment or a line break")]
    [InlineData("[[fruit]]\n[fruit]\n", "2:1: duplicate table [fruit]: 'fruit' is already an array of tables at 1:1")]
    [InlineData("v = 0x-1\n", "1:5: invalid hexadecimal integer '0x-1'")]
    [InlineData("v = -0x1\n", "1:5: invalid integer '-0x1': hexadecimal, octal and binary integers cannot have a sign")]
    [InlineData("a = 1\r\nb = 2\rc = 3\n", "2:6: a carriage return must be followed by a line feed")]
    public void Errors_name_the_line_column_and_what_to_do(string toml, string expected)
    {
        Assert.Equal(expected, FirstError(toml));
    }

    [Fact]
    public void Columns_count_characters_not_bytes_or_utf16_units()
    {
        // "é" is two bytes in UTF-8 and "😀" is two UTF-16 units; each is one column.
        Assert.Equal("1:10: expected '=' after key '\"é😀x\"', found '!'", FirstError("\"é😀x\"    !\n"));
        var fromBytes = TomlDocument.Parse("k = \"é\"\nx = \"\u00e9\"!\n"u8);
        Assert.Equal("2:8: unexpected '!' after the value of 'x': expected a comment or a line break", fromBytes.Diagnostics[0].ToString());
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_line_and_column_not_replaced()
    {
        byte[] input = [.. "a = 1\nb = \""u8, 0xC3, 0x28, .. "\"\n"u8];
        var document = TomlDocument.Parse(input);
        Assert.Equal("2:6: invalid UTF-8 byte 0xC3: TOML files must be encoded as UTF-8", document.Diagnostics[0].ToString());
    }

    [Fact]
    public void Errors_are_reported_in_source_order_and_parsing_continues_after_a_bad_line()
    {
        var document = TomlDocument.Parse("a = \nb = 2\nc = ]\nd = 4\n");
        Assert.Equal(["1:5", "3:5"], document.Diagnostics.Select(d => $"{d.Line}:{d.Column}"));
        Assert.Equal(2L, document.Model["b"]);
        Assert.Equal(4L, document.Model["d"]);
    }

    [Theory]
    [InlineData("[", 200_000)]
    [InlineData("{a=", 100_000)]
    [InlineData("[{a=", 50_000)]
    public void Deeply_nested_values_are_rejected_cleanly(string opener, int repeat)
    {
        var document = TomlDocument.Parse("x = " + string.Concat(Enumerable.Repeat(opener, repeat)));
        Assert.Contains(document.Diagnostics, d => d.Message == "arrays and inline tables are nested more than 128 levels deep");
        Assert.Equal(document.Text, document.ToFullString());
    }

    [Fact]
    public void Very_long_dotted_keys_are_rejected_cleanly()
    {
        var key = string.Join('.', Enumerable.Repeat("k", 100_000));
        Assert.Contains(TomlDocument.Parse(key + " = 1\n").Diagnostics, d => d.Message == "key has more than 128 dotted parts");
        Assert.Contains(TomlDocument.Parse("[" + key + "]\n").Diagnostics, d => d.Message == "key has more than 128 dotted parts");
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var document = TomlDocument.Parse("x = " + new string('[', 128) + new string(']', 128) + "\n");
        Assert.Empty(document.Diagnostics);
    }

    [Fact]
    public void A_flood_of_errors_is_capped_so_reports_stay_readable()
    {
        var document = TomlDocument.Parse(string.Concat(Enumerable.Repeat("!\n", 10_000)));
        Assert.Equal(100, document.Diagnostics.Count);
    }
}
