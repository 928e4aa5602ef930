using System.ComponentModel;

namespace McpContext.Server.Tools;

/// <summary>A known issue, lesson or decision, as knowledge tools return it.</summary>
internal sealed record KnowledgeItemOutput(
    [property: Description("stable id (KI-001, L-001, D-001); absent for a short-form known issue (a plain string)")] string? Id,
    [property: Description("known_issue, lesson or decision")] string Kind,
    [property: Description("one line")] string? Title,
    [property: Description("open, mitigated, resolved, wont_fix (issues); proposed, accepted, superseded, rejected (decisions)")] string? Status,
    [property: Description("what happened, why, and what to do")] string? Details,
    [property: Description("free tags")] IReadOnlyList<string> Tags,
    [property: Description("repository paths (globs) it is about")] IReadOnlyList<string> Paths,
    [property: Description("when it was opened, learned or decided")] string? Date,
    [property: Description("when a known issue was resolved")] string? Resolved,
    [property: Description("how a known issue was resolved")] string? Resolution,
    [property: Description("the MCP resource serving it, also accepted by fetch as id without the context:// prefix")] string Uri);

/// <summary>The result of <c>knowledge_list</c>.</summary>
internal sealed record KnowledgeListOutput(
    [property: Description("the revision read")] string Revision,
    [property: Description("matching items, in file order")] IReadOnlyList<KnowledgeItemOutput> Items,
    [property: Description("present when there are more: pass it as cursor with the same filters")] string? NextCursor);

/// <summary>The result of a successful <c>knowledge_add</c> or <c>knowledge_resolve</c>.</summary>
internal sealed record KnowledgeWriteOutput(
    [property: Description("the id added or resolved")] string Id,
    [property: Description("the revision after the change")] string Revision,
    [property: Description("the MCP resource serving the item")] string Uri);

/// <summary>One result of <c>search</c>, in the shape ChatGPT connectors require.</summary>
internal sealed record SearchResultOutput(
    [property: Description("pass to fetch")] string Id,
    [property: Description("what the result is")] string Title,
    [property: Description("the MCP resource serving it")] string Url);

/// <summary>The result of <c>search</c>: <c>{"results":[{"id","title","url"}]}</c>.</summary>
internal sealed record SearchOutput(
    [property: Description("best first")] IReadOnlyList<SearchResultOutput> Results);

/// <summary>The result of <c>fetch</c>: <c>{"id","title","text","url","metadata"}</c>.</summary>
internal sealed record FetchOutput(
    [property: Description("the id fetched")] string Id,
    [property: Description("what it is")] string Title,
    [property: Description("the full text")] string Text,
    [property: Description("the MCP resource serving it")] string Url,
    [property: Description("kind, status, tags, paths and the context revision")] IReadOnlyDictionary<string, string> Metadata);
