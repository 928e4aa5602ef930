using System.Text.Json.Nodes;
using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Tests.Git;

namespace McpContext.Server.Tests;

/// <summary>validate_change over the SDK's real client, on diffs from a real repository.</summary>
public sealed class ValidationToolsTests : IAsyncLifetime
{
    private const string Upstream = "deploy/nginx/conf.d/upstream-active.conf";
    private TempGitRepo _repo = null!;

    public async ValueTask InitializeAsync()
    {
        _repo = await TempGitRepo.CreateAsync();
        _repo.Write("project-context.toml", TempProject.Example);
        _repo.Write(Upstream, "upstream active {\n  server 127.0.0.1:3001;\n}\n");
        _repo.Write(".github/workflows/build.yml", "name: build\non: push\n");
        _repo.Write("README.md", "# edge\n");
        _repo.Write("tasks/T-003.md", "# Tidy the README\n\n## Files to modify\n- README.md\n");
        await _repo.CommitAllAsync();
    }

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> DiffAsync(string path, string from, string to)
    {
        _repo.Write(path, File.ReadAllText(_repo.PathOf(path)).Replace(from, to, StringComparison.Ordinal));
        return await _repo.GitAsync("diff");
    }

    [Fact]
    public async Task A_port_change_in_nginx_is_denied_with_the_rule_message_line_flags_and_the_lesson_about_the_file()
    {
        var diff = await DiffAsync(Upstream, "127.0.0.1:3001", "127.0.0.1:3005");
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var output = await server.CallOkAsync("validate_change", new { diff });

        Assert.Equal("deny", (string?)output["verdict"]);
        var finding = output["findings"]!.AsArray().Single()!;
        Assert.Equal(("R-003", "deny", Upstream, 2, true), ((string?)finding["rule"], (string?)finding["effect"], (string?)finding["path"], (int?)finding["line"], (bool?)finding["blocks"]));
        Assert.StartsWith("Ports are baked into site firewalls", (string?)finding["message"], StringComparison.Ordinal);
        Assert.True((bool?)output["flags"]!["rollback_required"]);
        Assert.Equal(["L-001"], output["knowledge"]!.AsArray().Select(k => (string?)k!["id"]));
        Assert.Equal("context://lessons/L-001", (string?)output["knowledge"]![0]!["uri"]);
        Assert.Equal([Upstream], output["files"]!.AsArray().Select(f => (string?)f!["path"]));
        Assert.Matches("^[0-9a-f]{16}$", (string?)output["change_id"]);
    }

    [Fact]
    public async Task The_tool_and_mcpctx_check_give_the_same_result_for_the_same_diff()
    {
        var diff = await DiffAsync(Upstream, "127.0.0.1:3001", "127.0.0.1:3005");
        await File.WriteAllTextAsync(_repo.PathOf("change.diff"), diff, TestContext.Current.CancellationToken);
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var tool = await server.CallOkAsync("validate_change", new { diff });
        var cli = await McpContext.Core.Processes.ProcessRunner.RunAsync(
            new McpContext.Core.Processes.ProcessSpec(Mcpctx.AppHost, ["check", "--diff", "change.diff", "--format", "json"]) { WorkingDirectory = _repo.Root },
            TestContext.Current.CancellationToken);

        Assert.Equal(1, cli.ExitCode);
        Assert.True(JsonNode.DeepEquals(tool, JsonNode.Parse(cli.Stdout.Text)), $"tool: {tool.ToJsonString()}\ncli: {cli.Stdout.Text}");
    }

    [Fact]
    public async Task The_text_result_names_the_file_line_effect_and_rule_for_clients_that_show_only_text()
    {
        var diff = await DiffAsync(Upstream, "127.0.0.1:3001", "127.0.0.1:3005");
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var text = InMemoryServer.Text(await server.CallAsync("validate_change", new { diff }));

        Assert.StartsWith("deny: 1 finding(s), 1 blocking, in 1 file(s) and 0 context value(s) (change ", text, StringComparison.Ordinal);
        Assert.Contains($"\n{Upstream}:2: deny R-003: Ports are baked into site firewalls", text, StringComparison.Ordinal);
        Assert.Contains("\nconstraints to respect:\n  rollback_required = true\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_to_touch_and_a_task_give_the_scope_and_the_needs_approval_verdict_with_how_a_person_approves()
    {
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var result = await server.CallAsync("validate_change", new
        {
            files = new object[] { new { path = "README.md", change = "modify" }, new { path = ".github/workflows/build.yml", change = "modify" } },
            task_id = "T-003",
        });
        var output = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;

        Assert.Equal("needs_approval", (string?)output["verdict"]);
        Assert.Equal(["R-004", "task-scope"], output["findings"]!.AsArray().Select(f => (string?)f!["rule"]).Order());
        Assert.Equal(("T-003", "tasks/T-003.md"), ((string?)output["task"]!["id"], (string?)output["task"]!["file"]));
        Assert.Contains($"a person may approve: mcpctx approve R-004 --change {(string?)output["change_id"]} --reason \"...\"", InMemoryServer.Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_patch_to_a_locked_key_needs_approval_and_a_persons_approval_lifts_it()
    {
        await using var server = await InMemoryServer.StartAsync(_repo.Root);
        var patch = new { context_patch = new[] { new { op = "set", path = "deployment.model", value = (object)"rolling" } } };
        var first = await server.CallOkAsync("validate_change", patch);
        Assert.Equal("needs_approval", (string?)first["verdict"]);
        Assert.Equal(("locked-key", "deployment.model"), ((string?)first["findings"]![0]!["rule"], (string?)first["findings"]![0]!["key"]));
        Assert.Equal(("deployment.model", "modify", "blue-green", "rolling"), ((string?)first["key_changes"]![0]!["path"], (string?)first["key_changes"]![0]!["change"], (string?)first["key_changes"]![0]!["before"], (string?)first["key_changes"]![0]!["after"]));

        using (var store = new ContextStore(_repo.PathOf("project-context.toml"), new ContextStoreOptions { WatchForChanges = false }))
        {
            Assert.Null(Approvals.Approve(store, "locked-key", (string)first["change_id"]!, "Dana Release", "rolling is fine for the pilot site", TestContext.Current.CancellationToken));
        }

        var second = await server.CallOkAsync("validate_change", patch);

        Assert.Equal("allow", (string?)second["verdict"]);
        Assert.Equal(("Dana Release", "rolling is fine for the pilot site"), ((string?)second["findings"]![0]!["approval"]!["by"], (string?)second["findings"]![0]!["approval"]!["reason"]));
    }

    [Fact]
    public async Task A_secret_in_a_context_patch_is_denied_and_never_echoed()
    {
        var token = "ghp_" + new string('a', 10) + "B1c2D3e4F5g6H7i8J9k0L1m2N3";
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var result = await server.CallAsync("validate_change", new { context_patch = new[] { new { op = "set", path = "ci.token", value = (object)token } } });

        var output = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.Equal("deny", (string?)output["verdict"]);
        Assert.Equal("[redacted: GitHub token]", (string?)output["key_changes"]![0]!["after"]);
        Assert.DoesNotContain(token, result.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, InMemoryServer.Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validating_writes_nothing_not_the_context_and_not_the_journal()
    {
        var before = await File.ReadAllBytesAsync(_repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken);
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        await server.CallOkAsync("validate_change", new { context_patch = new[] { new { op = "set", path = "services.blue.port", value = (object)3011 } } });

        Assert.Equal(before, await File.ReadAllBytesAsync(_repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(_repo.PathOf(".mcpcontext/journal.jsonl")));
    }

    [Theory]
    [InlineData("""{"diff": "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n"}""", "the change could not be checked:\n- diff line 4: the hunk ends early: the diff stops with 1 old and 1 new line(s) of it still to come")]
    [InlineData("""{"files": [{"path": "README.md", "change": "modify"}], "task_id": "T-404"}""", "the change could not be checked:\n- task_id: unknown task 'T-404': tasks/ holds T-003 (a task's id is its front matter id, else its file name)")]
    [InlineData("""{"files": [{"path": "README.md", "change": "edit"}]}""", "invalid argument files[0].change: expected \"add\", \"modify\", \"delete\" or \"rename\", got \"edit\"")]
    [InlineData("""{"files": [{"path": "../../etc/passwd", "change": "modify"}]}""", "the change could not be checked:\n- files[0].path: '../../etc/passwd' is not a path inside the repository: give it relative to the repository root, without '..'")]
    [InlineData("""{"context_patch": [{"op": "put", "path": "x"}]}""", "invalid argument context_patch[0].op: expected \"set\", \"remove\" or \"append\", got \"put\"")]
    [InlineData("""{}""", "nothing to check: give files (the files you will touch), diff (a unified diff) or context_patch (context operations), or several of them")]
    public async Task Input_that_cannot_be_checked_is_a_tool_error_naming_where(string arguments, string expected)
    {
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var error = await server.CallErrorAsync("validate_change", JsonNode.Parse(arguments));

        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task A_broken_rule_in_the_context_is_a_tool_error_naming_the_rule_and_its_line()
    {
        _repo.Write("project-context.toml", "[[constraints.rules]]\nid = \"R-1\"\neffect = \"deny\"\npatterns = [\"(\"]\n");
        await using var server = await InMemoryServer.StartAsync(_repo.Root);

        var error = await server.CallErrorAsync("validate_change", new { files = new[] { new { path = "README.md", change = "modify" } } });

        Assert.Equal("the change could not be checked:\n- project-context.toml:4:13: constraints.rules[0].patterns[0]: rule R-1: '(' is not a valid regular expression: Invalid pattern '(' at offset 1. Not enough )'s.", error);
    }
}
