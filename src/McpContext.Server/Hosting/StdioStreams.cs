using System.Buffers;

namespace McpContext.Server.Hosting;

/// <summary>
/// The process's stdin and stdout as the stdio transport uses them. The console streams have no asynchronous
/// I/O of their own: an awaited write is handed to a thread-pool thread that makes the blocking call, one
/// thread hop and wake-up per message on the path of every answer. Writes here are buffered and go out in
/// one system call at the transport's flush, on the thread that answered (a pipe write of one message does
/// not block for long); reads stay asynchronous so a shutdown can abandon a read stdin never completes.
/// </summary>
internal static class StdioStreams
{
    public static Stream Input() => new CancellableInput(Console.OpenStandardInput());

    public static Stream Output() => new FlushedOutput(Console.OpenStandardOutput());

    /// <summary>A message is written, then a newline, then flushed: the flush sends both in one write.</summary>
    private sealed class FlushedOutput(Stream stdout) : Stream
    {
        private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
            stdout.Write(_pending.WrittenSpan);
            stdout.Flush();
            _pending.ResetWrittenCount();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stdout.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The console's reads ignore cancellation; the wait for one does not.</summary>
    private sealed class CancellableInput(Stream stdin) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = stdin.ReadAsync(buffer, cancellationToken);
            return read.IsCompletedSuccessfully ? read : new(read.AsTask().WaitAsync(cancellationToken));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            stdin.ReadAsync(buffer, offset, count, cancellationToken).WaitAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => stdin.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stdin.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
