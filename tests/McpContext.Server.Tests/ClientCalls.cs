using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace McpContext.Server.Tests;

/// <summary>Tool calls through any connected SDK client, as <see cref="InMemoryServer"/> makes them.</summary>
internal static class ClientCalls
{
    /// <summary>Calls a tool that must succeed and returns its structured content.</summary>
    public static async Task<JsonObject> CallOkAsync(this McpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallToolAsync(tool, Arguments(arguments), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsError != true, $"{tool} failed: {InMemoryServer.Text(result)}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(result.StructuredContent!.Value.GetRawText()));
    }

    /// <summary>Calls a tool that must fail and returns its error text.</summary>
    public static async Task<string> CallErrorAsync(this McpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallToolAsync(tool, Arguments(arguments), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsError, $"{tool} should have failed: {InMemoryServer.Text(result)}");
        return InMemoryServer.Text(result);
    }

    /// <summary>An anonymous object's properties as tool arguments.</summary>
    public static Dictionary<string, object?> Arguments(object? arguments) =>
        arguments is null ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
}
