using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpContext.Core.Context;

/// <summary>One recorded change: who, when, why, what, and the revisions before and after.</summary>
public sealed record ContextJournalEntry(
    DateTimeOffset Time,
    string Actor,
    string Reason,
    IReadOnlyList<string> Operations,
    string OldRevision,
    string NewRevision);

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
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ContextJournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
