using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpContext.Server.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Hosting;

/// <summary>
/// Prepares, on a second core, the JSON metadata a stdio server needs before it can answer <c>initialize</c>,
/// while the first core parses the command line and builds the services. The SDK's server constructor
/// configures the source-generated metadata of every request and result type it handles (about a third of a
/// cold start); done here first, the constructor finds it cached. Each type is configured under the
/// serializer's own lock, so whichever thread comes second waits for the first or finds it done.
/// </summary>
public static class StdioWarmUp
{
    // The constructor registers logging/setLevel whatever the protocol version, so its deprecated type is resolved too.
#pragma warning disable MCP9005
    // What the SDK's server constructor and the first messages resolve: each handler's parameter and result
    // types, and the message envelope. A type the SDK stops using only costs the second core a little time.
    private static readonly Type[] ProtocolTypes =
    [
        typeof(JsonRpcMessage), typeof(JsonNode), typeof(Implementation), typeof(ClientCapabilities),
        typeof(InitializeRequestParams), typeof(InitializeResult), typeof(PingResult), typeof(EmptyResult),
        typeof(ListToolsRequestParams), typeof(ListToolsResult), typeof(CallToolRequestParams), typeof(CallToolResult),
        typeof(ListPromptsRequestParams), typeof(ListPromptsResult), typeof(GetPromptRequestParams), typeof(GetPromptResult),
        typeof(ListResourcesRequestParams), typeof(ListResourcesResult), typeof(ListResourceTemplatesRequestParams),
        typeof(ListResourceTemplatesResult), typeof(ReadResourceRequestParams), typeof(ReadResourceResult),
        typeof(SubscribeRequestParams), typeof(UnsubscribeRequestParams), typeof(SetLevelRequestParams),
        typeof(CompleteRequestParams), typeof(CompleteResult), typeof(DiscoverRequestParams), typeof(DiscoverResult),
        typeof(SubscriptionsListenRequestParams), typeof(SubscriptionsAcknowledgedNotificationParams),
    ];
#pragma warning restore MCP9005

    /// <summary>Starts the preparation on a background thread and returns at once.</summary>
    public static void Start() => new Thread(Run) { IsBackground = true, Name = "mcpctx warm-up" }.Start();

    private static void Run()
    {
        // The SDK's handlers resolve their types through the context behind its default options, the
        // transport through the default options themselves.
        var sdk = McpJsonUtilities.DefaultOptions;
        var context = sdk.TypeInfoResolverChain.OfType<JsonSerializerContext>().First();
        foreach (var type in ProtocolTypes)
        {
            context.GetTypeInfo(type);
        }

        sdk.GetTypeInfo(typeof(JsonRpcMessage));
        StdioTransport.WarmUp();
        _ = ServerJson.Options;
    }
}
