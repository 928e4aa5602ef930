using System.ComponentModel;
using System.Globalization;
using System.Text;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Knowledge;
using McpContext.Server.Context;
using McpContext.Server.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>knowledge</c> toolset: list known issues, lessons and decisions, add one, resolve a known issue.
/// Thin over <see cref="KnowledgeService"/>; every write is revision-checked, validated and journaled.
/// </summary>
[McpServerToolType]
internal sealed class KnowledgeTools(ContextWorkspace workspace)
{
    private const int PageSize = 50;

    [McpServerTool(Name = "knowledge_list", Title = "List known issues, lessons and decisions", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(KnowledgeListOutput))]
    [Description("Lists the project's known issues, lessons learned and decisions, filtered by kind, status, tag and repository path. Ask with the files you are about to touch (path) to learn what broke there before.")]
    public async Task<CallToolResult> KnowledgeList(
        McpServer server,
        [Description("known_issue, lesson or decision; omit for all")] string? kind = null,
        [Description("only this status, e.g. open or accepted")] string? status = null,
        [Description("only items with this tag")] string? tag = null,
        [Description("a repository file or directory: only items whose paths concern it")] string? path = null,
        [Description("next_cursor from the previous page with the same filters")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        if (!TryParseKind(kind, "kind", out var parsedKind, out var error))
        {
            return error;
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var revision = store.Read().Revision;
        var filter = $"knowledge_list?{kind}&{status}&{tag}&{path}";
        var offset = 0;
        if (cursor is not null && (!ContextPager.TryReadCursor(cursor, out var cursorRevision, out var cursorFilter, out offset) || cursorFilter != filter || cursorRevision != revision))
        {
            return ToolResults.InvalidArgument("cursor", "expected the next_cursor of the previous page, with the same filters and no change to the context since; call knowledge_list without cursor to start over");
        }

        var items = new KnowledgeService(store).List(new KnowledgeQuery { Kind = parsedKind, Status = status, Tag = tag, Path = path });
        var page = items.Skip(offset).Take(PageSize).Select(Output).ToList();
        var next = offset + PageSize < items.Count ? ContextPager.CreateCursor(revision, filter, offset + PageSize) : null;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{items.Count} item(s) at revision {revision}");
        foreach (var item in page)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {item.Id ?? item.Uri} [{item.Kind}{(item.Status is null ? "" : ", " + item.Status)}] {item.Title}");
        }

        return ToolResults.Success(new KnowledgeListOutput(revision, page, next), ServerJsonContext.Default.KnowledgeListOutput, text.ToString());
    }

    [McpServerTool(Name = "knowledge_add", Title = "Record a known issue, lesson or decision", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(KnowledgeWriteOutput))]
    [Description("Adds a known issue, a lesson learned or a decision to the project context, with a fresh id (unless given) and today's date. Never put secrets in it: a write holding one is refused.")]
    public async Task<CallToolResult> KnowledgeAdd(
        McpServer server,
        [Description("known_issue, lesson or decision")] string kind,
        [Description("one line")] string title,
        [Description("why you are adding it (recorded in the journal)")] string reason,
        [Description("what happened, why, and what to do")] string? details = null,
        [Description("free tags")] string[]? tags = null,
        [Description("repository paths or globs it is about, e.g. deploy/nginx/**")] string[]? paths = null,
        [Description("for a known issue (default open) or a decision (default accepted)")] string? status = null,
        [Description("a stable id; omit to get the next free one")] string? id = null,
        [Description("the revision you read; omit to add on top of whatever is current")] string? expected_revision = null,
        CancellationToken cancellationToken = default)
    {
        if (!TryParseKind(kind, "kind", out var parsedKind, out var error))
        {
            return error;
        }

        if (parsedKind is null)
        {
            return ToolResults.InvalidArgument("kind", "expected known_issue, lesson or decision");
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            return ToolResults.InvalidArgument("title", "expected one line saying what it is");
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var item = new NewKnowledge(parsedKind.Value, title) { Id = id, Details = details, Status = status, Tags = tags ?? [], Paths = paths ?? [] };
        var result = new KnowledgeService(store).Add(item, ContextTools.Actor(server), reason, expected_revision, cancellationToken);
        return Written(result, parsedKind.Value, "added");
    }

    [McpServerTool(Name = "knowledge_resolve", Title = "Resolve a known issue", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(KnowledgeWriteOutput))]
    [Description("Closes a known issue: sets its status (resolved by default), today's date as resolved, and how it was resolved.")]
    public async Task<CallToolResult> KnowledgeResolve(
        McpServer server,
        [Description("the known issue's id, e.g. KI-001")] string id,
        [Description("how it was resolved, for whoever meets it next")] string resolution,
        [Description("resolved (default), mitigated or wont_fix")] string status = "resolved",
        [Description("the revision you read; omit to resolve on top of whatever is current")] string? expected_revision = null,
        CancellationToken cancellationToken = default)
    {
        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var result = new KnowledgeService(store).Resolve(id, resolution, ContextTools.Actor(server), expected_revision, status, cancellationToken);
        return Written(result, KnowledgeKind.KnownIssue, "resolved");
    }

    private static CallToolResult Written(KnowledgeWriteResult result, KnowledgeKind kind, string verb)
    {
        var write = result.Write;
        if (write.Status != ContextWriteStatus.Written)
        {
            var prefix = write.Status == ContextWriteStatus.Conflict ? "conflict, nothing was written" : "refused, nothing was written";
            return ToolResults.Error($"{prefix}: {string.Join("; ", write.Problems)}");
        }

        var uri = ContextSearch.ItemUrl(KnowledgeItem.ListName(kind), result.Id!);
        return ToolResults.Success(new KnowledgeWriteOutput(result.Id!, write.Snapshot!.Revision, uri), ServerJsonContext.Default.KnowledgeWriteOutput,
            $"{verb} {result.Id}; the context is now at revision {write.Snapshot.Revision}");
    }

    private static KnowledgeItemOutput Output(KnowledgeItem item) => new(
        item.Id,
        Kind(item.Kind),
        item.Title,
        KnowledgeService.Status(item),
        item.Details,
        item.Tags,
        item.Paths,
        item switch { KnownIssue i => i.Opened, Lesson l => l.Learned, Decision d => d.Date, _ => null },
        (item as KnownIssue)?.Resolved,
        (item as KnownIssue)?.Resolution,
        ContextSearch.Url(item));

    private static string Kind(KnowledgeKind kind) => kind switch
    {
        KnowledgeKind.KnownIssue => "known_issue",
        KnowledgeKind.Lesson => "lesson",
        _ => "decision",
    };

    private static bool TryParseKind(string? text, string argument, out KnowledgeKind? kind, out CallToolResult error)
    {
        error = null!;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "":
                kind = null;
                return true;
            case "known_issue" or "known_issues" or "issue":
                kind = KnowledgeKind.KnownIssue;
                return true;
            case "lesson" or "lessons":
                kind = KnowledgeKind.Lesson;
                return true;
            case "decision" or "decisions":
                kind = KnowledgeKind.Decision;
                return true;
            default:
                kind = null;
                error = ToolResults.InvalidArgument(argument, $"expected known_issue, lesson or decision, not '{text}'");
                return false;
        }
    }
}
