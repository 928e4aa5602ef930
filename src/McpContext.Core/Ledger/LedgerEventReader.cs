using System.Text.Json;

namespace McpContext.Core.Ledger;

/// <summary>
/// Reads one event line without the general serializer: a ledger of 100,000 events is read on every
/// start, and the top-level members are read straight off <see cref="Utf8JsonReader"/>. The rare nested
/// evidence and review objects go through the source-generated serializer. Unknown members are skipped.
/// </summary>
internal static class LedgerEventReader
{
    private static readonly IReadOnlyList<string> States = TaskStates.Names;

    /// <summary>
    /// Reads <paramref name="json"/>; values equal to the subject's or the previous event's (task, prev,
    /// actor, owner, commit) share their strings, which keeps a large ledger's memory and GC time down.
    /// </summary>
    public static LedgerEvent? Read(ReadOnlySpan<byte> json, string hash, int line, string subject, LedgerEvent? previous, out string? error)
    {
        var reader = new Utf8JsonReader(json);
        string? task = null, actor = null, kind = null, from = null, to = null, reason = null, commit = null, owner = null, tookOverFrom = null, title = null, sha256 = null, prev = null;
        int? seq = null;
        DateTimeOffset? time = null, leaseUntil = null;
        TaskEvidence? evidence = null;
        TaskReview? review = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "it is not a JSON object";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                switch (name)
                {
                    case var _ when name.SequenceEqual("task"u8): task = Shared(ref reader, "task", subject, null); break;
                    case var _ when name.SequenceEqual("seq"u8): seq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var s) ? s : throw Bad("seq", "a whole number"); break;
                    case var _ when name.SequenceEqual("time"u8): time = Time(ref reader, "time"); break;
                    case var _ when name.SequenceEqual("actor"u8): actor = Shared(ref reader, "actor", previous?.Actor, previous?.Owner); break;
                    case var _ when name.SequenceEqual("kind"u8): kind = Known(ref reader, "kind", LedgerEventKinds.All); break;
                    case var _ when name.SequenceEqual("from"u8): from = Known(ref reader, "from", States); break;
                    case var _ when name.SequenceEqual("to"u8): to = Known(ref reader, "to", States); break;
                    case var _ when name.SequenceEqual("reason"u8): reason = Text(ref reader, "reason"); break;
                    case var _ when name.SequenceEqual("commit"u8): commit = Shared(ref reader, "commit", previous?.Commit, null); break;
                    case var _ when name.SequenceEqual("owner"u8): owner = Shared(ref reader, "owner", previous?.Owner, previous?.Actor); break;
                    case var _ when name.SequenceEqual("lease_until"u8): leaseUntil = Time(ref reader, "lease_until"); break;
                    case var _ when name.SequenceEqual("took_over_from"u8): tookOverFrom = Text(ref reader, "took_over_from"); break;
                    case var _ when name.SequenceEqual("title"u8): title = Text(ref reader, "title"); break;
                    case var _ when name.SequenceEqual("sha256"u8): sha256 = Text(ref reader, "sha256"); break;
                    case var _ when name.SequenceEqual("prev"u8): prev = Shared(ref reader, "prev", previous?.Hash, null); break;
                    case var _ when name.SequenceEqual("evidence"u8): evidence = JsonSerializer.Deserialize(ref reader, LedgerJsonContext.Default.TaskEvidence); break;
                    case var _ when name.SequenceEqual("review"u8): review = JsonSerializer.Deserialize(ref reader, LedgerJsonContext.Default.TaskReview); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (JsonException e)
        {
            error = e.Message.Split(" Path:")[0].Split(" LineNumber:")[0];
            return null;
        }
        catch (InvalidOperationException e)
        {
            error = e.Message;
            return null;
        }

        if (task is null || seq is null || time is null || actor is null || kind is null)
        {
            var missing = new[] { ("task", task is null), ("seq", seq is null), ("time", time is null), ("actor", actor is null), ("kind", kind is null) }.Where(m => m.Item2).Select(m => m.Item1);
            error = $"it lacks {string.Join(", ", missing)}";
            return null;
        }

        error = null;
        return new LedgerEvent
        {
            Task = task!, Seq = seq!.Value, Time = time!.Value, Actor = actor!, Kind = kind!, From = from, To = to, Reason = reason, Commit = commit, Owner = owner,
            LeaseUntil = leaseUntil, TookOverFrom = tookOverFrom, Title = title, Sha256 = sha256, Evidence = evidence, Review = review, Prev = prev,
            Hash = hash, Line = line,
        };
    }

    /// <summary>A value from a small set (kinds, states) as the shared string, so 100,000 events do not hold 200,000 copies of "in_progress".</summary>
    private static string? Known(ref Utf8JsonReader reader, string name, IReadOnlyList<string> values)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            foreach (var value in values)
            {
                if (reader.ValueTextEquals(value))
                {
                    return value;
                }
            }
        }

        return Text(ref reader, name);
    }

    private static string? Shared(ref Utf8JsonReader reader, string name, string? first, string? second)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            if (first is not null && reader.ValueTextEquals(first))
            {
                return first;
            }

            if (second is not null && reader.ValueTextEquals(second))
            {
                return second;
            }
        }

        return Text(ref reader, name);
    }

    private static string? Text(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Bad(name, "text"),
    };

    private static DateTimeOffset? Time(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String when reader.TryGetDateTimeOffset(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Bad(name, "a date-time"),
    };

    private static JsonException Bad(string name, string expected) => new($"'{name}' must be {expected}");
}
