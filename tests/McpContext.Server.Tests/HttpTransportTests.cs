using System.Net;
using System.Text.Json.Nodes;
using McpContext.Core.Context;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

/// <summary>The whole MCP surface over real Streamable HTTP on loopback, with the SDK's HTTP client.</summary>
public sealed class HttpTransportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_tool_works_over_http_with_the_client_name_as_the_actor()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        await using var client = await server.ConnectAsync();

        var tools = await client.ListToolsAsync(cancellationToken: Cancel);
        var port = await client.CallOkAsync("context_get", new { path = "services.green.port" });
        var updated = await client.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "services.green.port", value = 3102 } }, expected_revision = (string?)port["revision"], reason = "move green" });
        var history = await client.CallOkAsync("context_history", new { path = "services.green.port" });
        var open = await client.CallOkAsync("knowledge_list", new { kind = "known_issue", status = "open" });
        var added = await client.CallOkAsync("knowledge_add", new { kind = "lesson", title = "HTTP sessions need the GET stream for notifications", reason = "found while testing" });
        var resolved = await client.CallOkAsync("knowledge_resolve", new { id = "KI-001", resolution = "fixed in the workflow" });
        var search = await client.CallOkAsync("search", new { query = "build workflow does not start after the tag is pushed" });
        var fetched = await client.CallOkAsync("fetch", new { id = "known_issues/KI-001" });
        var refused = await client.CallErrorAsync("context_get", new { path = "services[" });

        Assert.Equal(["context_get", "context_update", "context_history", "knowledge_list", "knowledge_add", "knowledge_resolve", "search", "fetch", "validate_change", "drift_check", "drift_accept"], tools.Select(t => t.Name));
        Assert.Equal((3002, project.ContextFile), ((int)port["value"]!, (string?)port["file"]));
        Assert.Equal((string?)port["revision"], (string?)updated["previous_revision"]);
        Assert.Contains("port = 3102", File.ReadAllText(project.ContextFile), StringComparison.Ordinal);
        var entry = Assert.Single(history["entries"]!.AsArray())!;
        Assert.Equal(("http-test", "move green"), ((string?)entry["actor"], (string?)entry["reason"]));
        Assert.Equal(["KI-001", "KI-003"], open["items"]!.AsArray().Select(i => (string?)i!["id"]));
        Assert.Equal("context://lessons/L-004", (string?)added["uri"]);
        Assert.Contains("fixed in the workflow", File.ReadAllText(project.ContextFile), StringComparison.Ordinal);
        Assert.NotEqual((string?)updated["revision"], (string?)resolved["revision"]);
        Assert.Equal("known_issues/KI-001", (string?)search["results"]![0]!["id"]);
        Assert.Equal(("known_issues/KI-001", "context://known_issues/KI-001"), ((string?)fetched["id"], (string?)fetched["url"]));
        Assert.StartsWith("invalid argument path:", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_are_listed_and_read_over_http()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        await using var client = await server.ConnectAsync();

        var resources = await client.ListResourcesAsync(cancellationToken: Cancel);
        var section = await client.ReadResourceAsync("context://section/services", cancellationToken: Cancel);

        Assert.Contains("context://known_issues/KI-001", resources.Select(r => r.Uri));
        Assert.Equal(3001, (int)JsonNode.Parse(((TextResourceContents)section.Contents[0]).Text)!["blue"]!["port"]!);
        Assert.Equal(("mcpcontext", true), (client.ServerInfo?.Name, client.ServerCapabilities.Resources?.Subscribe == true));
    }

    [Fact]
    public async Task A_subscriber_hears_of_a_hand_edit_over_the_get_stream()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = new GetStreamWatch();
        using var http = new HttpClient(watch);
        await using var client = await server.ConnectAsync(options: ResourceTests.Notified(NotificationMethods.ResourceUpdatedNotification, u => updated.TrySetResult(u)), http: http);
        await client.SubscribeToResourceAsync("context://section/services", cancellationToken: Cancel);
        await watch.Open.WaitAsync(Cancel);

        project.HandEdit(TempProject.Example.Replace("port = 3001", "port = 3101", StringComparison.Ordinal));

        Assert.Equal("context://section/services", await updated.Task.WaitAsync(Cancel));
    }

    [Fact]
    public async Task A_write_in_one_session_notifies_another_sessions_subscription_and_list()
    {
        using var project = new TempProject("project = \"p\"\n");
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listChanged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = ResourceTests.Notified(NotificationMethods.ResourceUpdatedNotification, u => updated.TrySetResult(u));
        options.Handlers.NotificationHandlers = [.. options.Handlers.NotificationHandlers!, .. ResourceTests.Notified(NotificationMethods.ResourceListChangedNotification, n => listChanged.TrySetResult(n)).Handlers.NotificationHandlers!];
        using var watch = new GetStreamWatch();
        using var http = new HttpClient(watch);
        await using var listener = await server.ConnectAsync(options: options, http: http);
        await using var writer = await server.ConnectAsync();
        await listener.SubscribeToResourceAsync("context://project", cancellationToken: Cancel);
        await watch.Open.WaitAsync(Cancel);

        await writer.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "ci.pipeline", value = "github-actions" } }, expected_revision = ContextStore.Hash(File.ReadAllBytes(project.ContextFile)), reason = "add CI" });

        Assert.Equal("context://project", await updated.Task.WaitAsync(Cancel));
        Assert.Equal(NotificationMethods.ResourceListChangedNotification, await listChanged.Task.WaitAsync(Cancel));
    }

    [Fact]
    public async Task Initialize_gives_each_session_its_own_256_bit_id_and_delete_ends_it()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        var first = await server.StartSessionAsync();
        var second = await server.StartSessionAsync();

        using var deleted = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, server.Endpoint) { Headers = { { "Mcp-Session-Id", first } } }, Cancel);
        using var afterwards = await server.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", first);
        using var other = await server.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", second);

        Assert.NotEqual(first, second);
        Assert.Equal(32, Convert.FromBase64String(first.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("text/event-stream", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"context_get\"", await other.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_and_toolsets_apply_over_http()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { Server = new() { ReadOnly = true, Toolsets = ["context", "search"] } });
        await using var client = await server.ConnectAsync();

        var tools = await client.ListToolsAsync(cancellationToken: Cancel);

        Assert.Equal(["context_get", "context_history", "search", "fetch"], tools.Select(t => t.Name));
    }

    [Fact]
    public async Task Every_accepted_protocol_revision_is_served()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        foreach (var version in new[] { "2025-03-26", "2025-06-18", "2025-11-25" })
        {
            await using var client = await server.ConnectAsync(options: new McpClientOptions { ProtocolVersion = version });
            Assert.Equal(version, client.NegotiatedProtocolVersion);
            Assert.Equal(3002, (int)(await client.CallOkAsync("context_get", new { path = "services.green.port" }))["value"]!);
        }
    }

    [Theory]
    [InlineData("2024-11-05")]
    [InlineData("2026-07-28")]
    [InlineData("1999-01-01")]
    public async Task Initialize_asking_for_a_revision_outside_the_range_is_answered_with_the_latest_in_it(string asked)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize.Replace("2025-11-25", asked, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-11-25", (string?)(await LoopbackHttpServer.EventAsync(response))["result"]!["protocolVersion"]);
    }
}
