namespace McpContext.Server.Hosting;

/// <summary>
/// Standard input for the stdio transport. The console stream's reads ignore cancellation; the wait for one
/// here does not, so a shutdown can abandon a read that stdin never completes.
/// </summary>
internal sealed class CancellableStdin : Stream
{
    private readonly Stream _stdin = Console.OpenStandardInput();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _stdin.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? read : new(read.AsTask().WaitAsync(cancellationToken));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _stdin.ReadAsync(buffer, offset, count, cancellationToken).WaitAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _stdin.Read(buffer, offset, count);

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
            _stdin.Dispose();
        }

        base.Dispose(disposing);
    }
}
