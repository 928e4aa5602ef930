using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Hosting;

/// <summary>
/// MCP over this process's stdin and stdout. It reads like the SDK's stream transport; it writes its own way:
/// <list type="bullet">
/// <item>With minimal JSON escaping. The SDK's default escapes every quote in a string as <c>\u0022</c>, and
/// tool results carry their JSON again as text, so the whole wp-edge-core context went out as 18.4 KB
/// instead of 15.9 KB that both sides had to escape and unescape. The JSON is the same, only shorter.</item>
/// <item>In one system call per message, from the thread that answered. The console stream has no
/// asynchronous write, so an awaited write was handed to a thread-pool thread: a hop and a wake-up on the
/// path of every answer, where a pipe write of one message does not block for long.</item>
/// </list>
/// </summary>
internal sealed class StdioTransport : StreamServerTransport
{
    private static readonly JsonTypeInfo<JsonRpcMessage> Messages = (JsonTypeInfo<JsonRpcMessage>)new JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly Stream _stdout;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ArrayBufferWriter<byte> _message = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    private StdioTransport(Stream stdout, ILoggerFactory loggers)
        : base(new CancellableStdin(), stdout, ContextServer.Name, loggers)
    {
        _stdout = stdout;
        _json = new Utf8JsonWriter(_message, new JsonWriterOptions { Encoder = Messages.Options.Encoder });
    }

    public static StdioTransport Create(ILoggerFactory loggers) => new(Console.OpenStandardOutput(), loggers);

    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (!IsConnected)
        {
            return;
        }

        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _message.ResetWrittenCount();
            _json.Reset(_message);
            JsonSerializer.Serialize(_json, message, Messages);
            _json.Flush();
            _message.Write("\n"u8);
            _stdout.Write(_message.WrittenSpan);
            _stdout.Flush();
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
        await _json.DisposeAsync().ConfigureAwait(false);
        _sending.Dispose();
    }
}
