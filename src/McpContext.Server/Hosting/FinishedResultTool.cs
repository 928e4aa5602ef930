using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Hosting;

/// <summary>
/// A tool whose method returns a finished <see cref="CallToolResult"/> (every tool here does, through
/// <c>ToolResults</c>), listed with its output schema but invoked without it. The SDK derives structured
/// content for any tool that has an output schema by serializing whatever the method returned; for a
/// <see cref="CallToolResult"/> that is the whole result, text and structured content, only to throw the
/// copy away and send the result as it is. For an 18 KB <c>context_get</c> that copy was most of a call's
/// time in the server.
/// </summary>
internal sealed class FinishedResultTool : McpServerTool
{
    private readonly McpServerTool _invoked;

    public FinishedResultTool(McpServerTool created)
    {
        ArgumentNullException.ThrowIfNull(created);
        // A deep copy through the SDK's own serializer keeps every property, including ones added later.
        var tool = (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));
        ProtocolTool = JsonSerializer.Deserialize(JsonSerializer.SerializeToElement(created.ProtocolTool, tool), tool)!;
        created.ProtocolTool.OutputSchema = null;
        _invoked = created;
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => _invoked.Metadata;

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        _invoked.InvokeAsync(request, cancellationToken);
}
