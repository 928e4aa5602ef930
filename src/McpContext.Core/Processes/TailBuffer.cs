namespace McpContext.Core.Processes;

/// <summary>Keeps the last <c>capacity</c> bytes written to it; memory grows only as far as the output does.</summary>
internal sealed class TailBuffer(int capacity)
{
    private byte[] _buffer = new byte[Math.Min(capacity, 4096)];
    private int _start;
    private int _count;

    public long Total { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        Total += data.Length;
        if (capacity == 0)
        {
            return;
        }

        if (data.Length >= capacity)
        {
            Grow(capacity);
            data[^capacity..].CopyTo(_buffer);
            _start = 0;
            _count = capacity;
            return;
        }

        if (_count + data.Length > _buffer.Length && _buffer.Length < capacity)
        {
            Grow(Math.Min(capacity, Math.Max(_buffer.Length * 2, _count + data.Length)));
        }

        // Still too full only once the buffer is at capacity: drop the oldest bytes to make room.
        var length = _buffer.Length;
        var overflow = _count + data.Length - length;
        if (overflow > 0)
        {
            _start = (_start + overflow) % length;
            _count -= overflow;
        }

        var end = (_start + _count) % length;
        var first = Math.Min(data.Length, length - end);
        data[..first].CopyTo(_buffer.AsSpan(end));
        data[first..].CopyTo(_buffer);
        _count += data.Length;
    }

    public CapturedOutput ToOutput()
    {
        var bytes = new byte[_count];
        var first = Math.Min(_count, _buffer.Length - _start);
        Array.Copy(_buffer, _start, bytes, 0, first);
        Array.Copy(_buffer, 0, bytes, first, _count - first);
        return new CapturedOutput(bytes, Total);
    }

    private void Grow(int size)
    {
        if (size <= _buffer.Length)
        {
            return;
        }

        // Linearise while growing, so the ring starts at 0 again.
        var bigger = new byte[size];
        var first = Math.Min(_count, _buffer.Length - _start);
        Array.Copy(_buffer, _start, bigger, 0, first);
        Array.Copy(_buffer, 0, bigger, first, _count - first);
        _buffer = bigger;
        _start = 0;
    }
}
