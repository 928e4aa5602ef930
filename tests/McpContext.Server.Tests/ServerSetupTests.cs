using McpContext.Server.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tests;

public sealed class ServerSetupTests
{
    [Fact]
    public async Task Every_tool_carries_annotations_and_readers_are_read_only_while_writers_are_closed_world_and_not_destructive()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["context_get", "context_update", "context_history", "knowledge_list", "knowledge_add", "knowledge_resolve", "search", "fetch", "validate_change", "drift_check", "drift_accept"], tools.Select(t => t.Name));
        foreach (var tool in tools.Select(t => t.ProtocolTool))
        {
            var annotations = Assert.IsType<ToolAnnotations>(tool.Annotations);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            Assert.NotNull(tool.OutputSchema);
            Assert.False(annotations.OpenWorldHint);
            Assert.False(annotations.DestructiveHint);
            Assert.NotNull(annotations.ReadOnlyHint);
            Assert.NotNull(annotations.IdempotentHint);
            foreach (var parameter in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(parameter.Value.TryGetProperty("description", out _), $"{tool.Name}.{parameter.Name} has a description");
            }
        }

        Assert.Equal([true, false, true, true, false, false, true, true, true, true, false], tools.Select(t => t.ProtocolTool.Annotations!.ReadOnlyHint!.Value));
    }

    [Fact]
    public void Every_tool_method_returns_a_finished_call_tool_result_because_the_server_lists_its_output_schema_but_never_derives_one()
    {
        var methods = typeof(ContextServer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(McpServerToolTypeAttribute), false).Length > 0)
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes(typeof(McpServerToolAttribute), false).Length > 0)
            .ToList();

        Assert.True(methods.Count >= 19, $"{methods.Count} tool methods");
        Assert.All(methods, m => Assert.True(
            m.ReturnType == typeof(CallToolResult) || m.ReturnType == typeof(Task<CallToolResult>) || m.ReturnType == typeof(ValueTask<CallToolResult>),
            $"{m.DeclaringType!.Name}.{m.Name} returns {m.ReturnType}"));
    }

    [Fact]
    public async Task Read_only_drops_every_tool_that_writes()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(new ServerSettings { Root = project.Root, ReadOnly = true });

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["context_get", "context_history", "knowledge_list", "search", "fetch", "validate_change", "drift_check"], tools.Select(t => t.Name));
        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => server.CallAsync("context_update", new { operations = new[] { new { op = "remove", path = "project" } }, expected_revision = "x", reason = "r" }));
        Assert.Contains("Unknown tool: 'context_update'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_toolset_list_offers_no_tools_capability_but_still_the_resources()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(new ServerSettings { Root = project.Root, Toolsets = [] });

        Assert.Null(server.Client.ServerCapabilities.Tools);
        Assert.NotEmpty(await server.Client.ListResourcesAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void An_unknown_toolset_is_refused_naming_the_known_ones()
    {
        Assert.False(Toolsets.TryResolve(["context", "nope"], out _, out var error));
        Assert.Equal("unknown toolset 'nope'; known: context, knowledge, search, validate, drift, tasks, exec", error);
        var thrown = Assert.Throws<ArgumentException>(() => ContextServer.Build(new ServerSettings { Toolsets = ["nope"] }, _ => { }));
        Assert.StartsWith("unknown toolset 'nope'; known: context, knowledge, search, validate, drift, tasks, exec", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_toolsets_are_the_ones_marked_default()
    {
        Assert.True(Toolsets.TryResolve(null, out var toolsets, out _));
        Assert.Equal(["context", "knowledge", "search", "validate", "drift"], toolsets.Select(t => t.Name));
    }
}
