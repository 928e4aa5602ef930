using McpContext.Core.Context.Model;

namespace McpContext.Core.Knowledge;

/// <summary>Which knowledge to list; every filter is optional and they combine with AND.</summary>
public sealed record KnowledgeQuery
{
    /// <summary>Only this kind.</summary>
    public KnowledgeKind? Kind { get; init; }

    /// <summary>Only items with this status (known issues and decisions have one).</summary>
    public string? Status { get; init; }

    /// <summary>Only items carrying this tag (case-insensitive).</summary>
    public string? Tag { get; init; }

    /// <summary>Only items whose paths concern this repository path: a file they match, or a directory they reach into.</summary>
    public string? Path { get; init; }
}

/// <summary>A known issue, lesson or decision to add.</summary>
/// <param name="Kind">Which list it goes to.</param>
/// <param name="Title">One line.</param>
public sealed record NewKnowledge(KnowledgeKind Kind, string Title)
{
    /// <summary>A stable id; when absent the next free one is chosen (KI-004, L-002, D-005).</summary>
    public string? Id { get; init; }

    /// <summary>What happened, why, and what to do.</summary>
    public string? Details { get; init; }

    /// <summary>For a known issue or decision; defaults to open / accepted.</summary>
    public string? Status { get; init; }

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Repository paths (globs) it is about.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];
}

/// <summary>The outcome of a knowledge write: the store's result, and the id written.</summary>
/// <param name="Write">Written, conflict or rejected, with the snapshot and reasons.</param>
/// <param name="Id">The id of the item added or resolved, when there is one.</param>
public sealed record KnowledgeWriteResult(Context.ContextWriteResult Write, string? Id);
