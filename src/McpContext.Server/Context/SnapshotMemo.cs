using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using McpContext.Core.Context;

namespace McpContext.Server.Context;

/// <summary>
/// Values computed from one snapshot, kept exactly as long as the snapshot is. A snapshot never changes,
/// so an agent re-reading the same part of the same revision (the common case: every planning turn starts
/// with context_get) gets the value rendered the first time instead of a rebuild. A new revision is a new
/// snapshot, so nothing stale can be served.
/// </summary>
internal static class SnapshotMemo
{
    // Bounds what one snapshot can hold when a client walks many paths; past it, values are computed each time.
    private const int MaxEntriesPerSnapshot = 64;

    private static readonly ConditionalWeakTable<ContextSnapshot, ConcurrentDictionary<string, object>> Entries = [];

    /// <summary>The value stored for <paramref name="key"/> on <paramref name="snapshot"/>, created by <paramref name="create"/> the first time.</summary>
    public static T GetOrAdd<T>(ContextSnapshot snapshot, string key, Func<T> create)
        where T : class
    {
        var entries = Entries.GetValue(snapshot, static _ => new(StringComparer.Ordinal));
        if (entries.TryGetValue(key, out var found))
        {
            return (T)found;
        }

        var value = create();
        return entries.Count < MaxEntriesPerSnapshot ? (T)entries.GetOrAdd(key, value) : value;
    }
}
