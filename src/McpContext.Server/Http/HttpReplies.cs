using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Http;

/// <summary>How the HTTP endpoint answers: JSON-RPC error bodies with an HTTP status, and SSE response headers.</summary>
internal static class HttpReplies
{
    /// <summary>JSON-RPC: the body is not JSON.</summary>
    public const int ParseError = -32700;

    /// <summary>JSON-RPC: the body is JSON but not a valid message.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>JSON-RPC: the method's params are wrong.</summary>
    public const int InvalidParams = -32602;

    /// <summary>What the MCP SDKs answer for a transport-level refusal.</summary>
    public const int TransportError = -32000;

    /// <summary>What the TypeScript SDK answers for an unknown session; clients then start a new one.</summary>
    public const int SessionNotFound = -32001;

    private static readonly JsonTypeInfo<JsonRpcError> ErrorType = (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    /// <summary>Answers with <paramref name="status"/> and a JSON-RPC error whose message is <paramref name="message"/>.</summary>
    public static async Task ErrorAsync(HttpContext context, int status, string message, int code = TransportError, RequestId id = default)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message } };
        await JsonSerializer.SerializeAsync(context.Response.Body, error, ErrorType, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Makes the response an unbuffered event stream.</summary>
    public static void StartEventStream(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";

        // Reverse proxies (nginx) buffer responses unless told not to; an event stream must flow.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }
}
