using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpContext.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

/// <summary>The real server host and the SDK's real client, joined by in-memory pipes.</summary>
internal sealed class InMemoryServer : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Pipe _toServer;
    private readonly Pipe _toClient;

    private InMemoryServer(IHost host, Pipe toServer, Pipe toClient, McpClient client)
    {
        _host = host;
        _toServer = toServer;
        _toClient = toClient;
        Client = client;
    }

    public McpClient Client { get; }

    public static async Task<InMemoryServer> StartAsync(ServerSettings settings, McpClientOptions? clientOptions = null)
    {
        var cancel = TestContext.Current.CancellationToken;
        var toServer = new Pipe();
        var toClient = new Pipe();
        var host = ContextServer.Build(settings, mcp => mcp.WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream()));
        await host.StartAsync(cancel);
        var client = await McpClient.CreateAsync(
            new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()),
            clientOptions ?? new McpClientOptions { ClientInfo = new Implementation { Name = "test-client", Version = "1.0" } },
            cancellationToken: cancel);
        return new InMemoryServer(host, toServer, toClient, client);
    }

    /// <summary>A server for <paramref name="root"/> with the default toolsets.</summary>
    public static Task<InMemoryServer> StartAsync(string root, string clientName = "test-client") =>
        StartAsync(new ServerSettings { Root = root }, new McpClientOptions { ClientInfo = new Implementation { Name = clientName, Version = "1.0" } });

    public Task<CallToolResult> CallAsync(string tool, object? arguments = null) =>
        Client.CallToolAsync(tool, Arguments(arguments), cancellationToken: TestContext.Current.CancellationToken).AsTask();

    /// <summary>Calls a tool that must succeed and returns its structured content.</summary>
    public async Task<JsonObject> CallOkAsync(string tool, object? arguments = null)
    {
        var result = await CallAsync(tool, arguments);
        Assert.True(result.IsError != true, $"{tool} failed: {Text(result)}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(result.StructuredContent!.Value.GetRawText()));
    }

    /// <summary>Calls a tool that must fail and returns its error text.</summary>
    public async Task<string> CallErrorAsync(string tool, object? arguments = null)
    {
        var result = await CallAsync(tool, arguments);
        Assert.True(result.IsError, $"{tool} should have failed: {Text(result)}");
        Assert.Null(result.StructuredContent);
        return Text(result);
    }

    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    private static Dictionary<string, object?> Arguments(object? arguments) =>
        arguments is null ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _toServer.Writer.CompleteAsync();
        await _host.StopAsync(TestContext.Current.CancellationToken);
        _host.Dispose();
        await _toClient.Reader.CompleteAsync();
    }
}
