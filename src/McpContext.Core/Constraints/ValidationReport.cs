using System.Text.Json;
using McpContext.Core.Context.Model;

namespace McpContext.Core.Constraints;

/// <summary>One reason a change is blocked or flagged.</summary>
/// <param name="Rule">The rule id, or a built-in check (secret, locked-key, locked-value, task-scope, frozen-spec, context-invalid).</param>
/// <param name="Effect">What it does to the verdict.</param>
/// <param name="Message">The rule's description and what in the change matched it.</param>
public sealed record Finding(string Rule, RuleEffect Effect, string Message)
{
    /// <summary>The file it is about, relative to the repository root.</summary>
    public string? Path { get; init; }

    /// <summary>The line in that file (the new file for added lines, the old one for removed lines).</summary>
    public int? Line { get; init; }

    /// <summary>The line in the diff.</summary>
    public int? DiffLine { get; init; }

    /// <summary>The context key it is about.</summary>
    public string? Key { get; init; }

    /// <summary>The approval that lifts it, if a person gave one for this change.</summary>
    public ApprovalRecord? Approval { get; init; }

    /// <summary>True when it blocks the change: deny, or needs_approval without an approval.</summary>
    public bool Blocks => Effect == RuleEffect.Deny || (Effect == RuleEffect.NeedsApproval && Approval is null);
}

/// <summary>A known issue or lesson whose paths match files the change touches.</summary>
/// <param name="Item">The item.</param>
/// <param name="Files">The touched files that matched its paths.</param>
public sealed record RelatedKnowledge(KnowledgeItem Item, IReadOnlyList<string> Files);

/// <summary>The answer for a change: the verdict, why, what to respect, and what went wrong here before.</summary>
public sealed record ValidationReport
{
    /// <summary>Allow, needs approval or deny.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>The change's id (<see cref="ChangeIdentity"/>); approvals name it.</summary>
    public required string ChangeId { get; init; }

    /// <summary>The revision of the context whose rules were applied (the version before the change).</summary>
    public required string ContextRevision { get; init; }

    /// <summary>Every finding, approved ones included.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>The constraint flags: instructions every agent must respect.</summary>
    public IReadOnlyDictionary<string, JsonElement> Flags { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Known issues and lessons about the touched files.</summary>
    public IReadOnlyList<RelatedKnowledge> Knowledge { get; init; } = [];

    /// <summary>The files the change touches.</summary>
    public IReadOnlyList<ChangedFile> Files { get; init; } = [];

    /// <summary>The context values the change adds, modifies or deletes.</summary>
    public IReadOnlyList<ContextKeyChange> KeyChanges { get; init; } = [];

    /// <summary>The task the change was checked against.</summary>
    public TaskScope? Task { get; init; }
}

/// <summary>A report, or the errors that kept the change from being checked (bad input, bad rules, unknown task).</summary>
/// <param name="Report">The report, when the change could be checked.</param>
/// <param name="Errors">Otherwise why not, each naming where (diff line, argument, file:line, rule id).</param>
public sealed record ValidationResult(ValidationReport? Report, IReadOnlyList<string> Errors)
{
    /// <summary>True when <see cref="Report"/> is there.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Report))]
    public bool Succeeded => Report is not null;
}
