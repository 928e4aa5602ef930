using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tools;

/// <summary>
/// Tool results as the MCP tools here return them: structured content plus a short text for clients that
/// show only text; or an error (<c>isError</c>) whose text says what to do next.
/// </summary>
public static class ToolResults
{
    /// <summary>A success: <paramref name="output"/> as structured content, <paramref name="text"/> as the text rendering.</summary>
    public static CallToolResult Success<T>(T output, JsonTypeInfo<T> typeInfo, string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(output, typeInfo),
    };

    /// <summary>
    /// A result built earlier, in fresh objects: the SDK and filters may set properties on the result they
    /// send, so a remembered one is never handed out itself. Its text and JSON are immutable and shared.
    /// </summary>
    public static CallToolResult Copy(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            IsError = result.IsError,
            Content = [.. result.Content.Select(c => c is TextContentBlock text ? new TextContentBlock { Text = text.Text } : c)],
            StructuredContent = result.StructuredContent,
        };
    }

    /// <summary>A failure a model can act on: nothing happened, and <paramref name="message"/> says why and what to do.</summary>
    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>An invalid argument: names it, says what was expected and what came.</summary>
    public static CallToolResult InvalidArgument(string argument, string problem) => Error($"invalid argument {argument}: {problem}");
}
