using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Hosting;

/// <summary>
/// MCP over this process's stdin and stdout (<see cref="StdioStreams"/>). It reads like the SDK's stream
/// transport and writes each message with minimal JSON escaping: the SDK's default escapes every quote in a
/// string as <c>\u0022</c>, and tool results carry their JSON again as text, so a 12 KB answer went out as
/// 18 KB that both sides had to escape and unescape. The output is the same JSON, only shorter.
/// </summary>
internal sealed class StdioTransport : StreamServerTransport
{
    private static readonly JsonTypeInfo<JsonRpcMessage> Messages = (JsonTypeInfo<JsonRpcMessage>)new JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly Stream _output;
    private readonly SemaphoreSlim _sending = new(1, 1);

    private StdioTransport(Stream output, ILoggerFactory loggers)
        : base(StdioStreams.Input(), output, ContextServer.Name, loggers)
    {
        _output = output;
    }

    public static StdioTransport Create(ILoggerFactory loggers) => new(StdioStreams.Output(), loggers);

    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (!IsConnected)
        {
            return;
        }

        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            JsonSerializer.Serialize(_output, message, Messages);
            _output.Write("\n"u8);
            _output.Flush();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new IOException("Failed to send message.", e);
        }
        finally
        {
            _sending.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _sending.Dispose();
    }
}
