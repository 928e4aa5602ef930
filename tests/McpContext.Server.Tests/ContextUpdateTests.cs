using System.Text.Json.Nodes;
using McpContext.Core.Context;

namespace McpContext.Server.Tests;

public sealed class ContextUpdateTests
{
    private static object Update(string revision, params object[] operations) => new { operations, expected_revision = revision, reason = "test change" };

    private static string Revision(TempProject project) => ContextStore.Hash(File.ReadAllBytes(project.ContextFile));

    [Fact]
    public async Task Context_update_writes_the_change_keeps_comments_and_returns_the_new_revision()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var before = Revision(project);

        var output = await server.CallOkAsync("context_update", Update(before, new { op = "set", path = "services.blue.port", value = 3101 }));

        Assert.Equal(Revision(project), (string?)output["revision"]);
        Assert.Equal(before, (string?)output["previous_revision"]);
        Assert.Equal(project.ContextFile, (string?)output["file"]);
        var text = File.ReadAllText(project.ContextFile);
        Assert.Contains("[services.blue]\nport = 3101\n", text, StringComparison.Ordinal);
        Assert.Contains("# Never put credentials, customer site hostnames or patient data in here.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_update_applies_set_append_and_remove_in_order()
    {
        using var project = new TempProject("project = \"p\"\nold = 1\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        await server.CallOkAsync("context_update", Update(Revision(project),
            new { op = "set", path = "services.web", value = new { port = 8080, paths = new[] { "web/**" } } },
            new { op = "append", path = "current_focus", value = "ship the server" },
            new { op = "remove", path = "old" }));

        var value = (await server.CallOkAsync("context_get"))["value"]!;
        Assert.Equal("""{"project":"p","current_focus":["ship the server"],"services":{"web":{"port":8080,"paths":["web/**"]}}}""", value.ToJsonString());
    }

    [Fact]
    public async Task Context_update_creates_the_file_when_none_exists()
    {
        using var project = new TempProject();
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var empty = (string?)(await server.CallOkAsync("context_get"))["revision"];

        await server.CallOkAsync("context_update", Update(empty!, new { op = "set", path = "project", value = "new" }));

        Assert.Equal("project = \"new\"\n", File.ReadAllText(project.ContextFile));
    }

    [Fact]
    public async Task Two_clients_writing_from_the_same_revision_one_wins_and_the_other_gets_the_current_revision_and_value()
    {
        using var project = new TempProject(TempProject.Example);
        await using var first = await InMemoryServer.StartAsync(project.Root, "first");
        await using var second = await InMemoryServer.StartAsync(project.Root, "second");
        var baseRevision = (string)(await first.CallOkAsync("context_get"))["revision"]!;
        Assert.Equal(baseRevision, (string?)(await second.CallOkAsync("context_get"))["revision"]);

        var won = await first.CallOkAsync("context_update", Update(baseRevision, new { op = "set", path = "services.blue.port", value = 3101 }));
        var error = await second.CallErrorAsync("context_update", Update(baseRevision, new { op = "set", path = "services.blue.port", value = 3201 }, new { op = "set", path = "services.purple", value = "x" }));

        Assert.Equal(
            $"conflict, nothing was written: the context changed since revision {baseRevision}: it is now at revision {won["revision"]}; re-read it and apply the change again\n" +
            $"current revision: {won["revision"]}\ncurrent values at the paths you touched:\nservices.blue.port = 3101\nservices.purple = (absent)",
            error);
        Assert.Contains("port = 3101", File.ReadAllText(project.ContextFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflict_cuts_a_long_current_value_and_says_how_to_read_it_whole()
    {
        using var project = new TempProject(string.Concat(Enumerable.Range(0, 100).Select(i => $"[[lessons]]\nid = \"L-{i:000}\"\ntext = \"{new string('z', 100)}\"\n")));
        await using var first = await InMemoryServer.StartAsync(project.Root, "first");
        await using var second = await InMemoryServer.StartAsync(project.Root, "second");
        var baseRevision = Revision(project);
        await first.CallOkAsync("context_update", Update(baseRevision, new { op = "set", path = "lessons[0].text", value = "changed" }));
        var length = (await first.CallOkAsync("context_get", new { path = "lessons" }))["value"]!.ToJsonString().Length;

        var error = await second.CallErrorAsync("context_update", Update(baseRevision, new { op = "append", path = "lessons", value = new { id = "L-100", text = "new" } }));

        var line = error.Split('\n')[^1];
        Assert.StartsWith("lessons = [{\"id\":\"L-000\",\"text\":\"changed\"}", line, StringComparison.Ordinal);
        Assert.EndsWith($"… ({length} characters; read it with context_get path=lessons)", line, StringComparison.Ordinal);
        Assert.Equal("lessons = ".Length + 2000 + $"… ({length} characters; read it with context_get path=lessons)".Length, line.Length);
    }

    [Fact]
    public async Task Context_update_refuses_a_secret_naming_the_path_and_kind_but_never_the_value()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var token = "ghp_" + "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4";
        var before = File.ReadAllText(project.ContextFile);

        var error = await server.CallErrorAsync("context_update", Update(Revision(project), new { op = "set", path = "services.blue.note", value = $"deploy with {token}" }));

        Assert.Equal("nothing was written:\n- services.blue.note holds what looks like a GitHub token; secrets do not belong in the project context (store it in a secret manager and reference it by name); nothing was written", error);
        Assert.DoesNotContain(token, error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(project.ContextFile));
    }

    [Fact]
    public async Task Context_update_refuses_a_change_the_validator_rejects_with_each_problem()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_update", Update(Revision(project),
            new { op = "set", path = "services.blue.port", value = 70000 },
            new { op = "set", path = "services.green.port", value = 3000 }));

        Assert.Equal(
            "nothing was written:\n- services.blue.port: port 70000 is out of range (1-65535)\n- services.green.port: port 3000 is already used by services.nginx; two services cannot listen on one port",
            error);
    }

    [Fact]
    public async Task Context_update_reports_an_edit_that_cannot_be_made()
    {
        using var project = new TempProject("project = \"p\"\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_update", Update(Revision(project), new { op = "remove", path = "services.web" }));

        Assert.StartsWith("nothing was written:\n- remove services.web: ", error, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was written", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"op":"delete","path":"a"}]""", "invalid argument operations[0].op: expected \"set\", \"remove\" or \"append\", got \"delete\"")]
    [InlineData("""[{"op":"set","path":"a"}]""", "invalid argument operations[0].value: set needs a value (any JSON except null)")]
    [InlineData("""[{"op":"set","path":"a","value":1},{"op":"append","path":"b","value":null}]""", "invalid argument operations[1].value: operations[1].value: null has no TOML equivalent; remove the key instead of setting it to null")]
    [InlineData("""[{"op":"set","path":"a","value":{"b":null}}]""", "invalid argument operations[0].value: operations[0].value.b: null has no TOML equivalent; remove the key instead of setting it to null")]
    [InlineData("""[{"op":"remove","path":"a","value":1}]""", "invalid argument operations[0].value: remove takes no value; omit it")]
    [InlineData("""[{"op":"set","path":"","value":1}]""", "invalid argument operations[0].path: expected a key path such as services.web.port; the whole document cannot be replaced")]
    [InlineData("""[]""", "invalid argument operations: expected a non-empty array of {op, path, value?}")]
    [InlineData("\"set a = 1\"", "invalid argument operations: expected array, got string")]
    public async Task Context_update_names_the_invalid_argument_and_what_was_expected(string operations, string message)
    {
        using var project = new TempProject("a = 0\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_update", new { operations = JsonNode.Parse(operations), expected_revision = Revision(project), reason = "r" });

        Assert.Equal(message, error);
        Assert.Equal("a = 0\n", File.ReadAllText(project.ContextFile));
    }

    [Fact]
    public async Task Context_update_with_a_malformed_operation_path_names_the_operation()
    {
        using var project = new TempProject("a = 0\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_update", Update(Revision(project), new { op = "set", path = "a[", value = 1 }));

        Assert.StartsWith("invalid argument operations[0].path: 'a[' is not a key path (", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_update_without_a_reason_is_refused()
    {
        using var project = new TempProject("a = 0\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await server.CallErrorAsync("context_update", new { operations = new[] { new { op = "set", path = "a", value = 1 } }, expected_revision = Revision(project), reason = " " });

        Assert.Equal("invalid argument reason: expected a sentence saying why the change is made", error);
    }
}
