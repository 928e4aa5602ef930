namespace McpContext.Toml.Tests;

public sealed class TomlEditorTests
{
    private static string Edit(string toml, Func<TomlEditor, TomlEditResult> edit)
    {
        var editor = new TomlEditor(TomlDocument.Parse(toml));
        var result = edit(editor);
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Document.Diagnostics);
        return result.Document.Text;
    }

    private static string Refused(string toml, Func<TomlEditor, TomlEditResult> edit)
    {
        var document = TomlDocument.Parse(toml);
        var editor = new TomlEditor(document);
        var result = edit(editor);
        Assert.False(result.Succeeded);
        Assert.Same(document, editor.Document);
        Assert.Same(document, result.Document);
        return result.Error!;
    }

    [Fact]
    public void Set_replaces_only_the_value_and_keeps_comments_and_number_format_elsewhere()
    {
        const string before = "# edge\n[services.blue]\nport = 3001   # blue slot\nweight = 0x10\n";
        var after = Edit(before, e => e.Set("services.blue.port", 3003L));
        Assert.Equal("# edge\n[services.blue]\nport = 3003   # blue slot\nweight = 0x10\n", after);
    }

    [Fact]
    public void Set_reaches_values_written_with_dotted_keys_inline_tables_and_arrays()
    {
        const string before = "[fruit]\napple.color = 'red'\nbanana = { size = 3, tags = ['a', 'b'] }\n";
        var after = Edit(before, e => e.Set("fruit.apple.color", "green"));
        Assert.Equal("[fruit]\napple.color = \"green\"\nbanana = { size = 3, tags = ['a', 'b'] }\n", after);

        after = Edit(before, e => e.Set("fruit.banana.size", 4L));
        Assert.Equal("[fruit]\napple.color = 'red'\nbanana = { size = 4, tags = ['a', 'b'] }\n", after);

        after = Edit(before, e => e.Set("fruit.banana.tags[1]", "c"));
        Assert.Equal("[fruit]\napple.color = 'red'\nbanana = { size = 3, tags = ['a', \"c\"] }\n", after);
    }

    [Fact]
    public void Set_addresses_an_element_of_an_array_of_tables_by_index()
    {
        const string before = "[[known_issues]]\nid = \"KI-1\"\nstatus = \"open\"\n\n[[known_issues]]\nid = \"KI-2\"\nstatus = \"open\"\n";
        var after = Edit(before, e => e.Set("known_issues[1].status", "resolved"));
        Assert.Equal(before.Replace("id = \"KI-2\"\nstatus = \"open\"", "id = \"KI-2\"\nstatus = \"resolved\"", StringComparison.Ordinal), after);
    }

    [Fact]
    public void New_key_lands_after_the_last_line_of_its_table_in_the_file_style()
    {
        const string before = "[a]\n  x=1\n  y=2 # why\n\n[b]\nz = 3\n";
        var after = Edit(before, e => e.Set("a.w", "new"));
        Assert.Equal("[a]\n  x=1\n  y=2 # why\n  w=\"new\"\n\n[b]\nz = 3\n", after);
    }

    [Fact]
    public void New_root_key_goes_after_a_schema_comment_and_before_the_first_table()
    {
        const string before = "#:schema ./schemas/project-context.schema.json\n\n# services\n[services]\nweb = 80\n";
        var after = Edit(before, e => e.Set("project", "demo"));
        Assert.Equal("#:schema ./schemas/project-context.schema.json\n\nproject = \"demo\"\n\n# services\n[services]\nweb = 80\n", after);
    }

    [Fact]
    public void New_key_in_a_table_made_by_dotted_keys_is_written_as_a_dotted_key()
    {
        const string before = "[fruit]\napple.color = \"red\"\napple.taste = \"sweet\"\nkind = 1\n";
        var after = Edit(before, e => e.Set("fruit.apple.size", 2L));
        Assert.Equal("[fruit]\napple.color = \"red\"\napple.taste = \"sweet\"\napple.size = 2\nkind = 1\n", after);
    }

    [Fact]
    public void New_key_in_an_inline_table_stays_inline()
    {
        var after = Edit("blue = { port = 3001 }\n", e => e.Set("blue.health", "/healthz"));
        Assert.Equal("blue = { port = 3001, health = \"/healthz\" }\n", after);
        after = Edit("blue = {}\n", e => e.Set("blue.port", 1L));
        Assert.Equal("blue = { port = 1 }\n", after);
    }

    [Fact]
    public void New_table_becomes_a_section_after_its_parent_and_the_parents_sub_sections()
    {
        const string before = "[services.blue]\nport = 3001\n\n[services.blue.health]\npath = \"/h\"\n\n# deployment\n[deployment]\nmodel = \"blue-green\"\n";
        var green = new TomlTable { ["port"] = 3002L, ["tags"] = new TomlArray { "slot" } };
        var after = Edit(before, e => e.Set("services.green", green));
        Assert.Equal(
            "[services.blue]\nport = 3001\n\n[services.blue.health]\npath = \"/h\"\n\n[services.green]\nport = 3002\ntags = [\"slot\"]\n\n# deployment\n[deployment]\nmodel = \"blue-green\"\n",
            after);
    }

    [Fact]
    public void New_table_is_written_inline_when_its_siblings_are_inline()
    {
        const string before = "[services]\nblue = { port = 3001 }\n";
        var after = Edit(before, e => e.Set("services.green", new TomlTable { ["port"] = 3002L }));
        Assert.Equal("[services]\nblue = { port = 3001 }\ngreen = { port = 3002 }\n", after);
    }

    [Fact]
    public void Key_in_a_table_only_implied_by_a_sub_table_header_gets_its_own_header()
    {
        const string before = "top = 1\n\n[a.b]\nc = 1\n";
        var after = Edit(before, e => e.Set("a.x", true));
        Assert.Equal("top = 1\n\n[a]\nx = true\n\n[a.b]\nc = 1\n", after);
    }

    [Fact]
    public void Missing_parent_tables_are_created_with_the_new_key()
    {
        var after = Edit("name = \"x\"\n", e => e.Set("ci.runner.labels", new TomlArray { "self-hosted", "jetson" }));
        Assert.Equal("name = \"x\"\n\n[ci.runner]\nlabels = [\"self-hosted\", \"jetson\"]\n", after);
    }

    [Fact]
    public void Table_added_to_a_middle_array_element_stays_inside_that_element()
    {
        const string before = "[[ki]]\nid = 1\n\n[[ki]]\nid = 2\n";
        var after = Edit(before, e => e.Set("ki[0].meta", new TomlTable { ["by"] = "ops" }));
        Assert.Equal("[[ki]]\nid = 1\n\n[ki.meta]\nby = \"ops\"\n\n[[ki]]\nid = 2\n", after);
    }

    [Fact]
    public void Remove_deletes_the_line_and_nothing_else()
    {
        const string before = "[a]\nx = 1 # x\ny = 2\n\n[b]\nz = 3\n";
        Assert.Equal("[a]\ny = 2\n\n[b]\nz = 3\n", Edit(before, e => e.Remove("a.x")));
    }

    [Fact]
    public void Remove_a_table_takes_its_section_its_sub_sections_and_the_comments_above_it()
    {
        const string before = "[a]\nx = 1\n\n# about b\n[b]\ny = 2\n\n[b.c]\nz = 3\n\n# about d\n[d]\nw = 4\n";
        Assert.Equal("[a]\nx = 1\n\n# about d\n[d]\nw = 4\n", Edit(before, e => e.Remove("b")));
    }

    [Fact]
    public void Remove_an_element_of_an_array_of_tables()
    {
        const string before = "[[ki]]\nid = 1\n\n[[ki]]\nid = 2\n\n[[ki]]\nid = 3\n";
        Assert.Equal("[[ki]]\nid = 1\n\n[[ki]]\nid = 3\n", Edit(before, e => e.Remove("ki[1]")));
    }

    [Fact]
    public void Removing_the_only_element_of_an_array_of_tables_leaves_an_empty_array()
    {
        var after = Edit("name = 1\n\n[[ki]]\nid = 1\n", e => e.Remove("ki[0]"));
        Assert.Equal("name = 1\nki = []\n\n", after);
    }

    [Fact]
    public void Removing_the_last_dotted_key_of_a_table_keeps_the_table_empty()
    {
        var after = Edit("[fruit]\napple.color = \"red\"\n", e => e.Remove("fruit.apple.color"));
        var model = TomlDocument.Parse(after).Model;
        Assert.Empty((TomlTable)((TomlTable)model["fruit"])["apple"]);
    }

    [Fact]
    public void Remove_from_inline_tables_and_single_line_arrays()
    {
        Assert.Equal("t = { b = 2 }\n", Edit("t = { a = 1, b = 2 }\n", e => e.Remove("t.a")));
        Assert.Equal("t = {}\n", Edit("t = { a = 1 }\n", e => e.Remove("t.a")));
        Assert.Equal("xs = [1, 3]\n", Edit("xs = [1, 2, 3]\n", e => e.Remove("xs[1]")));
    }

    [Fact]
    public void Remove_from_a_multi_line_array_removes_the_elements_line_with_its_comment()
    {
        const string before = "xs = [\n  \"a\",\n  \"b\", # flaky\n  \"c\",\n]\n";
        Assert.Equal("xs = [\n  \"a\",\n  \"c\",\n]\n", Edit(before, e => e.Remove("xs[1]")));
    }

    [Fact]
    public void Append_follows_the_array_layout()
    {
        Assert.Equal("xs = [1, 2, 3]\n", Edit("xs = [1, 2]\n", e => e.Append("xs", 3L)));
        Assert.Equal("xs = [1]\n", Edit("xs = []\n", e => e.Append("xs", 1L)));
        Assert.Equal(
            "focus = [\n  \"a\",\n  \"b\", # why\n  \"c\",\n]\n",
            Edit("focus = [\n  \"a\",\n  \"b\", # why\n]\n", e => e.Append("focus", "c")));
        Assert.Equal(
            "focus = [\n  \"a\",\n  \"b\",\n  \"c\"\n]\n",
            Edit("focus = [\n  \"a\",\n  \"b\"\n]\n", e => e.Append("focus", "c")));
    }

    [Fact]
    public void Append_to_a_missing_array_creates_it()
    {
        Assert.Equal("a = 1\nxs = [\"x\"]\n", Edit("a = 1\n", e => e.Append("xs", "x")));
    }

    [Fact]
    public void Append_a_table_to_an_array_of_tables_adds_a_section_after_the_last_element()
    {
        const string before = "[[ki]]\nid = 1\n\n[ki.meta]\nby = \"x\"\n\n[other]\nk = 1\n";
        var after = Edit(before, e => e.Append("ki", new TomlTable { ["id"] = 2L }));
        Assert.Equal("[[ki]]\nid = 1\n\n[ki.meta]\nby = \"x\"\n\n[[ki]]\nid = 2\n\n[other]\nk = 1\n", after);
    }

    [Fact]
    public void Edits_keep_windows_line_endings()
    {
        var after = Edit("[a]\r\nx = 1\r\n", e => e.Set("a.y", 2L));
        Assert.Equal("[a]\r\nx = 1\r\ny = 2\r\n", after);
    }

    [Fact]
    public void Successive_edits_build_on_each_other()
    {
        var editor = new TomlEditor(TomlDocument.Parse("[a]\nx = 1\n"));
        Assert.True(editor.Set("a.y", 2L).Succeeded);
        Assert.True(editor.Remove("a.x").Succeeded);
        Assert.True(editor.Append("a.list", "v").Succeeded);
        Assert.Equal("[a]\ny = 2\nlist = [\"v\"]\n", editor.Document.Text);
    }

    [Fact]
    public void Replacing_a_section_table_with_a_value_rewrites_it()
    {
        var after = Edit("[a]\nx = 1\n\n[a.b]\ny = 2\n", e => e.Set("a.b", 5L));
        Assert.Equal(5L, TomlDocument.Parse(after).Model["a"] is TomlTable a ? a["b"] : null);
        Assert.StartsWith("[a]\nx = 1\n", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_explain_and_leave_the_document_unchanged()
    {
        Assert.Equal("nothing to remove: 'a.q' does not exist", Refused("[a]\nx = 1\n", e => e.Remove("a.q")));
        Assert.Equal("index 5 is out of range: 'xs' has 2 element(s); use append to add one", Refused("xs = [1, 2]\n", e => e.Set("xs[5]", 1L)));
        Assert.Equal("'x' is an integer, not an array; append needs an array", Refused("x = 1\n", e => e.Append("x", 1L)));
        Assert.Equal("'x' is an integer, so 'x.y' cannot be reached", Refused("x = 1\n", e => e.Set("x.y.z", 1L)));
        Assert.Equal("'ki' is an array of tables ([[ki]]); only a table can be appended to it", Refused("[[ki]]\nid = 1\n", e => e.Append("ki", 1L)));
        Assert.StartsWith("the document has errors; fix them before editing: 1:5: ", Refused("x = \n", e => e.Set("y", 1L)), StringComparison.Ordinal);
        Assert.Equal("the path is empty: name the key to change", Refused("x = 1\n", e => e.Set(TomlPath.Root, 1L)));
    }

    [Fact]
    public void Path_syntax_errors_name_the_column()
    {
        var error = Assert.Throws<FormatException>(() => TomlPath.Parse("a..b"));
        Assert.Equal("invalid path 'a..b' at column 3: expected a key (bare, \"quoted\" or 'literal')", error.Message);
        Assert.Equal("services.\"blue slot\".port", TomlPath.Parse("services.\"blue slot\".port").ToString());
        Assert.Equal("ki[2].id", TomlPath.Parse("ki[2].id").ToString());
    }
}
