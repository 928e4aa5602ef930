using System.Text.Json;
using McpContext.Server.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Hosting;

/// <summary>
/// Turns arguments the SDK cannot bind (a string where an array belongs, a missing required argument)
/// into a tool error naming the argument and what its schema expects, instead of the SDK's bare
/// "An error occurred invoking". (Prompts check their own arguments: <see cref="Prompts.ContextPrompt"/>.)
/// </summary>
internal static class ArgumentErrors
{
    public static IMcpServerBuilder WithArgumentErrors(this IMcpServerBuilder builder) => builder.WithRequestFilters(filters => filters.AddCallToolFilter(next => async (request, cancellationToken) =>
    {
        try
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or ArgumentException && request.MatchedPrimitive is ModelContextProtocol.Server.McpServerTool tool)
        {
            return ToolResults.Error(Describe(tool.ProtocolTool, request.Params?.Arguments, e));
        }
    }));

    private static string Describe(Tool tool, IDictionary<string, JsonElement>? arguments, Exception exception)
    {
        var schema = tool.InputSchema;
        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                var expected = Types(property.Value);
                if (arguments is null || !arguments.TryGetValue(property.Name, out var value))
                {
                    if (required.Contains(property.Name))
                    {
                        return $"invalid argument {property.Name}: it is required ({string.Join(" or ", expected)}) and missing";
                    }

                    continue;
                }

                if (expected.Count > 0 && !expected.Contains(Kind(value)) && !(Kind(value) == "integer" && expected.Contains("number")))
                {
                    return $"invalid argument {property.Name}: expected {string.Join(" or ", expected)}, got {Kind(value)}";
                }
            }
        }

        return $"invalid arguments for {tool.Name}: {exception.Message.Split(" Path:")[0]} (see the tool's inputSchema)";
    }

    private static List<string> Types(JsonElement propertySchema) =>
        !propertySchema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
