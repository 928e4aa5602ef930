using McpContext.Server.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

/// <summary>ledger://tasks and ledger://tasks/{id}: listed, read, and subscribed to.</summary>
public sealed class LedgerResourceTests
{
    [Fact]
    public async Task A_project_with_tasks_lists_the_ledger_and_each_task_and_reads_them_as_json()
    {
        using var project = new TempProject(TempProject.Example);
        TaskRepo.WriteTask(project, "A.md", TaskRepo.Spec("A"));
        TaskRepo.WriteTask(project, "B.md", "---\nid: B\ndepends_on: A\n---\n# Task B\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var cancel = TestContext.Current.CancellationToken;

        var resources = await server.Client.ListResourcesAsync(cancellationToken: cancel);
        var templates = await server.Client.ListResourceTemplatesAsync(cancellationToken: cancel);
        var list = TaskToolsTests.Parse(await server.Client.ReadResourceAsync("ledger://tasks", cancellationToken: cancel));
        var b = TaskToolsTests.Parse(await server.Client.ReadResourceAsync("ledger://tasks/B", cancellationToken: cancel));

        Assert.Equal(["ledger://tasks", "ledger://tasks/A", "ledger://tasks/B"], resources.Select(r => r.Uri).Where(u => u.StartsWith("ledger://", StringComparison.Ordinal)));
        Assert.Contains("context://project", resources.Select(r => r.Uri));
        Assert.Equal("ledger://tasks/{id}", templates.Select(t => t.UriTemplate).Last());
        Assert.Equal(["A", "B"], list["tasks"]!.AsArray().Select(t => (string?)t!["id"]));
        Assert.Equal(("B", "draft", "A", "draft"), ((string?)b["id"], (string?)b["status"], (string?)b["depends_on"]![0]!["id"], (string?)b["depends_on"]![0]!["status"]));
    }

    [Fact]
    public async Task A_project_without_tasks_offers_no_ledger_resources_and_an_unknown_task_is_not_found()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(new ServerSettings { Root = project.Root }, new ModelContextProtocol.Client.McpClientOptions { ProtocolVersion = "2025-11-25" });
        var cancel = TestContext.Current.CancellationToken;

        var resources = await server.Client.ListResourcesAsync(cancellationToken: cancel);
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.ReadResourceAsync("ledger://tasks/NOPE", cancellationToken: cancel).AsTask());

        Assert.DoesNotContain(resources, r => r.Uri.StartsWith("ledger://", StringComparison.Ordinal));
        Assert.Equal(-32002, (int)error.ErrorCode);
        Assert.Contains("Resource not found: ledger://tasks/NOPE (see resources/list and resources/templates/list)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_through_a_tool_notifies_the_subscribers_of_the_task()
    {
        using var project = new TempProject(TempProject.Example);
        TaskRepo.WriteTask(project, "A.md", TaskRepo.Spec("A"));
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await InMemoryServer.StartAsync(
            new ServerSettings { Root = project.Root, Toolsets = ["tasks"] }, ResourceTests.Notified(NotificationMethods.ResourceUpdatedNotification, n => updated.TrySetResult(n)));
        var cancel = TestContext.Current.CancellationToken;
        await server.Client.SubscribeToResourceAsync("ledger://tasks/A", cancellationToken: cancel);

        await server.CallOkAsync("task_transition", new { id = "A", to = "ready" });

        Assert.Equal("ledger://tasks/A", await updated.Task.WaitAsync(cancel));
    }

    [Fact]
    public async Task A_task_file_added_by_hand_changes_the_list_and_notifies_subscribers_of_the_ledger()
    {
        using var project = new TempProject(TempProject.Example);
        TaskRepo.WriteTask(project, "A.md", TaskRepo.Spec("A"));
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listChanged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = ResourceTests.Notified(NotificationMethods.ResourceUpdatedNotification, n => updated.TrySetResult(n));
        options.Handlers.NotificationHandlers = [.. options.Handlers.NotificationHandlers!, .. ResourceTests.Notified(NotificationMethods.ResourceListChangedNotification, n => listChanged.TrySetResult(n)).Handlers.NotificationHandlers!];
        await using var server = await InMemoryServer.StartAsync(new ServerSettings { Root = project.Root }, options);
        var cancel = TestContext.Current.CancellationToken;
        await server.Client.SubscribeToResourceAsync("ledger://tasks", cancellationToken: cancel);

        TaskRepo.WriteTask(project, "B.md", TaskRepo.Spec("B"));

        Assert.Equal("ledger://tasks", await updated.Task.WaitAsync(cancel));
        await listChanged.Task.WaitAsync(cancel);
        var resources = await server.Client.ListResourcesAsync(cancellationToken: cancel);
        Assert.Contains("ledger://tasks/B", resources.Select(r => r.Uri));
    }
}
