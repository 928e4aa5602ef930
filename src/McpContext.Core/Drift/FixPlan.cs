using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>
/// Puts every finding's operations into one list a single <c>context_update</c> can apply: sets first
/// (their indices are the file's), then appends, then removes from the back of each array so earlier
/// indices stay valid; anything under a path that is removed anyway is dropped.
/// </summary>
internal static class FixPlan
{
    public static IReadOnlyList<ContextOperation> Combine(IEnumerable<DriftFinding> findings)
    {
        var operations = findings.SelectMany(f => f.Operations).Distinct().ToList();
        var removed = operations.Where(o => o.Kind == ContextOperationKind.Remove).Select(o => o.Path).ToList();
        bool Shadowed(ContextOperation o) => removed.Any(r => !r.Equals(o.Path) && r.IsPrefixOf(o.Path));
        var kept = operations.Where(o => !Shadowed(o)).ToList();
        return
        [
            .. kept.Where(o => o.Kind == ContextOperationKind.Set),
            .. kept.Where(o => o.Kind == ContextOperationKind.Append),
            .. kept.Where(o => o.Kind == ContextOperationKind.Remove).OrderBy(o => o.Path, BackToFront.Instance),
        ];
    }

    /// <summary>Orders paths so that a later array index comes before an earlier one under the same parent.</summary>
    private sealed class BackToFront : IComparer<TomlPath>
    {
        public static readonly BackToFront Instance = new();

        public int Compare(TomlPath? x, TomlPath? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                var (a, b) = (x.Segments[i], y.Segments[i]);
                var order = a.IsIndex && b.IsIndex ? b.Index.CompareTo(a.Index) : string.CompareOrdinal(a.Key ?? "", b.Key ?? "");
                if (order != 0)
                {
                    return order;
                }
            }

            return y.Count.CompareTo(x.Count);
        }
    }
}
