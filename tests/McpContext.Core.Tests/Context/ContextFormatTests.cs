using System.Text.Json;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Toml;

namespace McpContext.Core.Tests.Context;

public sealed class ContextFormatTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-formats-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Example => Path.Combine(AppContext.BaseDirectory, "repo-files", "examples", "wp-edge-core", "project-context.toml");

    private ContextStore Open(string name, string content)
    {
        var file = Path.Combine(_dir.FullName, name);
        File.WriteAllText(file, content);
        return new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });
    }

    private static string Typed(TomlTable model) => JsonSerializer.Serialize(ProjectContext.From(model), ProjectContextJson.Default.ProjectContext);

    [Theory]
    [InlineData("project-context.toml", ContextFormat.Toml)]
    [InlineData("project-context.json", ContextFormat.Json)]
    [InlineData("project-context.yaml", ContextFormat.Yaml)]
    [InlineData("Project-Context.YML", ContextFormat.Yaml)]
    public void The_format_comes_from_the_extension(string name, ContextFormat format) =>
        Assert.Equal(format, ContextFormats.FromPath(name));

    [Fact]
    public void The_example_written_as_json_and_as_yaml_reads_into_the_same_model_as_the_toml()
    {
        var toml = TomlDocument.Parse(File.ReadAllBytes(Example)).Model;
        using var json = Open("project-context.json", ContextJson.ToObject(toml).ToJsonString());
        using var yaml = Open("project-context.yaml", "");
        var written = yaml.Update(yaml.Read().Revision, [.. toml.Select(kv => ContextOperation.Set(TomlPath.FromKeys(kv.Key).ToString(), kv.Value))], "test", "copy", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Written, written.Status);
        Assert.Empty(json.Read().Diagnostics);
        Assert.Empty(yaml.Read().Diagnostics);
        Assert.Equal(Typed(toml), Typed(json.Read().Model));
        Assert.Equal(Typed(toml), Typed(yaml.Read().Model));
    }

    [Fact]
    public void A_json_file_is_edited_through_the_same_store_with_revisions_journal_and_conflicts()
    {
        using var store = Open("project-context.json", "{\n  \"$schema\": \"./schemas/project-context.schema.json\",\n  \"project\": \"edge\",\n  \"services\": { \"blue\": 3001 }\n}\n");
        var before = store.Read();
        var ct = TestContext.Current.CancellationToken;

        var result = store.Update(before.Revision, [ContextOperation.Set("services.green", 3002L), ContextOperation.Append("current_focus", "rollback")], "codex", "add green", ct);

        Assert.Equal(ContextWriteStatus.Written, result.Status);
        Assert.Equal(
            "{\n  \"$schema\": \"./schemas/project-context.schema.json\",\n  \"project\": \"edge\",\n  \"services\": {\n    \"blue\": 3001,\n    \"green\": 3002\n  },\n  \"current_focus\": [\n    \"rollback\"\n  ]\n}\n",
            File.ReadAllText(store.FilePath));
        Assert.Equal("add green", Assert.Single(store.Journal.ReadAll()).Reason);
        Assert.Equal(ContextWriteStatus.Conflict, store.Update(before.Revision, [ContextOperation.Set("project", "x")], "b", "stale", ct).Status);
    }

    [Fact]
    public void A_yaml_file_nested_a_million_levels_deep_is_a_positioned_error_not_a_crash()
    {
        using var store = Open("project-context.yaml", "project: x\nx: " + new string('[', 1_000_000) + "\n");

        var snapshot = store.Read();

        var error = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((2, 132, "the value nests more than 128 levels deep"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_yaml_file_keeps_its_header_comment_and_key_order_when_edited()
    {
        const string yaml = "# yaml-language-server: $schema=./schemas/project-context.schema.json\n# Operational context.\n\nproject: edge\nservices:\n  blue: 3001\n  green: 3002\n";
        using var store = Open("project-context.yaml", yaml);

        var result = store.Update(store.Read().Revision, [ContextOperation.Set("services.green", 3003L), ContextOperation.Set("description", "Two slots.\nOne nginx.")], "codex", "move green", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Written, result.Status);
        Assert.Equal(
            "# yaml-language-server: $schema=./schemas/project-context.schema.json\n# Operational context.\n\nproject: edge\nservices:\n  blue: 3001\n  green: 3003\ndescription: |-\n  Two slots.\n  One nginx.\n",
            File.ReadAllText(store.FilePath));
    }

    [Fact]
    public void Yaml_strings_that_look_like_other_types_are_quoted_so_they_read_back_as_strings()
    {
        string[] tricky = ["true", "3001", "1.5", "null", "~", "", " padded ", "a: b", "#hash", "- item", "0x1F", ".inf", "2026-03-14", "ünïcödé", "line\nbreak", "quote \" and 'single'", "[x]", "{y}"];
        var table = new TomlTable { ["tags"] = new TomlArray(tricky), ["n"] = 42L, ["f"] = 0.5, ["big"] = 1e300, ["b"] = false, ["neg"] = -7L };
        using var store = Open("project-context.yaml", "");

        var result = store.Update(store.Read().Revision, [ContextOperation.Set("x", table)], "t", "tricky", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Written, result.Status);
        Assert.True(TomlModel.DeepEquals(table, store.Read().Model["x"]), File.ReadAllText(store.FilePath));
    }

    [Fact]
    public void Semantic_problems_in_json_and_yaml_are_positioned_at_their_key()
    {
        using var json = Open("project-context.json", "{\n  \"services\": {\n    \"nginx\": 3000,\n    \"blue\": { \"port\": 70000 }\n  }\n}\n");
        using var yaml = Open("project-context.yaml", "services:\n  nginx: 3000\n  blue:\n    port: 3000\n");

        Assert.Equal("4:15: services.blue.port: port 70000 is out of range (1-65535)", Assert.Single(json.Read().Diagnostics).ToString());
        Assert.Equal("4:5: services.blue.port: port 3000 is already used by services.nginx; two services cannot listen on one port", Assert.Single(yaml.Read().Diagnostics).ToString());
    }

    public static TheoryData<string, string, string> BrokenFiles => new()
    {
        { "project-context.json", "{\n  \"project\": \"edge\",\n  \"x\": tru\n}\n", "3:11: 'tru\\n}\\n' is an invalid JSON literal. Expected the literal 'true'." },
        { "project-context.json", "{\n  \"project\": null\n}\n", "2:14: project: null has no TOML equivalent; remove the key or give it a value" },
        { "project-context.json", "{\n  \"a\": 1,\n  \"a\": 2\n}\n", "3:3: a: the key appears twice in one object" },
        { "project-context.json", "[1, 2]\n", "1:1: a JSON context file holds one object ({ ... }) at the top" },
        { "project-context.json", "{ \"n\": 99999999999999999999 }", "1:8: n: 99999999999999999999 does not fit a 64-bit integer" },
        { "project-context.yaml", "project: edge\nservices:\n  blue: 3001\n   green: 3002\n", "4:9: While scanning a plain scalar value, found invalid mapping." },
        { "project-context.yaml", "project: edge\nowner:\n", "2:7: owner: null has no TOML equivalent; remove the key or give it a value" },
        { "project-context.yaml", "- a\n- b\n", "1:1: a YAML context file holds one mapping (key: value lines) at the top" },
        { "project-context.yaml", "a: 1\n---\nb: 2\n", "3:1: a YAML context file holds one document; this is a second one" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_broken_json_or_yaml_file_gets_a_positioned_error_and_refuses_writes(string name, string content, string expected)
    {
        using var store = Open(name, content);
        var snapshot = store.Read();

        Assert.Equal(expected, snapshot.Diagnostics[0].ToString());
        var write = store.Update(snapshot.Revision, [ContextOperation.Set("project", "x")], "t", "r", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Rejected, write.Status);
        Assert.Equal(content, File.ReadAllText(store.FilePath));
    }

    [Fact]
    public void Invalid_utf8_in_json_is_reported_at_its_position()
    {
        var file = Path.Combine(_dir.FullName, "project-context.json");
        File.WriteAllBytes(file, [.. "{\n  \"a\": \""u8, 0xC3, 0x28, .. "\"\n}\n"u8]);
        using var store = new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });

        Assert.Equal("2:9: the file is not valid UTF-8", Assert.Single(store.Read().Diagnostics).ToString());
    }

    [Fact]
    public void A_yaml_alias_bomb_is_refused_instead_of_expanded()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 8; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        using var store = Open("project-context.yaml", string.Join("\n", lines) + "\n");

        Assert.Contains("expands to more than 100000 values", Assert.Single(store.Read().Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_refused_in_json_and_yaml_files_as_in_toml()
    {
        using var yaml = Open("project-context.yaml", "project: edge\n");
        var result = yaml.Update(yaml.Read().Revision, [ContextOperation.Set("deployment.registry", "https://deploy:hunter2hunter2@registry.example.org/")], "t", "r", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Rejected, result.Status);
        Assert.DoesNotContain("hunter2", string.Join("\n", result.Problems), StringComparison.Ordinal);
        Assert.Contains("deployment.registry", result.Problems[0], StringComparison.Ordinal);
    }
}
