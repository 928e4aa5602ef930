using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Hosting;

/// <summary>
/// MCP over this process's stdin and stdout: one JSON-RPC message per line each way, built for the latency of
/// a client that sends one request and waits for its answer.
/// <list type="bullet">
/// <item>Reading: one thread blocks in <c>read</c> on stdin, splits lines and deserializes each straight from
/// its UTF-8 bytes, then hands the message to the server through a channel that runs the server's message loop
/// on this same thread. The SDK's stream transport awaited every read through a thread-pool hop (the console
/// stream has no asynchronous read) and woke the server's loop on yet another pool thread; what is left per
/// request is the one hop the server itself makes to its handler.</item>
/// <item>Writing, with minimal JSON escaping: the SDK's default escapes every quote in a string as
/// <c>\u0022</c>, and tool results carry their JSON again as text, so the whole wp-edge-core context went out as
/// 18.4 KB instead of 15.9 KB. The JSON is the same, only shorter.</item>
/// <item>In one system call per message, from the thread that answered: the console stream has no asynchronous
/// write, so an awaited write was handed to a pool thread.</item>
/// <item>Answers keep going out after stdin ends, until the server is done: a client may write all its
/// requests and close stdin (<c>mcpctx serve &lt; requests</c>) and still read every answer.</item>
/// </list>
/// A line that is not a JSON-RPC message is answered with a parse error when its <c>id</c> can be read, and
/// logged either way; the server goes on with the next line.
/// </summary>
internal sealed partial class StdioTransport : ITransport
{
    private const int ReadSize = 64 * 1024;

    private static readonly JsonTypeInfo<JsonRpcMessage> Incoming = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<JsonRpcMessage> Outgoing = (JsonTypeInfo<JsonRpcMessage>)new JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly ILogger _logger;
    private readonly Channel<JsonRpcMessage> _received = Channel.CreateUnbounded<JsonRpcMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ArrayBufferWriter<byte> _message = new(ReadSize);
    private readonly Utf8JsonWriter _json;
    private int _lineNumber;
    private bool _disposed;

    private StdioTransport(Stream stdin, Stream stdout, ILoggerFactory loggers)
    {
        _stdin = stdin;
        _stdout = stdout;
        _logger = loggers.CreateLogger<StdioTransport>();
        _json = new Utf8JsonWriter(_message, new JsonWriterOptions { Encoder = Outgoing.Options.Encoder });
    }

    /// <inheritdoc />
    public string? SessionId => null;

    /// <inheritdoc />
    public ChannelReader<JsonRpcMessage> MessageReader => _received.Reader;

    /// <summary>Starts reading this process's stdin on a thread of its own.</summary>
    public static StdioTransport Start(ILoggerFactory loggers)
    {
        var transport = new StdioTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), loggers);
        // A background thread: a read that stdin never completes must not keep the process alive.
        new Thread(transport.ReadLines) { IsBackground = true, Name = "mcpctx stdin" }.Start();
        return transport;
    }

    /// <summary>Resolves the serializers' metadata, so a warm-up thread can do it before the first message.</summary>
    internal static void WarmUp() => _ = (Incoming, Outgoing);

    /// <inheritdoc />
    public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Write(message);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _received.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void Write(JsonRpcMessage message)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _message.ResetWrittenCount();
            _json.Reset(_message);
            JsonSerializer.Serialize(_json, message, Outgoing);
            _json.Flush();
            _message.Write("\n"u8);
            _stdout.Write(_message.WrittenSpan);
            _stdout.Flush();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new IOException("Failed to send message.", e);
        }
    }

    private void ReadLines()
    {
        var buffer = new byte[ReadSize];
        var start = 0;
        var end = 0;
        var searched = 0;
        try
        {
            while (true)
            {
                var newline = buffer.AsSpan(searched, end - searched).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    Receive(buffer.AsSpan(start, searched + newline - start));
                    start = searched = searched + newline + 1;
                    continue;
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    // Keep the unfinished line, at the front of a buffer it fits in with room to read more.
                    var kept = buffer.AsSpan(start, end - start);
                    var next = kept.Length > buffer.Length / 2 ? new byte[buffer.Length * 2] : buffer;
                    kept.CopyTo(next);
                    (buffer, start, end) = (next, 0, kept.Length);
                }

                searched = end;
                var read = _stdin.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    Receive(buffer.AsSpan(start, end - start));
                    break;
                }

                end += read;
            }
        }
        catch (IOException e)
        {
            LogReadFailed(e);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private void Receive(ReadOnlySpan<byte> line)
    {
        _lineNumber++;
        if (_lineNumber == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        if (line.IsEmpty || line.IndexOfAnyExcept(" \t\r"u8) < 0)
        {
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(line, Incoming);
        }
        catch (JsonException e)
        {
            Reject(line, e.Message);
            return;
        }

        if (message is null)
        {
            Reject(line, "null is not a JSON-RPC message");
            return;
        }

        _received.Writer.TryWrite(message);
    }

    private void Reject(ReadOnlySpan<byte> line, string problem)
    {
        LogUnreadableLine(_lineNumber, problem);
        if (RequestIdOf(line) is not { } id)
        {
            return;
        }

        var error = new JsonRpcError
        {
            Id = id,
            Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.ParseError, Message = $"stdin line {_lineNumber} is not a JSON-RPC message: {problem}" },
        };
        _sending.Wait();
        try
        {
            Write(error);
        }
        catch (IOException e)
        {
            LogReadFailed(e);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The <c>id</c> of a line that did not deserialize, if it is an object with a string or integer <c>id</c> at its top level.</summary>
    private static RequestId? RequestIdOf(ReadOnlySpan<byte> line)
    {
        // Deep nesting is a reason a line fails, so the search for its id must not fail on it too.
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (!isId)
                {
                    reader.Skip();
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    return new RequestId(reader.GetString()!);
                }
                else
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) ? new RequestId(number) : null;
                }
            }
        }
        catch (JsonException)
        {
            // The line breaks off or goes wrong before its id.
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "stdin line {Line} is not a JSON-RPC message: {Problem}")]
    private partial void LogUnreadableLine(int line, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "stdio failed")]
    private partial void LogReadFailed(Exception exception);
}
