using McpContext.Core.Context;
using McpContext.Core.Context.Model;

namespace McpContext.Core.Constraints;

/// <summary>An approval found for a finding: who gave it, when and why.</summary>
/// <param name="Actor">The person.</param>
/// <param name="Reason">Why, in their words.</param>
/// <param name="Time">When.</param>
public sealed record ApprovalRecord(string Actor, string Reason, DateTimeOffset Time);

/// <summary>
/// Approvals: a person approves one rule (or built-in check) for one change id, recorded in the context's
/// journal with who and why. Only rules whose effect is <c>needs_approval</c> can be approved; a deny rule
/// is changed in the context, not waived. There is deliberately no MCP tool for this: an agent must not
/// be able to approve its own change.
/// </summary>
public static class Approvals
{
    /// <summary>The built-in checks whose findings need approval, and so can be approved.</summary>
    public static readonly IReadOnlyList<string> ApprovableBuiltIns = ["locked-key", "locked-value", "task-scope", "frozen-spec"];

    /// <summary>Records that <paramref name="actor"/> approves <paramref name="rule"/> for the change <paramref name="change"/>.</summary>
    /// <returns>Null when recorded, else why not.</returns>
    public static string? Approve(ContextStore store, string rule, string change, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rule);
        if (!ChangeIdentity.IsValid(change))
        {
            return $"'{change}' is not a change id: copy the 16 hex digits mcpctx check or validate_change printed as the change id";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "an approval needs a reason: say why this change may break the rule";
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            return "an approval needs the name of the person who gives it";
        }

        if (Refusal(ProjectContext.From(store.Read().Model), rule) is { } refusal)
        {
            return refusal;
        }

        var recorded = store.TryAppendToJournal((revision, time) => new ContextJournalEntry(
            time, actor, reason, [$"approve {rule} for change {change}"], revision, revision, [], new JournalApproval(rule, change)), cancellationToken);
        return recorded ? null : $"the context lock stayed busy; the approval was not recorded, try again";
    }

    /// <summary>The approvals recorded for <paramref name="change"/>, by rule; the latest wins.</summary>
    public static IReadOnlyDictionary<string, ApprovalRecord> For(ContextJournal journal, string change)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var approvals = new Dictionary<string, ApprovalRecord>(StringComparer.Ordinal);
        foreach (var entry in journal.ReadAll())
        {
            if (entry.Approval is { } approval && approval.Change == change)
            {
                approvals[approval.Rule] = new ApprovalRecord(entry.Actor, entry.Reason, entry.Time);
            }
        }

        return approvals;
    }

    private static string? Refusal(ProjectContext context, string rule)
    {
        if (ApprovableBuiltIns.Contains(rule, StringComparer.Ordinal))
        {
            return null;
        }

        if (RuleSet.BuiltInIds.Contains(rule, StringComparer.Ordinal))
        {
            return $"'{rule}' findings deny the change and cannot be approved";
        }

        var rules = context.Constraints?.Rules ?? [];
        var found = rules.FirstOrDefault(r => r.Id == rule);
        if (found is null)
        {
            var approvable = rules.Where(r => r.Effect == "needs_approval").Select(r => r.Id).OfType<string>().Concat(ApprovableBuiltIns);
            return $"no rule has id '{rule}'; rules that can be approved: {string.Join(", ", approvable)}";
        }

        return found.Effect == "needs_approval" ? null
            : $"rule {rule} has effect '{found.Effect}': only needs_approval rules can be approved{(found.Effect == "deny" ? "; to allow such changes, change the rule in the context" : ", and a warning does not block")}";
    }
}
