namespace McpContext.Server.Tests;

public sealed class KnowledgeToolsTests
{
    [Fact]
    public async Task Knowledge_list_filters_by_kind_status_and_path_and_links_each_item_to_its_resource()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var open = await server.CallOkAsync("knowledge_list", new { kind = "known_issue", status = "open" });
        var nginx = await server.CallOkAsync("knowledge_list", new { path = "deploy/nginx/conf.d/upstream-active.conf" });

        Assert.Equal(["KI-001", "KI-003"], open["items"]!.AsArray().Select(i => (string?)i!["id"]));
        var lesson = Assert.Single(nginx["items"]!.AsArray())!;
        Assert.Equal(("L-001", "lesson", "context://lessons/L-001", "2026-02-05"), ((string?)lesson["id"], (string?)lesson["kind"], (string?)lesson["uri"], (string?)lesson["date"]));
    }

    [Fact]
    public async Task Knowledge_add_then_resolve_round_trips_through_the_file_with_the_client_as_actor()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root, "codex-test");

        var added = await server.CallOkAsync("knowledge_add", new { kind = "known_issue", title = "Stage runner loses its docker login after reboot", reason = "seen twice this week", tags = new[] { "ci", "runner" }, paths = new[] { ".github/workflows/deploy-stage.yml" } });
        var resolved = await server.CallOkAsync("knowledge_resolve", new { id = "KI-004", resolution = "credential helper configured in the runner image" });

        Assert.Equal(("KI-004", "context://known_issues/KI-004"), ((string?)added["id"], (string?)added["uri"]));
        Assert.Contains("id = \"KI-004\"", File.ReadAllText(project.ContextFile), StringComparison.Ordinal);
        var issue = Assert.Single((await server.CallOkAsync("knowledge_list", new { tag = "runner", kind = "known_issue" }))["items"]!.AsArray())!;
        Assert.Equal(("resolved", "credential helper configured in the runner image"), ((string?)issue["status"], (string?)issue["resolution"]));
        Assert.Equal((string?)resolved["revision"], (string?)(await server.CallOkAsync("context_get", new { path = "project" }))["revision"]);
        var history = (await server.CallOkAsync("context_history"))["entries"]!.AsArray();
        Assert.Equal(["codex-test", "codex-test"], history.Select(e => (string?)e!["actor"]));
    }

    [Theory]
    [InlineData("knowledge_add", "{\"kind\":\"rumour\",\"title\":\"x\",\"reason\":\"r\"}", "invalid argument kind: expected known_issue, lesson or decision, not 'rumour'")]
    [InlineData("knowledge_add", "{\"kind\":\"lesson\",\"title\":\" \",\"reason\":\"r\"}", "invalid argument title: expected one line saying what it is")]
    [InlineData("knowledge_list", "{\"kind\":\"note\"}", "invalid argument kind: expected known_issue, lesson or decision, not 'note'")]
    [InlineData("knowledge_list", "{\"cursor\":\"garbage\"}", "invalid argument cursor: expected the next_cursor of the previous page, with the same filters and no change to the context since; call knowledge_list without cursor to start over")]
    [InlineData("knowledge_resolve", "{\"id\":\"L-001\",\"resolution\":\"x\"}", "refused, nothing was written: 'L-001' is a lesson, not a known issue; only known issues are resolved")]
    [InlineData("knowledge_resolve", "{\"id\":\"KI-001\",\"resolution\":\"x\",\"expected_revision\":\"0000000000000000\"}", "conflict, nothing was written: the context changed since revision 0000000000000000")]
    public async Task Knowledge_tools_refuse_bad_input_with_a_message_a_model_can_act_on(string tool, string arguments, string expected)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var message = await server.CallErrorAsync(tool, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(arguments));

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Knowledge_add_refuses_a_secret_without_echoing_it()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var message = await server.CallErrorAsync("knowledge_add", new { kind = "lesson", title = "Registry login", reason = "r", details = "login with AKIAIOSFODNN7EXAMPLQ and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9" });

        Assert.StartsWith("refused, nothing was written: lessons", message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLQ", message, StringComparison.Ordinal);
    }
}
