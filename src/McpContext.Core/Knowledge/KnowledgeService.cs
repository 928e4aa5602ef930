using System.Globalization;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Paths;
using McpContext.Toml;

namespace McpContext.Core.Knowledge;

/// <summary>
/// Known issues, lessons and decisions: listed with filters, added with a fresh id and today's date,
/// and known issues resolved. Every write goes through <see cref="ContextStore"/>, so it is revision-
/// checked, validated, secret-guarded and journaled like any other edit.
/// </summary>
public sealed class KnowledgeService(ContextStore store, TimeProvider? time = null)
{
    // Appends and resolutions do not depend on what else changed, so a conflict caused by an unrelated
    // concurrent write is retried on the new revision; a caller that names a revision gets no retry.
    private const int Attempts = 5;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The items matching <paramref name="query"/>, in file order (known issues, lessons, decisions).</summary>
    public IReadOnlyList<KnowledgeItem> List(KnowledgeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var globs = new Dictionary<string, PathGlob?>(StringComparer.Ordinal);
        return [.. ProjectContext.From(store.Read().Model).Knowledge.Where(item =>
            (query.Kind is null || item.Kind == query.Kind)
            && (query.Status is null || string.Equals(Status(item), query.Status, StringComparison.OrdinalIgnoreCase))
            && (query.Tag is null || item.Tags.Contains(query.Tag, StringComparer.OrdinalIgnoreCase))
            && (query.Path is null || item.Paths.Any(p => Glob(globs, p)?.Concerns(query.Path) == true)))];
    }

    /// <summary>The item with <paramref name="id"/>, or null.</summary>
    public KnowledgeItem? Find(string id) =>
        ProjectContext.From(store.Read().Model).Knowledge.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));

    /// <summary>The status of an item, for the kinds that have one.</summary>
    public static string? Status(KnowledgeItem item) => item switch
    {
        KnownIssue issue => issue.Status ?? (issue.Id is null ? "open" : null),
        Decision decision => decision.Status,
        _ => null,
    };

    /// <summary>Adds an item at the end of its list.</summary>
    public KnowledgeWriteResult Add(NewKnowledge item, string actor, string reason, string? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Write(expectedRevision, snapshot =>
        {
            var context = ProjectContext.From(snapshot.Model);
            var id = item.Id ?? NextId(context, item.Kind);
            var table = new TomlTable { ["id"] = id, ["title"] = item.Title };
            if (item.Details is not null)
            {
                table["details"] = item.Details;
            }

            if (item.Kind != KnowledgeKind.Lesson)
            {
                table["status"] = item.Status ?? (item.Kind == KnowledgeKind.KnownIssue ? "open" : "accepted");
            }

            table["tags"] = new TomlArray(item.Tags);
            table["paths"] = new TomlArray(item.Paths);
            table[item.Kind switch { KnowledgeKind.KnownIssue => "opened", KnowledgeKind.Lesson => "learned", _ => "date" }] = Today();
            return (id, [new ContextOperation(ContextOperationKind.Append, TomlPath.FromKeys(KnowledgeItem.ListName(item.Kind)), table)], null);
        }, actor, reason, cancellationToken);
    }

    /// <summary>Closes the known issue <paramref name="id"/>: its status, today's date as <c>resolved</c>, and the resolution.</summary>
    public KnowledgeWriteResult Resolve(string id, string resolution, string actor, string? expectedRevision = null, string status = "resolved", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(resolution);
        return Write(expectedRevision, snapshot =>
        {
            var context = ProjectContext.From(snapshot.Model);
            var item = context.Knowledge.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
            if (item is not KnownIssue)
            {
                var ids = context.KnownIssues.Select(i => i.Id).OfType<string>().ToList();
                return (id, [], item is null
                    ? $"no known issue has id '{id}'; known issue ids: {(ids.Count == 0 ? "none" : string.Join(", ", ids))}"
                    : $"'{id}' is a {item.Kind.ToString().ToLowerInvariant()}, not a known issue; only known issues are resolved");
            }

            if (!KnownIssue.Statuses.Contains(status, StringComparer.Ordinal) || status == "open")
            {
                return (id, [], $"status '{status}' does not close an issue; use one of: mitigated, resolved, wont_fix");
            }

            return (id,
            [
                new ContextOperation(ContextOperationKind.Set, item.Location.Append("status"), status),
                new ContextOperation(ContextOperationKind.Set, item.Location.Append("resolved"), Today()),
                new ContextOperation(ContextOperationKind.Set, item.Location.Append("resolution"), resolution),
            ], null);
        }, actor, $"resolve {id}: {resolution}", cancellationToken);
    }

    private KnowledgeWriteResult Write(string? expectedRevision, Func<ContextSnapshot, (string Id, IReadOnlyList<ContextOperation> Operations, string? Refusal)> plan, string actor, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = store.Read();
            var (id, operations, refusal) = plan(snapshot);
            if (refusal is not null)
            {
                return new(ContextWriteResult.Rejected(snapshot, [refusal]), id);
            }

            var result = store.Update(expectedRevision ?? snapshot.Revision, operations, actor, reason, cancellationToken);
            if (result.Status != ContextWriteStatus.Conflict || expectedRevision is not null || attempt == Attempts)
            {
                return new(result, id);
            }
        }
    }

    private static string NextId(ProjectContext context, KnowledgeKind kind)
    {
        var prefix = kind switch { KnowledgeKind.KnownIssue => "KI-", KnowledgeKind.Lesson => "L-", _ => "D-" };
        var taken = context.Knowledge.Select(i => i.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var next = 1 + taken.Where(i => i.StartsWith(prefix, StringComparison.Ordinal))
            .Select(i => int.TryParse(i.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
        while (taken.Contains($"{prefix}{next:000}"))
        {
            next++;
        }

        return $"{prefix}{next:000}";
    }

    private TomlDateTime Today() => new(TomlDateTimeKind.LocalDate, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), default);

    private static PathGlob? Glob(Dictionary<string, PathGlob?> cache, string pattern)
    {
        if (!cache.TryGetValue(pattern, out var glob))
        {
            cache[pattern] = glob = PathGlob.TryParse(pattern, out var parsed, out _) ? parsed : null;
        }

        return glob;
    }
}
