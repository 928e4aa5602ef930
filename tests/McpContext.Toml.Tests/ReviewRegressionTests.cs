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
}
