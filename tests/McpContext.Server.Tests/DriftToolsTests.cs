using McpContext.Core.Tests.Drift;

namespace McpContext.Server.Tests;

public sealed class DriftToolsTests
{
    [Fact]
    public async Task Drift_check_on_a_repository_in_sync_has_no_findings_and_the_revision_context_get_reads()
    {
        using var repo = await EdgeRepo.CreateAsync();
        await using var server = await InMemoryServer.StartAsync(repo.Root);

        var drift = await server.CallOkAsync("drift_check");
        var context = await server.CallOkAsync("context_get", new { path = "project" });

        Assert.True((bool)drift["in_sync"]!);
        Assert.Empty(drift["findings"]!.AsArray());
        Assert.Empty(drift["fix"]!.AsArray());
        Assert.Equal((string?)context["revision"], (string?)drift["revision"]);
        Assert.Equal(9, (int)drift["files_scanned"]!);
        Assert.Equal((await repo.GitAsync("rev-parse", "HEAD")).Trim(), (string?)drift["head"]);
        Assert.Empty(drift["changes"]!["files"]!.AsArray());
    }

    [Fact]
    public async Task Drift_check_fix_is_accepted_by_context_update_as_is_and_brings_the_context_back_in_sync()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/compose/blue.yml", "127.0.0.1:3001:8080", "127.0.0.1:3005:8080");
        EdgeRepo.Replace(repo, "deploy/nginx/nginx.conf", "server 127.0.0.1:3001;", "server 127.0.0.1:3005;");
        EdgeRepo.Replace(repo, "deploy/nginx/conf.d/upstream-active.conf", "127.0.0.1:3001", "127.0.0.1:3005");
        await repo.GitAsync("rm", "-q", ".github/workflows/deploy-stage.yml");
        await using var server = await InMemoryServer.StartAsync(repo.Root);

        var drift = await server.CallOkAsync("drift_check");

        Assert.False((bool)drift["in_sync"]!);
        var port = drift["findings"]!.AsArray().Single(f => (string?)f!["kind"] == "port_mismatch")!;
        Assert.Equal("services.blue.port", (string?)port["key"]);
        Assert.Equal("""[{"file":"deploy/compose/blue.yml","line":11,"detail":"compose service blue publishes 3005"}]""", port["evidence"]!.ToJsonString());
        Assert.Equal("""[{"op":"set","path":"services.blue.port","value":3005}]""", port["operations"]!.ToJsonString());
        Assert.Equal("""[{"op":"set","path":"services.blue.port","value":3005},{"op":"remove","path":"ci.workflows[2]"}]""", drift["fix"]!.ToJsonString());

        var updated = await server.CallOkAsync("context_update", new { operations = drift["fix"], expected_revision = (string?)drift["revision"], reason = "apply drift_check's fix" });
        var after = await server.CallOkAsync("drift_check");
        Assert.True((bool)after["in_sync"]!, after.ToJsonString());
        Assert.Equal((string?)updated["revision"], (string?)after["revision"]);
    }

    [Fact]
    public async Task Drift_accept_records_the_commit_as_verified_through_the_store_with_the_client_as_actor()
    {
        using var repo = await EdgeRepo.CreateAsync(accept: false);
        await using var server = await InMemoryServer.StartAsync(repo.Root, "planner");
        var drift = await server.CallOkAsync("drift_check");

        var accepted = await server.CallOkAsync("drift_accept", new { expected_revision = (string?)drift["revision"], reason = "reviewed before sprint planning" });

        var head = (await repo.GitAsync("rev-parse", "HEAD")).Trim();
        Assert.Equal(head, (string?)accepted["commit"]);
        Assert.Equal(head, (string?)(await server.CallOkAsync("context_get", new { path = "verified.commit" }))["value"]);
        var entry = (await server.CallOkAsync("context_history"))["entries"]![0]!;
        Assert.Equal(("planner", "reviewed before sprint planning"), ((string?)entry["actor"], (string?)entry["reason"]));
        Assert.Equal((string?)accepted["revision"], (string?)entry["new_revision"]);
    }

    [Fact]
    public async Task Drift_accept_is_refused_while_there_is_drift_and_lists_the_findings()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/nginx/nginx.conf", "listen 3000;", "listen 3010;");
        await using var server = await InMemoryServer.StartAsync(repo.Root);
        var drift = await server.CallOkAsync("drift_check");

        var error = await server.CallErrorAsync("drift_accept", new { expected_revision = (string?)drift["revision"] });

        Assert.Equal("refused, nothing was recorded: the context disagrees with the repository in 1 place(s); nothing was recorded. Fix each finding (its operations, or the repository) and accept again\n- services.nginx.port: services.nginx has port 3000, but deploy/nginx/nginx.conf:27 says 3010 [port_mismatch]", error);
    }

    [Theory]
    [InlineData("0123456789abcdef", "conflict, nothing was recorded: the context changed since revision 0123456789abcdef: it is now at revision ")]
    [InlineData(" ", "invalid argument expected_revision: expected the revision returned by drift_check")]
    public async Task Drift_accept_with_a_stale_or_missing_revision_says_so(string revision, string message)
    {
        using var repo = await EdgeRepo.CreateAsync();
        await using var server = await InMemoryServer.StartAsync(repo.Root);
        var error = await server.CallErrorAsync("drift_accept", new { expected_revision = revision });
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_check_lists_at_most_100_findings_and_counts_the_rest_while_fix_stays_whole()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Write("deploy/compose/fleet.yml", "services:\n" + string.Concat(Enumerable.Range(0, 105).Select(i => $"  agent-{i:000}:\n    ports: [\"{20000 + i}:80\"]\n")));
        await using var server = await InMemoryServer.StartAsync(repo.Root);

        var result = await server.CallAsync("drift_check");

        var drift = System.Text.Json.Nodes.JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.Equal(100, drift["findings"]!.AsArray().Count);
        Assert.Equal(5, (int)drift["findings_omitted"]!);
        Assert.Equal(105, drift["fix"]!.AsArray().Count);
        var text = InMemoryServer.Text(result);
        Assert.Contains("\n... and 5 more findings (mcpctx drift lists them all)\n", text, StringComparison.Ordinal);
        Assert.Equal(100, text.Split("[service_unlisted]").Length - 1);
    }

    [Fact]
    public async Task Drift_check_outside_a_git_repository_is_a_tool_error_saying_why()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var error = await server.CallErrorAsync("drift_check");
        Assert.Equal($"drift reads the project's files through git, and '{project.Root}' is not inside a git repository; run git init there (and commit) first", error);
    }
}
