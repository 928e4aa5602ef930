using System.Threading.Channels;

namespace McpContext.Core.Diffs;

/// <summary>A part of a diff that holds whole files: its text, and the line of the whole diff it starts at.</summary>
/// <param name="Text">Whole lines, from a <c>diff --git</c> line (or the diff's start) to just before the next part.</param>
/// <param name="FirstLine">The 1-based line number of its first line in the whole diff.</param>
public sealed record DiffPart(string Text, int FirstLine);

/// <summary>
/// Takes a git diff in pieces as they arrive (from <c>git diff</c>'s output pipe) and cuts it into parts of
/// whole files, so each can be parsed and checked while git is still writing the rest. Writing happens on one
/// thread (the pipe's reader), reading on another; a part is cut only at a <c>diff --git</c> line, where no
/// hunk can continue, once at least <see cref="PartBytes"/> bytes have gathered.
/// </summary>
public sealed class DiffSplitter
{
    private static ReadOnlySpan<byte> FileStart => "\ndiff --git "u8;

    private readonly Channel<DiffPart> _parts = Channel.CreateUnbounded<DiffPart>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private byte[] _pending = new byte[1 << 16];
    private int _count;
    private int _nextLine = 1;

    /// <summary>A stream that cuts parts of at least <paramref name="partBytes"/> bytes (the last one may be smaller).</summary>
    public DiffSplitter(int partBytes = 1 << 17)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partBytes, 1);
        PartBytes = partBytes;
    }

    /// <summary>How many bytes gather before a part is cut.</summary>
    public int PartBytes { get; }

    /// <summary>The parts, in order; complete once <see cref="Complete"/> has been called.</summary>
    public ChannelReader<DiffPart> Parts => _parts.Reader;

    /// <summary>Adds the next bytes of the diff (UTF-8, as git writes it).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_count + bytes.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _count + bytes.Length));
        }

        bytes.CopyTo(_pending.AsSpan(_count));
        var searchedFrom = _count;
        _count += bytes.Length;
        if (_count < PartBytes)
        {
            return;
        }

        // The last file start in what has gathered; looking back into the bytes before this write finds a start cut in two.
        var from = Math.Max(0, searchedFrom - FileStart.Length);
        var at = _pending.AsSpan(from, _count - from).LastIndexOf(FileStart);
        if (at >= 0 && from + at + 1 >= PartBytes)
        {
            Emit(from + at + 1);
        }
    }

    /// <summary>Marks the end of the diff: what has gathered becomes the last part.</summary>
    public void Complete()
    {
        if (_count > 0)
        {
            Emit(_count);
        }

        _parts.Writer.Complete();
    }

    private void Emit(int length)
    {
        var bytes = _pending.AsSpan(0, length);
        _parts.Writer.TryWrite(new DiffPart(System.Text.Encoding.UTF8.GetString(bytes), _nextLine));
        _nextLine += bytes.Count((byte)'\n');
        _pending.AsSpan(length, _count - length).CopyTo(_pending);
        _count -= length;
    }
}
