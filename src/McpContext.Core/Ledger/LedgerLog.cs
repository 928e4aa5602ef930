using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace McpContext.Core.Ledger;

/// <summary>What reading a log established: the events up to the first bad line, and that line's problem if there is one.</summary>
/// <param name="Events">The events that check out, in order.</param>
/// <param name="Problem">Why the rest cannot be trusted; null when the whole log checks out.</param>
/// <param name="ProblemLine">The 1-based line of the log <paramref name="Problem"/> is about; 0 when there is none.</param>
public sealed record LogContent(IReadOnlyList<LedgerEvent> Events, string? Problem, int ProblemLine)
{
    /// <summary>An empty, intact log.</summary>
    public static LogContent Empty { get; } = new([], null, 0);

    /// <summary>The last event's hash, which the next line names as its <c>prev</c>.</summary>
    public string? LastHash => Events.Count == 0 ? null : Events[^1].Hash;
}

/// <summary>
/// A hash-chained, append-only JSON Lines log. Each line is an event whose last member is
/// <c>"hash"</c>: the SHA-256 (hex) of the line's text without that member, which includes the
/// previous line's hash as <c>"prev"</c>. Editing, removing, reordering or copying a line in from
/// another log breaks the chain at that line. (Removing lines from the end cannot be seen in the file
/// itself; git's history of the committed log shows it.)
/// </summary>
public static class LedgerLog
{
    private const string HashMember = ",\"hash\":\"";

    // ,"hash":" + 64 hex digits + "}
    private const int SuffixLength = 9 + 64 + 2;

    // Bodies up to this size are hashed on the stack; a longer line (large evidence) rents a buffer.
    private const int StackBody = 1024;

    private static readonly byte[] HashMemberBytes = Encoding.ASCII.GetBytes(HashMember);

    /// <summary>Reads and checks the log at <paramref name="path"/>, whose events must all be about <paramref name="subject"/>.</summary>
    public static LogContent Read(string path, string subject)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return LogContent.Empty;
        }

        return Parse(bytes, subject);
    }

    /// <summary>Checks a log's bytes; see <see cref="Read"/>.</summary>
    public static LogContent Parse(ReadOnlySpan<byte> bytes, string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var events = new List<LedgerEvent>();
        var lineNumber = 0;
        LedgerEvent? previous = null;
        while (bytes.Length > 0)
        {
            lineNumber++;
            var end = bytes.IndexOf((byte)'\n');
            if (end < 0)
            {
                return Broken(events, lineNumber, "is incomplete (no newline at its end): a write was cut short? Remove that line to keep the events before it");
            }

            var line = bytes[..end];
            bytes = bytes[(end + 1)..];
            var problem = Check(line, subject, lineNumber, previous, out var parsed);
            if (problem is not null)
            {
                return Broken(events, lineNumber, problem);
            }

            events.Add(parsed!);
            previous = parsed;
        }

        return new LogContent(events, null, 0);
    }

    /// <summary>
    /// The line that records <paramref name="entry"/> after <paramref name="previous"/> (null for the first
    /// line), with its <c>seq</c>, <c>prev</c> and hash filled in; and the event as it now reads.
    /// </summary>
    public static (string Line, LedgerEvent Event) Format(LedgerEvent entry, LedgerEvent? previous)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var chained = entry with { Seq = (previous?.Seq ?? 0) + 1, Prev = previous?.Hash };
        var body = JsonSerializer.Serialize(chained, LedgerJsonContext.Default.LedgerEvent);
        var hash = Hash(Encoding.UTF8.GetBytes(body));
        return (string.Concat(body.AsSpan(0, body.Length - 1), HashMember, hash, "\"}\n"), chained with { Hash = hash, Line = chained.Seq });
    }

    /// <summary>Appends <paramref name="line"/> (from <see cref="Format"/>) and forces it to disk; callers hold the ledger lock.</summary>
    internal static void Append(string path, string line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    private static string? Check(ReadOnlySpan<byte> line, string subject, int number, LedgerEvent? previous, out LedgerEvent? parsed)
    {
        parsed = null;
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            return "is blank; every line of a ledger log is one event";
        }

        if (line.Length <= SuffixLength || line[^2] != (byte)'"' || line[^1] != (byte)'}' ||
            !line[^SuffixLength..^(SuffixLength - HashMember.Length)].SequenceEqual(HashMemberBytes))
        {
            return "is not a ledger event: it does not end with its \"hash\"";
        }

        // The body is the line without its hash member, closed again: hashed in a stack buffer when it is
        // small (every ordinary event), so checking 100,000 lines allocates only the one hash string each.
        var bodyLength = line.Length - SuffixLength + 1;
        var rented = bodyLength > StackBody ? ArrayPool<byte>.Shared.Rent(bodyLength) : null;
        var body = rented is null ? stackalloc byte[StackBody] : rented;
        body = body[..bodyLength];
        line[..^SuffixLength].CopyTo(body);
        body[^1] = (byte)'}';
        try
        {
            var stated = line[^(64 + 2)..^2];
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(body, digest);
            Span<char> hex = stackalloc char[64];
            Convert.TryToHexStringLower(digest, hex, out _);
            for (var i = 0; i < hex.Length; i++)
            {
                if (hex[i] != stated[i])
                {
                    return "was changed after it was written: its hash does not match its content";
                }
            }

            return Interpret(body, new string(hex), subject, number, previous, out parsed);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string? Interpret(ReadOnlySpan<byte> body, string stated, string subject, int number, LedgerEvent? previous, out LedgerEvent? parsed)
    {
        parsed = null;
        if (LedgerEventReader.Read(body, stated, number, subject, previous, out var invalid) is not { } entry)
        {
            return $"is not a valid event: {invalid}";
        }

        if (!string.Equals(entry.Task, subject, StringComparison.OrdinalIgnoreCase))
        {
            return $"belongs to '{entry.Task}', not '{subject}': it was copied from another log";
        }

        if (entry.Seq != number)
        {
            return string.Create(CultureInfo.InvariantCulture, $"has seq {entry.Seq} where {number} was expected: an event was removed, added or moved");
        }

        if (!string.Equals(entry.Prev, previous?.Hash, StringComparison.Ordinal))
        {
            return "does not follow the line before it (its prev hash differs): a line was removed, added or moved";
        }

        if (Array.IndexOf(LedgerEventKinds.All, entry.Kind) < 0)
        {
            return $"has an unknown kind '{entry.Kind}'";
        }

        parsed = entry;
        return null;
    }

    private static LogContent Broken(List<LedgerEvent> events, int line, string problem) =>
        new(events, string.Create(CultureInfo.InvariantCulture, $"line {line} {problem}"), line);

    private static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
