namespace McpContext.Core.Ledger;

/// <summary>
/// Writes a parsed task file or a checked log as compact bytes for the ledger index, every string as a
/// number in one shared table (states, owners and commits repeat across thousands of events). Every
/// member of every type is written: a member added to these records must be added here and to the
/// index version (<see cref="LedgerIndex"/>), which the round-trip test over all members enforces.
/// </summary>
internal sealed class LedgerIndexWriter
{
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly List<string> _table = [];
    private byte[] _buffer = new byte[1 << 16];
    private int _length;

    public IReadOnlyList<string> Strings => _table;

    /// <summary>The entries written so far, one after another.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public int Position => _length;

    public void Spec(TaskSpec spec)
    {
        WriteString(spec.Id);
        WriteString(spec.File);
        WriteString(spec.Title);
        WriteString(spec.Objective);
        WriteList(spec.FilesToModify, f => { WriteString(f.Path); WriteString(f.Note); WriteInt(f.Line); });
        WriteList(spec.Steps, s => { WriteString(s.Text); WriteInt(s.Line); WriteFlag(s.Checked); });
        WriteList(spec.CompletionCriteria, c => { WriteString(c.Text); WriteInt(c.Line); WriteList(c.Commands, WriteString); });
        WriteList(spec.DependsOn, WriteString);
        WriteInt(spec.Priority);
        WriteList(spec.Tags, WriteString);
        WriteString(spec.Executor);
        WriteString(spec.Reviewer);
        WriteList(spec.OtherSections, s => { WriteString(s.Name); WriteInt(s.Line); WriteString(s.Text); });
        WriteList(spec.Diagnostics, d => { WriteString(d.File); WriteInt(d.Line); WriteString(d.Message); WriteInt((int)d.Severity); });
        WriteInt(spec.DependsOnLine);
    }

    public void Log(LogContent log)
    {
        WriteList(log.Events, Event);
        WriteString(log.Problem);
        WriteInt(log.ProblemLine);
    }

    private void Event(LedgerEvent e)
    {
        WriteString(e.Task);
        WriteInt(e.Seq);
        WriteTime(e.Time);
        WriteString(e.Actor);
        WriteString(e.Kind);
        WriteString(e.From);
        WriteString(e.To);
        WriteString(e.Reason);
        WriteString(e.Commit);
        WriteString(e.Owner);
        WriteFlag(e.LeaseUntil is not null);
        if (e.LeaseUntil is { } lease)
        {
            WriteTime(lease);
        }

        WriteString(e.TookOverFrom);
        WriteString(e.Title);
        WriteString(e.Sha256);
        WriteFlag(e.Evidence is not null);
        if (e.Evidence is { } evidence)
        {
            WriteString(evidence.Commit);
            WriteFlag(evidence.Dirty);
            WriteFlag(evidence.Passed);
            WriteList(evidence.Commands, c =>
            {
                WriteString(c.Command);
                WriteInt(c.Line);
                WriteString(c.Outcome);
                WriteFlag(c.ExitCode is not null);
                WriteInt(c.ExitCode ?? 0);
                WriteLong(c.DurationMs);
                WriteString(c.StdoutTail);
                WriteString(c.StderrTail);
                WriteLong(c.OutputBytes);
                WriteString(c.Error);
            });
        }

        WriteFlag(e.Review is not null);
        if (e.Review is { } review)
        {
            WriteString(review.Status);
            WriteString(review.Summary);
            WriteList(review.Findings, f => { WriteString(f.Message); WriteString(f.Severity); WriteString(f.File); WriteFlag(f.Line is not null); WriteInt(f.Line ?? 0); });
            WriteList(review.MissingTests, WriteString);
            WriteList(review.RecommendedActions, WriteString);
            WriteString(review.Commit);
            WriteString(review.Reviewer);
        }

        WriteString(e.Prev);
        WriteString(e.Hash);
        WriteInt(e.Line);
    }

    private void WriteList<T>(IReadOnlyList<T> items, Action<T> write)
    {
        WriteInt(items.Count);
        foreach (var item in items)
        {
            write(item);
        }
    }

    /// <summary>0 for null, else 1 + the string's number in the table.</summary>
    private void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(0);
            return;
        }

        if (!_strings.TryGetValue(value, out var number))
        {
            number = _table.Count;
            _strings.Add(value, number);
            _table.Add(value);
        }

        WriteInt(number + 1);
    }

    private void WriteFlag(bool? value) => WriteInt(value switch { null => 0, false => 1, true => 2 });

    private void WriteTime(DateTimeOffset time)
    {
        WriteLong(time.Ticks);
        WriteInt((int)time.Offset.TotalMinutes);
    }

    private void WriteInt(int value) => WriteLong(value);

    private void WriteLong(long value) => Varint.Write(ref _buffer, ref _length, value);
}

/// <summary>Zig-zag, then seven bits a byte: small numbers (lines, counts, string numbers) take one or two bytes.</summary>
internal static class Varint
{
    public static void Write(ref byte[] buffer, ref int length, long value)
    {
        var bits = (ulong)((value << 1) ^ (value >> 63));
        if (buffer.Length - length < 10)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        while (bits >= 0x80)
        {
            buffer[length++] = (byte)(bits | 0x80);
            bits >>= 7;
        }

        buffer[length++] = (byte)bits;
    }

    /// <summary>Reads one number at <paramref name="at"/> and moves past it; malformed bytes throw <see cref="InvalidDataException"/>.</summary>
    public static long Read(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong bits = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw new InvalidDataException("an index entry ends early");
            }

            var b = bytes[at++];
            bits |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)(bits >> 1) ^ -(long)(bits & 1);
            }
        }

        throw new InvalidDataException("an index number is too long");
    }
}

/// <summary>Reads what <see cref="LedgerIndexWriter"/> wrote; a malformed entry throws <see cref="InvalidDataException"/>.</summary>
internal ref struct LedgerIndexReader(ReadOnlySpan<byte> bytes, LedgerIndexStrings strings)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public TaskSpec Spec()
    {
        var spec = new TaskSpec
        {
            Id = ReadString()!,
            File = ReadString()!,
            Title = ReadString()!,
            Objective = ReadString(),
            FilesToModify = ReadList(static (ref r) => new TaskFileEntry(r.ReadString()!, r.ReadString(), r.ReadInt())),
            Steps = ReadList(static (ref r) => new TaskItem(r.ReadString()!, r.ReadInt(), r.ReadFlag())),
            CompletionCriteria = ReadList(static (ref r) => new TaskCriterion(r.ReadString()!, r.ReadInt(), r.ReadList(static (ref s) => s.ReadString()!))),
            DependsOn = ReadList(static (ref r) => r.ReadString()!),
            Priority = ReadInt(),
            Tags = ReadList(static (ref r) => r.ReadString()!),
            Executor = ReadString(),
            Reviewer = ReadString(),
            OtherSections = ReadList(static (ref r) => new TaskSection(r.ReadString()!, r.ReadInt(), r.ReadString()!)),
            Diagnostics = ReadList(static (ref r) => new LedgerDiagnostic(r.ReadString()!, r.ReadInt(), r.ReadString()!, (LedgerSeverity)r.ReadInt())),
            DependsOnLine = ReadInt(),
        };
        End();
        return spec;
    }

    public LogContent Log()
    {
        var events = ReadList(static (ref r) => r.Event());
        var problem = ReadString();
        var line = ReadInt();
        End();
        return new LogContent(events, problem, line);
    }

    private readonly void End()
    {
        if (_at != _bytes.Length)
        {
            throw new InvalidDataException("an index entry has bytes left over");
        }
    }

    private delegate T Item<T>(ref LedgerIndexReader reader);

    private LedgerEvent Event()
    {
        var task = ReadString()!;
        var seq = ReadInt();
        var time = ReadTime();
        var actor = ReadString()!;
        var kind = ReadString()!;
        var from = ReadString();
        var to = ReadString();
        var reason = ReadString();
        var commit = ReadString();
        var owner = ReadString();
        DateTimeOffset? lease = ReadFlag() == true ? ReadTime() : null;
        var tookOverFrom = ReadString();
        var title = ReadString();
        var sha256 = ReadString();
        var evidence = ReadFlag() == true
            ? new TaskEvidence(ReadString(), ReadFlag() == true, ReadFlag() == true, ReadList(static (ref r) =>
            {
                var command = r.ReadString()!;
                var line = r.ReadInt();
                var outcome = r.ReadString()!;
                var hasExit = r.ReadFlag() == true;
                var exit = r.ReadInt();
                return new CommandEvidence(command, line, outcome, hasExit ? exit : null, r.ReadLong(), r.ReadString()!, r.ReadString()!, r.ReadLong(), r.ReadString());
            }))
            : null;
        var review = ReadFlag() == true
            ? new TaskReview
            {
                Status = ReadString()!,
                Summary = ReadString()!,
                Findings = ReadList(static (ref r) =>
                {
                    var message = r.ReadString()!;
                    var severity = r.ReadString();
                    var file = r.ReadString();
                    var hasLine = r.ReadFlag() == true;
                    var line = r.ReadInt();
                    return new ReviewFinding(message, severity, file, hasLine ? line : null);
                }),
                MissingTests = ReadList(static (ref r) => r.ReadString()!),
                RecommendedActions = ReadList(static (ref r) => r.ReadString()!),
                Commit = ReadString(),
                Reviewer = ReadString(),
            }
            : null;
        return new LedgerEvent
        {
            Task = task, Seq = seq, Time = time, Actor = actor, Kind = kind, From = from, To = to, Reason = reason, Commit = commit, Owner = owner,
            LeaseUntil = lease, TookOverFrom = tookOverFrom, Title = title, Sha256 = sha256, Evidence = evidence, Review = review, Prev = ReadString(),
            Hash = ReadString()!, Line = ReadInt(),
        };
    }

    private List<T> ReadList<T>(Item<T> read)
    {
        var count = ReadInt();
        if (count < 0 || count > _bytes.Length - _at)
        {
            throw new InvalidDataException("an index list is longer than its entry");
        }

        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(ref this));
        }

        return items;
    }

    private string? ReadString()
    {
        var number = ReadInt();
        return number == 0 ? null : strings[number - 1];
    }

    private bool? ReadFlag() => ReadInt() switch
    {
        0 => null,
        1 => false,
        2 => true,
        _ => throw new InvalidDataException("an index flag is out of range"),
    };

    private DateTimeOffset ReadTime()
    {
        var ticks = ReadLong();
        var offset = ReadInt();
        if (ticks < DateTimeOffset.MinValue.Ticks || ticks > DateTimeOffset.MaxValue.Ticks || Math.Abs(offset) > 14 * 60)
        {
            throw new InvalidDataException("an index time is out of range");
        }

        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset));
    }

    private int ReadInt() => checked((int)ReadLong());

    private long ReadLong() => Varint.Read(_bytes, ref _at);
}
