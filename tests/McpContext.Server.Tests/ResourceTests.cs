using System.Text.Json.Nodes;
using McpContext.Core.Context;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

public sealed class ResourceTests
{
    [Fact]
    public async Task Resources_list_the_project_each_section_and_each_knowledge_item_with_an_id()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var resources = await server.Client.ListResourcesAsync(cancellationToken: TestContext.Current.CancellationToken);
        var templates = await server.Client.ListResourceTemplatesAsync(cancellationToken: TestContext.Current.CancellationToken);

        var uris = resources.Select(r => r.Uri).ToList();
        Assert.Equal("context://project", uris[0]);
        Assert.Contains("context://section/services", uris);
        Assert.Contains("context://section/known_issues", uris);
        Assert.Contains("context://section/current_focus", uris);
        Assert.DoesNotContain("context://section/project", uris);
        Assert.Contains("context://known_issues/KI-001", uris);
        Assert.Contains(uris, u => u.StartsWith("context://lessons/", StringComparison.Ordinal));
        Assert.Contains(uris, u => u.StartsWith("context://decisions/", StringComparison.Ordinal));
        Assert.All(resources, r => Assert.Equal("application/json", r.MimeType));
        Assert.Equal(["context://known_issues/{id}", "context://lessons/{id}", "context://decisions/{id}"], templates.Select(t => t.UriTemplate));
    }

    [Fact]
    public async Task Reading_a_resource_returns_its_json()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var cancel = TestContext.Current.CancellationToken;

        var whole = await server.Client.ReadResourceAsync("context://project", cancellationToken: cancel);
        var section = await server.Client.ReadResourceAsync("context://section/services", cancellationToken: cancel);
        var issue = await server.Client.ReadResourceAsync("context://known_issues/KI-001", cancellationToken: cancel);

        var content = Assert.IsType<TextResourceContents>(Assert.Single(whole.Contents));
        Assert.Equal("application/json", content.MimeType);
        Assert.Equal("wp-edge-core", (string?)JsonNode.Parse(content.Text)!["project"]);
        Assert.Equal(3002, (int)JsonNode.Parse(((TextResourceContents)section.Contents[0]).Text)!["green"]!["port"]!);
        Assert.Equal("KI-001", (string?)JsonNode.Parse(((TextResourceContents)issue.Contents[0]).Text)!["id"]);
    }

    [Fact]
    public async Task String_known_issues_have_no_id_and_no_resource()
    {
        using var project = new TempProject("known_issues = [\"flaky CI\"]\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var resources = await server.Client.ListResourcesAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["context://project", "context://section/known_issues"], resources.Select(r => r.Uri));
    }

    [Theory]
    [InlineData("2025-06-18", -32002)]
    [InlineData("2025-11-25", -32002)]
    [InlineData("2026-07-28", -32602)]
    public async Task Reading_an_unknown_resource_is_the_protocols_resource_not_found_error(string protocolVersion, int code)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(new() { Root = project.Root }, new McpClientOptions { ProtocolVersion = protocolVersion });

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.ReadResourceAsync("context://known_issues/KI-999", cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(code, (int)error.ErrorCode);
        Assert.Contains("Resource not found: context://known_issues/KI-999 (see resources/list and resources/templates/list)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_edit_notifies_the_subscriber_of_the_changed_section_only()
    {
        using var project = new TempProject(TempProject.Example);
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await InMemoryServer.StartAsync(new() { Root = project.Root }, Notified(NotificationMethods.ResourceUpdatedNotification, n => updated.TrySetResult(n)));
        var cancel = TestContext.Current.CancellationToken;
        await server.Client.SubscribeToResourceAsync("context://section/deployment", cancellationToken: cancel);
        await server.Client.SubscribeToResourceAsync("context://section/services", cancellationToken: cancel);

        project.HandEdit(TempProject.Example.Replace("port = 3001", "port = 3101", StringComparison.Ordinal));

        var notification = await updated.Task.WaitAsync(cancel);
        Assert.Equal("context://section/services", (string?)notification);
    }

    [Fact]
    public async Task A_write_through_a_tool_notifies_subscribers_and_a_new_section_changes_the_list()
    {
        using var project = new TempProject("project = \"p\"\n");
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listChanged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = Notified(NotificationMethods.ResourceUpdatedNotification, n => updated.TrySetResult(n));
        options.Handlers.NotificationHandlers = [.. options.Handlers.NotificationHandlers!, .. Notified(NotificationMethods.ResourceListChangedNotification, n => listChanged.TrySetResult(n)).Handlers.NotificationHandlers!];
        await using var server = await InMemoryServer.StartAsync(new() { Root = project.Root }, options);
        var cancel = TestContext.Current.CancellationToken;
        await server.Client.SubscribeToResourceAsync("context://project", cancellationToken: cancel);

        await server.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "ci.pipeline", value = "github-actions" } }, expected_revision = ContextStore.Hash(File.ReadAllBytes(project.ContextFile)), reason = "add CI" });

        Assert.Equal("context://project", await updated.Task.WaitAsync(cancel));
        await listChanged.Task.WaitAsync(cancel);
        var resources = await server.Client.ListResourcesAsync(cancellationToken: cancel);
        Assert.Contains("context://section/ci", resources.Select(r => r.Uri));
    }

    /// <summary>Client options whose handler for <paramref name="method"/> hands the notification's uri (or method) to <paramref name="received"/>.</summary>
    /// <remarks>resources/subscribe is the subscription of protocol revisions up to 2025-11-25, which today's clients speak.</remarks>
    internal static McpClientOptions Notified(string method, Action<string> received) => new()
    {
        ProtocolVersion = "2025-11-25",
        ClientInfo = new Implementation { Name = "subscriber", Version = "1.0" },
        Handlers = new McpClientHandlers
        {
            NotificationHandlers =
            [
                new(method, (notification, _) =>
                {
                    received((string?)notification.Params?["uri"] ?? notification.Method);
                    return ValueTask.CompletedTask;
                }),
            ],
        },
    };
}
