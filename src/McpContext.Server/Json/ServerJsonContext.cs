using System.Text.Json;
using System.Text.Json.Serialization;
using McpContext.Server.Tools;
using ModelContextProtocol;

namespace McpContext.Server.Json;

/// <summary>
/// Source-generated JSON for every tool argument and result (snake_case, no reflection). A new tool's
/// types get one <c>[JsonSerializable]</c> line here.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ContextGetOutput))]
[JsonSerializable(typeof(ContextUpdateOutput))]
[JsonSerializable(typeof(ContextHistoryOutput))]
[JsonSerializable(typeof(ContextOperationInput[]))]
[JsonSerializable(typeof(KnowledgeListOutput))]
[JsonSerializable(typeof(KnowledgeWriteOutput))]
[JsonSerializable(typeof(SearchOutput))]
[JsonSerializable(typeof(FetchOutput))]
[JsonSerializable(typeof(ValidateChangeOutput))]
[JsonSerializable(typeof(FileChangeInput[]))]
[JsonSerializable(typeof(DriftCheckOutput))]
[JsonSerializable(typeof(DriftAcceptOutput))]
[JsonSerializable(typeof(TaskListOutput))]
[JsonSerializable(typeof(TaskDetailOutput))]
[JsonSerializable(typeof(TaskWriteOutput))]
[JsonSerializable(typeof(TaskNextOutput))]
[JsonSerializable(typeof(TaskVerifyOutput))]
[JsonSerializable(typeof(TaskReviewInput))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int?))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>The serializer options every tool class is registered with.</summary>
public static class ServerJson
{
    /// <summary>The MCP SDK's defaults with the server's own source-generated types in front.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>For JSON shown as text in a tool result: escapes only what JSON requires, so <c>-&gt;</c> stays readable.</summary>
    public static JsonSerializerOptions Text { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonSerializerOptions Create()
    {
        // The naming policy here too, because output schemas are generated from these options, not the context's.
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        options.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}
