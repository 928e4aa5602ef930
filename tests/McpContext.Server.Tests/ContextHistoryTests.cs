using McpContext.Core.Context;

namespace McpContext.Server.Tests;

public sealed class ContextHistoryTests
{
    [Fact]
    public async Task Context_history_lists_changes_newest_first_with_the_client_name_as_actor()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root, "codex-test");
        var r0 = ContextStore.Hash(File.ReadAllBytes(project.ContextFile));
        var r1 = (string)(await server.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "services.blue.port", value = 3101 } }, expected_revision = r0, reason = "move blue" }))["revision"]!;
        var r2 = (string)(await server.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "deployment.model", value = "rolling" } }, expected_revision = r1, reason = "switch model" }))["revision"]!;

        var all = await server.CallOkAsync("context_history");
        var services = await server.CallOkAsync("context_history", new { path = "services" });

        var entries = all["entries"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal("switch model", (string?)entries[0]!["reason"]);
        Assert.Equal("codex-test", (string?)entries[0]!["actor"]);
        Assert.Equal(r1, (string?)entries[0]!["old_revision"]);
        Assert.Equal(r2, (string?)entries[0]!["new_revision"]);
        Assert.Equal("set deployment.model = \"rolling\"", (string?)entries[0]!["operations"]![0]);
        Assert.Equal("deployment.model", (string?)entries[0]!["paths"]![0]);
        var only = Assert.Single(services["entries"]!.AsArray())!;
        Assert.Equal("move blue", (string?)only["reason"]);
    }

    [Fact]
    public async Task Context_history_filters_by_actor_and_time_and_limit()
    {
        using var project = new TempProject("a = 0\n");
        await using var alice = await InMemoryServer.StartAsync(project.Root, "alice");
        await using var bob = await InMemoryServer.StartAsync(project.Root, "bob");
        var r0 = ContextStore.Hash(File.ReadAllBytes(project.ContextFile));
        var r1 = (string)(await alice.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "a", value = 1 } }, expected_revision = r0, reason = "one" }))["revision"]!;
        await bob.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "a", value = 2 } }, expected_revision = r1, reason = "two" });

        Assert.Equal("one", (string?)Assert.Single((await bob.CallOkAsync("context_history", new { actor = "ALICE" }))["entries"]!.AsArray())!["reason"]);
        Assert.Equal("two", (string?)Assert.Single((await bob.CallOkAsync("context_history", new { limit = 1 }))["entries"]!.AsArray())!["reason"]);
        Assert.Empty((await bob.CallOkAsync("context_history", new { since = "2999-01-01T00:00:00Z" }))["entries"]!.AsArray());
        Assert.Equal(2, (await bob.CallOkAsync("context_history", new { since = "2000-01-01T00:00:00Z" }))["entries"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(0, "invalid argument limit: expected an integer from 1 to 500, got 0")]
    [InlineData(501, "invalid argument limit: expected an integer from 1 to 500, got 501")]
    public async Task Context_history_refuses_a_limit_out_of_range(int limit, string message)
    {
        using var project = new TempProject("a = 0\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        Assert.Equal(message, await server.CallErrorAsync("context_history", new { limit }));
    }

    [Fact]
    public async Task Context_history_refuses_a_time_that_is_not_a_date()
    {
        using var project = new TempProject("a = 0\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        Assert.Equal("invalid argument since: expected an RFC 3339 date-time such as 2025-06-01T00:00:00Z, got 'yesterday'", await server.CallErrorAsync("context_history", new { since = "yesterday" }));
    }

    [Fact]
    public async Task Context_history_refuses_a_malformed_path()
    {
        using var project = new TempProject("a = 0\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        Assert.StartsWith("invalid argument path: 'a..b' is not a key path (", await server.CallErrorAsync("context_history", new { path = "a..b" }), StringComparison.Ordinal);
    }
}
