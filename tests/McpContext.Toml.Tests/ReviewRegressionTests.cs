namespace McpContext.Toml.Tests;

/// <summary>Cases an independent review of the engine found; each failed before its fix.</summary>
public sealed class ReviewRegressionTests
{
    private static string Edit(string toml, Func<TomlEditor, TomlEditResult> edit)
    {
        var result = edit(new TomlEditor(TomlDocument.Parse(toml)));
        Assert.True(result.Succeeded, result.Error);
        return result.Document.Text;
    }

    [Fact]
    public void Errors_found_while_binding_are_capped_too()
    {
        var document = TomlDocument.Parse("a = {" + string.Join(",", Enumerable.Repeat("x=1", 40_000)) + "}\n");
        Assert.Equal(100, document.Diagnostics.Count);
        Assert.Equal("1:10: duplicate key 'a.x' first defined at 1:6", document.Diagnostics[0].ToString());
    }

    [Fact]
    public void A_new_root_key_never_goes_above_a_schema_directive()
    {
        Assert.Equal(
            "#:schema ./s.json\nversion = 1\n\n[package]\nname = \"x\"\n",
            Edit("#:schema ./s.json\n[package]\nname = \"x\"\n", e => e.Set("version", 1L)));
    }

    [Fact]
    public void Removing_the_first_table_keeps_the_schema_directive()
    {
        Assert.Equal("#:schema ./s.json\n[b]\ny = 2\n", Edit("#:schema ./s.json\n[a]\nx = 1\n[b]\ny = 2\n", e => e.Remove("a")));
    }

    [Fact]
    public void Path_keys_decode_escapes_like_toml_keys_and_round_trip()
    {
        Assert.Equal("\"a\\tb\" = 2\n", Edit("\"a\\tb\" = 1\n", e => e.Set("\"a\\tb\"", 2L)));
        var path = TomlPath.FromKeys("a\tb", "é", "x.y");
        Assert.Equal(path, TomlPath.Parse(path.ToString()));
        Assert.Equal("é", TomlPath.Parse("\"\\u00e9\"").Last.Key);
    }

    [Fact]
    public void Removing_the_last_element_of_a_multi_line_array_keeps_other_comments()
    {
        Assert.Equal("a = [\n  1 # one\n  ]\n", Edit("a = [\n  1, # one\n  2]\n", e => e.Remove("a[1]")));
    }

    [Fact]
    public void Array_and_inline_table_edits_keep_comments_and_the_files_spacing()
    {
        Assert.Equal("a = [\n  # none yet\n  1\n]\n", Edit("a = [\n  # none yet\n]\n", e => e.Append("a", 1L)));
        Assert.Equal("a = [ # header\n]\n", Edit("a = [ # header\n  1,\n]\n", e => e.Remove("a[0]")));
        Assert.Equal("a = [1,3]\n", Edit("a = [1,2,3]\n", e => e.Remove("a[1]")));
        Assert.Equal("a = [1,2,3]\n", Edit("a = [1,2]\n", e => e.Append("a", 3L)));
        Assert.Equal("t = {a=1,b=2,c = 3}\n", Edit("t = {a=1,b=2}\n", e => e.Set("t.c", 3L)));
        Assert.Equal("t = { x = 1, a.c = 3 }\n", Edit("t = { a.b = 1, x = 1, a.c = 3 }\n", e => e.Remove("t.a.b")));
        Assert.Equal("t = { x = 1 }\n", Edit("t = { a.b = 1, x = 1, a.c = 3 }\n", e => e.Remove("t.a")));
    }

    [Fact]
    public void Replacing_a_section_keeps_it_in_place_with_its_comments()
    {
        Assert.Equal(
            "a = 1\n# about t\n[t]\ny = 2\n[u]\ny = 1\n",
            Edit("a = 1\n# about t\n[t]\nx = 1\n[u]\ny = 1\n", e => e.Set("t", new TomlTable { ["y"] = 2L })));
        Assert.Equal(
            "[[srv]]\nname = \"a\"\n# second\n[[srv]]\nname = \"c\"\n",
            Edit("[[srv]]\nname = \"a\"\n# second\n[[srv]]\nname = \"b\"\n", e => e.Set("srv[1]", new TomlTable { ["name"] = "c" })));
    }

    [Fact]
    public void Unpaired_surrogates_are_rejected_in_text_and_in_the_model()
    {
        Assert.Equal("1:6: unpaired surrogate U+D800: the text is not valid Unicode", TomlDocument.Parse("a = \"\uD800\"\n").Diagnostics[0].ToString());
        Assert.Equal("1:9: unpaired surrogate U+DC00: the text is not valid Unicode", TomlDocument.Parse("a = 1 # \uDC00\n").Diagnostics[0].ToString());
        Assert.Empty(TomlDocument.Parse("a = \"😀\" # 😀\n").Diagnostics);
        var error = Assert.Throws<ArgumentException>(() => new TomlTable { ["k"] = "x\uD801" });
        Assert.StartsWith("the text holds an unpaired surrogate U+D801 at index 1; TOML text must be valid Unicode", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TomlTable { ["\uDC00"] = 1L });
    }

    [Fact]
    public void Date_times_print_every_digit_they_hold_and_offsets_stay_in_range()
    {
        var time = new TomlDateTime(TomlDateTimeKind.LocalTime, default, new TimeOnly(1, 2, 3, 500));
        Assert.Equal("01:02:03.500", time.ToString());
        Assert.True(new TomlEditor(TomlDocument.Parse("a = 1\n")).Set("b", time).Succeeded);
        Assert.Equal("01:02:03.1234567", new TomlDateTime(TomlDateTimeKind.LocalTime, default, new TimeOnly(TimeSpan.FromHours(1).Ticks + TimeSpan.FromMinutes(2).Ticks + TimeSpan.FromSeconds(3).Ticks + 1_234_567)).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TomlDateTime(TomlDateTimeKind.OffsetDateTime, new DateOnly(2026, 1, 1), default, 1440));
        Assert.Equal("2026-01-01T00:00:00+23:59", new TomlDateTime(TomlDateTimeKind.OffsetDateTime, new DateOnly(2026, 1, 1), default, 1439).ToString());
    }

    [Fact]
    public void Deep_paths_and_values_are_refused_instead_of_overflowing_the_stack()
    {
        var editor = new TomlEditor(TomlDocument.Parse("x = 1\n"));
        Assert.Equal("the path has 20000 parts; at most 128 are allowed", editor.Set(string.Join(".", Enumerable.Repeat("k", 20_000)), 1L).Error);

        object deep = 1L;
        for (var i = 0; i < 20_000; i++)
        {
            deep = new TomlArray { deep };
        }

        Assert.Equal("the value nests more than 128 levels deep", editor.Set("y", deep).Error);
        var error = Assert.Throws<ArgumentException>(() => TomlEncoder.Encode(new TomlTable { ["y"] = deep }));
        Assert.StartsWith("the value nests tables and arrays more than 256 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = 😀\n", "1:5: expected a value for 'a' after '=', found '😀'")]
    [InlineData("a = hello world\n", "1:5: invalid value 'hello': strings must be in quotes, and booleans are lower-case true or false")]
    [InlineData("a = -0x1e\n", "1:5: invalid integer '-0x1e': hexadecimal, octal and binary integers cannot have a sign")]
    [InlineData("a = 1e1000\n", "1:5: float '1e1000' is out of range for a 64-bit float (write inf for infinity)")]
    [InlineData("[a.b.c]\n[a]\nb.x = 1\n", "3:1: cannot add to table 'a.b' with the dotted key 'b.x': that table was created by the sub-table header at 1:1, and dotted keys cannot extend a table defined by a header")]
    public void Messages_name_the_real_mistake(string toml, string expected)
    {
        Assert.Equal(expected, TomlDocument.Parse(toml).Diagnostics[0].ToString());
    }

    [Fact]
    public void Invalid_utf8_is_the_only_error_reported()
    {
        byte[] input = [.. "a = \""u8, 0xC3, 0x28, .. "\"\nb = \"x\"\n"u8];
        Assert.Equal(["1:6: invalid UTF-8 byte 0xC3: TOML files must be encoded as UTF-8"], TomlDocument.Parse(input).Diagnostics.Select(d => d.ToString()));
    }
}
