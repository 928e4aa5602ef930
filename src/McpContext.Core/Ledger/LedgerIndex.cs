using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace McpContext.Core.Ledger;

/// <summary>The SHA-256 of a file's bytes: what an index entry is keyed by.</summary>
internal readonly record struct ContentHash(ulong A, ulong B, ulong C, ulong D)
{
    public static ContentHash Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(content, digest);
        return Read(digest);
    }

    public static ContentHash Read(ReadOnlySpan<byte> digest) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(digest),
        BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, A);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], D);
    }
}

/// <summary>The strings of an index, decoded when first asked for (entries are decoded on several threads; a race only decodes one twice).</summary>
internal sealed class LedgerIndexStrings(byte[] bytes, int[] starts, int[] lengths)
{
    private readonly string?[] _decoded = new string?[starts.Length];

    public string this[int number] => (uint)number < (uint)_decoded.Length
        ? _decoded[number] ??= Encoding.UTF8.GetString(bytes, starts[number], lengths[number])
        : throw new InvalidDataException("an index entry names a string the index does not have");
}

/// <summary>
/// What earlier loads established, kept in <c>.mcpcontext/ledger-index</c> (local state, never committed,
/// so it never conflicts in a merge) so that a start need not parse every task file and check every log
/// line again: each task file's parsed spec and each log's checked events, keyed by the file's name and
/// the SHA-256 of its bytes. A file is read and hashed on every load, so an edited file (whatever its
/// time stamps say) misses the index and is parsed and checked from scratch; nothing is trusted past
/// its content hash. A missing, truncated, corrupt or older-version index (checked by a SHA-256 of its
/// own bytes) is ignored and rewritten. Writers replace the file by an atomic rename, so concurrent
/// processes leave one whole index or the other.
/// </summary>
internal sealed class LedgerIndex
{
    /// <summary>Changes whenever the entry layout (<see cref="LedgerIndexWriter"/>) or what parsing produces changes.</summary>
    private const int Version = 1;

    private static readonly byte[] Magic = "mcpctx-ledger-index\n"u8.ToArray();

    private readonly byte[] _bytes;
    private readonly LedgerIndexStrings? _strings;
    private readonly Dictionary<string, (ContentHash Hash, int Start, int Length)> _specs;
    private readonly Dictionary<string, (ContentHash Hash, int Start, int Length)> _logs;

    private LedgerIndex(byte[] bytes, LedgerIndexStrings? strings, Dictionary<string, (ContentHash, int, int)> specs, Dictionary<string, (ContentHash, int, int)> logs)
    {
        _bytes = bytes;
        _strings = strings;
        _specs = specs;
        _logs = logs;
    }

    /// <summary>An index with no entries.</summary>
    public static LedgerIndex Empty { get; } = new([], null, new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    /// <summary>How many entries it has.</summary>
    public int Count => _specs.Count + _logs.Count;

    /// <summary>The index at <paramref name="path"/>, or <see cref="Empty"/> when there is none or it is not one this version wrote whole.</summary>
    public static LedgerIndex Open(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty;
        }

        var header = Magic.Length + 4 + 32;
        if (bytes.Length < header || !bytes.AsSpan().StartsWith(Magic) || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length)) != Version)
        {
            return Empty;
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(header), digest);
        if (!digest.SequenceEqual(bytes.AsSpan(Magic.Length + 4, 32)))
        {
            return Empty;
        }

        try
        {
            var at = header;
            var count = ReadCount(bytes, ref at);
            var starts = new int[count];
            var lengths = new int[count];
            for (var i = 0; i < count; i++)
            {
                lengths[i] = ReadCount(bytes, ref at);
                starts[i] = at;
                at = checked(at + lengths[i]);
            }

            if (at > bytes.Length)
            {
                return Empty;
            }

            var specs = Entries(bytes, ref at);
            var logs = Entries(bytes, ref at);
            var blob = at;
            foreach (var entries in new[] { specs, logs })
            {
                foreach (var (name, (hash, start, length)) in entries)
                {
                    if ((long)blob + start + length > bytes.Length)
                    {
                        return Empty;
                    }

                    entries[name] = (hash, blob + start, length);
                }
            }

            return new LedgerIndex(bytes, new LedgerIndexStrings(bytes, starts, lengths), specs, logs);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            return Empty;
        }
    }

    /// <summary>The spec the index holds for <paramref name="file"/> with these bytes, or null.</summary>
    public TaskSpec? Spec(string file, ContentHash hash)
    {
        if (!_specs.TryGetValue(file, out var entry) || entry.Hash != hash)
        {
            return null;
        }

        try
        {
            return new LedgerIndexReader(_bytes.AsSpan(entry.Start, entry.Length), _strings!).Spec();
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The checked log the index holds for task <paramref name="subject"/> with these bytes, or null.</summary>
    public LogContent? Log(string subject, ContentHash hash)
    {
        if (!_logs.TryGetValue(subject, out var entry) || entry.Hash != hash)
        {
            return null;
        }

        try
        {
            return new LedgerIndexReader(_bytes.AsSpan(entry.Start, entry.Length), _strings!).Log();
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The name <see cref="Keys"/> gives the entry of task file <paramref name="file"/>.</summary>
    public static string SpecKey(string file) => "spec " + file;

    /// <summary>The name <see cref="Keys"/> gives the entry of the log of task <paramref name="subject"/>.</summary>
    public static string LogKey(string subject) => "log " + subject;

    /// <summary>Every entry's name (<see cref="SpecKey"/>, <see cref="LogKey"/>) and content hash, to tell how far the index is behind the files.</summary>
    public Dictionary<string, ContentHash> Keys()
    {
        var keys = new Dictionary<string, ContentHash>(Count, StringComparer.Ordinal);
        foreach (var (file, entry) in _specs)
        {
            keys[SpecKey(file)] = entry.Hash;
        }

        foreach (var (subject, entry) in _logs)
        {
            keys[LogKey(subject)] = entry.Hash;
        }

        return keys;
    }

    /// <summary>
    /// Replaces the index at <paramref name="path"/> with these entries. Best effort: the index only saves
    /// time, so a directory that cannot be written leaves the next start to parse everything.
    /// </summary>
    public static void Save(string path, IReadOnlyList<(string File, ContentHash Hash, TaskSpec Spec)> specs, IReadOnlyList<(string Subject, ContentHash Hash, LogContent Log)> logs)
    {
        var writer = new LedgerIndexWriter();
        var specEntries = new List<(string, ContentHash, int, int)>(specs.Count);
        foreach (var (file, hash, spec) in specs)
        {
            var start = writer.Position;
            writer.Spec(spec);
            specEntries.Add((file, hash, start, writer.Position - start));
        }

        var logEntries = new List<(string, ContentHash, int, int)>(logs.Count);
        foreach (var (subject, hash, log) in logs)
        {
            var start = writer.Position;
            writer.Log(log);
            logEntries.Add((subject, hash, start, writer.Position - start));
        }

        using var body = new MemoryStream(writer.Position + (writer.Position / 2));
        var scratch = new byte[16];
        void Number(long value)
        {
            var length = 0;
            Varint.Write(ref scratch, ref length, value);
            body.Write(scratch, 0, length);
        }

        Number(writer.Strings.Count);
        foreach (var text in writer.Strings)
        {
            var encoded = Encoding.UTF8.GetBytes(text);
            Number(encoded.Length);
            body.Write(encoded);
        }

        var hashBytes = new byte[32];
        foreach (var entries in new[] { specEntries, logEntries })
        {
            Number(entries.Count);
            foreach (var (name, hash, start, length) in entries)
            {
                var encoded = Encoding.UTF8.GetBytes(name);
                Number(encoded.Length);
                body.Write(encoded);
                hash.Write(hashBytes);
                body.Write(hashBytes);
                Number(start);
                Number(length);
            }
        }

        body.Write(writer.Written);

        var content = body.GetBuffer().AsSpan(0, (int)body.Length);
        var index = new byte[Magic.Length + 4 + 32 + content.Length];
        Magic.CopyTo(index, 0);
        BinaryPrimitives.WriteInt32LittleEndian(index.AsSpan(Magic.Length), Version);
        SHA256.HashData(content, index.AsSpan(Magic.Length + 4, 32));
        content.CopyTo(index.AsSpan(Magic.Length + 4 + 32));
        Replace(path, index);
    }

    private static void Replace(string path, byte[] content)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);

            // No fsync: after a crash a torn index fails its own hash and is rebuilt.
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: a stray temp file holds no state anyone reads.
            }
        }
    }

    private static int ReadCount(ReadOnlySpan<byte> bytes, ref int at)
    {
        var value = Varint.Read(bytes, ref at);
        return value < 0 || value > bytes.Length ? throw new InvalidDataException("an index count is out of range") : (int)value;
    }

    /// <summary>Reads a table of entries, with payload offsets relative to the payloads, which follow both tables.</summary>
    private static Dictionary<string, (ContentHash Hash, int Start, int Length)> Entries(byte[] bytes, ref int at)
    {
        var count = ReadCount(bytes, ref at);
        var entries = new Dictionary<string, (ContentHash Hash, int Start, int Length)>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var length = ReadCount(bytes, ref at);
            if (at + length + 32 > bytes.Length)
            {
                throw new InvalidDataException("an index entry runs past the end");
            }

            var name = Encoding.UTF8.GetString(bytes, at, length);
            at += length;
            var hash = ContentHash.Read(bytes.AsSpan(at, 32));
            at += 32;
            entries[name] = (hash, ReadCount(bytes, ref at), ReadCount(bytes, ref at));
        }

        return entries;
    }
}
