using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpContext.Core.Context;

/// <summary>One recorded change: who, when, why, what, and the revisions before and after.</summary>
/// <param name="Time">When the change was written.</param>
/// <param name="Actor">Who made it (an MCP client's name, a person, a tool).</param>
/// <param name="Reason">Why, in the writer's words.</param>
/// <param name="Operations">The operations as text (<see cref="ContextJournal.Describe"/>).</param>
/// <param name="OldRevision">The revision the write replaced.</param>
/// <param name="NewRevision">The revision it produced.</param>
/// <param name="Paths">The key paths the operations touched, for queries by path.</param>
/// <param name="Approval">Set when the entry records a person's approval rather than a change to the file.</param>
public sealed record ContextJournalEntry(
    DateTimeOffset Time,
    string Actor,
    string Reason,
    IReadOnlyList<string> Operations,
    string OldRevision,
    string NewRevision,
    IReadOnlyList<string>? Paths = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JournalApproval? Approval = null);

/// <summary>A person's approval of one rule for one change (see <c>McpContext.Core.Constraints.Approvals</c>).</summary>
/// <param name="Rule">The rule id (or built-in check) approved.</param>
/// <param name="Change">The change id it is approved for.</param>
public sealed record JournalApproval(string Rule, string Change);

/// <summary>Which journal entries to return; every filter is optional.</summary>
public sealed record ContextJournalQuery
{
    /// <summary>Only changes touching this key path, something under it, or a table above it (<c>services</c> matches <c>services.web.port</c>).</summary>
    public string? Path { get; init; }

    /// <summary>Only changes by this actor (exact, case-insensitive).</summary>
    public string? Actor { get; init; }

    /// <summary>Only changes at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many entries, newest first.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>
/// The context's history: one JSON object per line in <c>.mcpcontext/journal.jsonl</c> beside the file.
/// Appended under the store's write lock, so lines never interleave.
/// </summary>
public sealed class ContextJournal
{
    internal ContextJournal(string path) => FilePath = path;

    /// <summary>Where the journal lives.</summary>
    public string FilePath { get; }

    /// <summary>Longest operation text kept in an entry; the file itself holds the full value.</summary>
    public const int MaxOperationLength = 4096;

    /// <summary>An operation as the journal records it: in full up to <see cref="MaxOperationLength"/> characters, then marked as cut.</summary>
    public static string Describe(ContextOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var text = operation.ToString();
        return text.Length <= MaxOperationLength ? text : $"{text[..MaxOperationLength]}… (cut, {text.Length} characters in all)";
    }

    internal void Append(ContextJournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, JournalJsonContext.Default.ContextJournalEntry) + "\n";
        using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every entry, oldest first. A damaged line (say, from a crash mid-append) is skipped, not fatal.</summary>
    public IReadOnlyList<ContextJournalEntry> ReadAll()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        var entries = new List<ContextJournalEntry>();
        foreach (var line in File.ReadLines(FilePath))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize(line, JournalJsonContext.Default.ContextJournalEntry) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A torn last line after a crash; the entries before it are intact.
            }
        }

        return entries;
    }

    /// <summary>The entries matching <paramref name="query"/>, newest first.</summary>
    public IReadOnlyList<ContextJournalEntry> Query(ContextJournalQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = query.Path is null ? null : Toml.TomlPath.TryParse(query.Path, out var p, out _) ? p : null;
        return [.. ReadAll()
            .Where(e => query.Actor is null || string.Equals(e.Actor, query.Actor, StringComparison.OrdinalIgnoreCase))
            .Where(e => query.Since is null || e.Time >= query.Since)
            .Where(e => query.Path is null || (path is not null && Touches(e, path)))
            .Reverse()
            .Take(Math.Max(0, query.Limit))];
    }

    private static bool Touches(ContextJournalEntry entry, Toml.TomlPath path) =>
        (entry.Paths ?? []).Any(touched => Toml.TomlPath.TryParse(touched, out var t, out _) && (path.IsPrefixOf(t) || t.IsPrefixOf(path)));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ContextJournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
