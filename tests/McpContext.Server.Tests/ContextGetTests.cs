using System.Text;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tests;

public sealed class ContextGetTests
{
    [Fact]
    public async Task Context_get_without_path_returns_the_whole_document_with_its_revision_and_file()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var result = await server.CallAsync("context_get");
        var output = Assert.IsType<JsonObject>(JsonNode.Parse(result.StructuredContent!.Value.GetRawText()));

        Assert.Equal(McpContext.Core.Context.ContextStore.Hash(File.ReadAllBytes(project.ContextFile)), (string?)output["revision"]);
        Assert.Equal("", (string?)output["path"]);
        Assert.Equal(project.ContextFile, (string?)output["file"]);
        Assert.False((bool)output["is_last_good"]!);
        Assert.Empty(output["diagnostics"]!.AsArray());
        Assert.Null(output["next_cursor"]);
        Assert.Equal("wp-edge-core", (string?)output["value"]!["project"]);
        Assert.Equal(3001, (int)output["value"]!["services"]!["blue"]!["port"]!);
        Assert.StartsWith($"{project.ContextFile} at revision {output["revision"]}, whole document\n{{\"project\":\"wp-edge-core\"", InMemoryServer.Text(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services.blue.port", "3001")]
    [InlineData("known_issues[0].id", "\"KI-001\"")]
    [InlineData("deployment.rollback.required", "true")]
    public async Task Context_get_with_a_key_path_returns_the_value_there(string path, string json)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var output = await server.CallOkAsync("context_get", new { path });

        Assert.Equal(path, (string?)output["path"]);
        Assert.Equal(json, output["value"]!.ToJsonString());
    }

    [Fact]
    public async Task Context_get_with_a_malformed_path_names_the_argument_and_the_syntax()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_get", new { path = "services..blue" });

        Assert.StartsWith("invalid argument path: 'services..blue' is not a key path (", error, StringComparison.Ordinal);
        Assert.EndsWith("); expected keys joined by dots with [n] for array items, e.g. services.web.port or known_issues[0].title", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_get_with_a_path_that_does_not_exist_says_what_does()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var revision = McpContext.Core.Context.ContextStore.Hash(File.ReadAllBytes(project.ContextFile));

        var error = await server.CallErrorAsync("context_get", new { path = "services.purple.port" });

        Assert.Equal($"invalid argument path: nothing at 'services.purple.port' in revision {revision}; 'services' has the keys nginx, blue, green", error);
    }

    [Fact]
    public async Task Context_get_pages_a_large_table_by_its_keys_with_cursors_until_every_key_is_read()
    {
        var text = new StringBuilder("[services]\n");
        for (var i = 0; i < 300; i++)
        {
            text.Append($"[services.s{i:000}]\nport = {10000 + i}\ndescription = \"{new string('x', 300)}\"\n");
        }

        using var project = new TempProject(text.ToString());
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var keys = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var output = await server.CallOkAsync("context_get", new { path = "services", cursor });
            Assert.True(Encoding.UTF8.GetByteCount(output["value"]!.ToJsonString()) <= 32 * 1024, "a page stays within 32 KiB");
            keys.AddRange(output["value"]!.AsObject().Select(kv => kv.Key));
            cursor = (string?)output["next_cursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.True(pages > 1, "300 services of ~330 bytes each do not fit one page");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"s{i:000}"), keys);
    }

    [Fact]
    public async Task Context_get_pages_a_large_array_by_its_items()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append($"[[lessons]]\nid = \"L-{i:000}\"\ntext = \"{new string('y', 400)}\"\n");
        }

        using var project = new TempProject(text.ToString());
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var first = await server.CallOkAsync("context_get", new { path = "lessons" });
        var second = await server.CallOkAsync("context_get", new { path = "lessons", cursor = (string?)first["next_cursor"] });

        var firstCount = first["value"]!.AsArray().Count;
        Assert.InRange(firstCount, 1, 199);
        Assert.Equal($"L-{firstCount:000}", (string?)second["value"]![0]!["id"]);
    }

    [Fact]
    public async Task Context_get_refuses_a_cursor_from_an_older_revision()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append($"[[lessons]]\nid = \"L-{i:000}\"\ntext = \"{new string('y', 400)}\"\n");
        }

        using var project = new TempProject(text.ToString());
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var first = await server.CallOkAsync("context_get", new { path = "lessons" });
        project.HandEdit(File.ReadAllText(project.ContextFile) + "# a hand edit\n");
        var now = McpContext.Core.Context.ContextStore.Hash(File.ReadAllBytes(project.ContextFile));

        var error = await server.CallErrorAsync("context_get", new { path = "lessons", cursor = (string?)first["next_cursor"] });

        Assert.Equal($"invalid argument cursor: it was issued for revision {first["revision"]}, but the context is now at revision {now}; call context_get without cursor to read the current version from the start", error);
    }

    [Fact]
    public async Task Context_get_refuses_a_cursor_it_did_not_issue()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_get", new { cursor = "not-a-cursor" });

        Assert.Equal("invalid argument cursor: expected a next_cursor returned by context_get; call context_get without cursor to start over", error);
    }

    [Fact]
    public async Task Context_get_without_a_file_serves_an_empty_context_and_says_how_to_create_one()
    {
        using var project = new TempProject();
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var output = await server.CallOkAsync("context_get");

        Assert.Equal("{}", output["value"]!.ToJsonString());
        Assert.Equal(McpContext.Core.Context.ContextStore.Hash([]), (string?)output["revision"]);
        var diagnostic = Assert.Single(output["diagnostics"]!.AsArray())!;
        Assert.Equal($"no context file exists yet at {project.ContextFile}; the context is empty. The first context_update (or mcpctx init) creates project-context.toml", (string?)diagnostic["message"]);
        Assert.False(File.Exists(project.ContextFile));
    }

    [Fact]
    public async Task Repeated_reads_of_one_revision_agree_and_a_hand_edit_is_served_at_once()
    {
        using var project = new TempProject("[services.web]\nport = 8080\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var first = await server.CallOkAsync("context_get", new { path = "services" });
        var again = await server.CallOkAsync("context_get", new { path = "services" });
        project.HandEdit("[services.web]\nport = 9090\n");

        var edited = await server.CallOkAsync("context_get", new { path = "services" });

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(9090, (int)edited["value"]!["web"]!["port"]!);
        Assert.NotEqual((string?)first["revision"], (string?)edited["revision"]);
    }

    [Fact]
    public async Task Context_get_on_a_broken_file_serves_the_last_good_version_with_the_errors_positioned()
    {
        using var project = new TempProject("project = \"good\"\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var good = await server.CallOkAsync("context_get");
        project.HandEdit("project = \"good\"\nproject = \"twice\"\n");

        var output = await server.CallOkAsync("context_get");

        Assert.True((bool)output["is_last_good"]!);
        Assert.Equal((string?)good["revision"], (string?)output["revision"]);
        Assert.Equal("good", (string?)output["value"]!["project"]);
        var diagnostic = Assert.Single(output["diagnostics"]!.AsArray())!;
        Assert.Equal(2, (int)diagnostic["line"]!);
        Assert.Equal(1, (int)diagnostic["column"]!);
        Assert.Equal("duplicate key 'project' first defined at 1:1", (string?)diagnostic["message"]);
    }

    [Fact]
    public async Task Context_get_on_a_file_broken_from_the_start_returns_the_errors_with_line_and_column()
    {
        using var project = new TempProject("[services\nport = 1\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var result = await server.CallAsync("context_get");

        Assert.NotEqual(true, result.IsError);
        var output = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.False((bool)output["is_last_good"]!);
        var diagnostic = output["diagnostics"]!.AsArray()[0]!;
        Assert.Equal(1, (int)diagnostic["line"]!);
        Assert.Contains($"\n1:{(int)diagnostic["column"]!}: {(string?)diagnostic["message"]}", InMemoryServer.Text(result), StringComparison.Ordinal);
    }
}
