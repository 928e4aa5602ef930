namespace McpContext.Core.Constraints;

/// <summary>What a finding does to the verdict.</summary>
public enum RuleEffect
{
    /// <summary>Reported; does not block.</summary>
    Warn,

    /// <summary>Blocks until a person approves the rule for this change.</summary>
    NeedsApproval,

    /// <summary>Blocks; cannot be approved.</summary>
    Deny,
}

/// <summary>The overall answer for a change.</summary>
public enum Verdict
{
    /// <summary>Nothing blocks it (warnings may remain).</summary>
    Allow,

    /// <summary>A person must approve at least one rule for this change first.</summary>
    NeedsApproval,

    /// <summary>It breaks a rule that cannot be approved.</summary>
    Deny,
}

/// <summary>The names rules, tools and the CLI use for effects and verdicts.</summary>
public static class VerdictNames
{
    /// <summary>deny, needs_approval or warn.</summary>
    public static string Name(this RuleEffect effect) => effect switch
    {
        RuleEffect.Deny => "deny",
        RuleEffect.NeedsApproval => "needs_approval",
        _ => "warn",
    };

    /// <summary>allow, needs_approval or deny.</summary>
    public static string Name(this Verdict verdict) => verdict switch
    {
        Verdict.Deny => "deny",
        Verdict.NeedsApproval => "needs_approval",
        _ => "allow",
    };

    /// <summary>The effect named <paramref name="name"/>, or null.</summary>
    public static RuleEffect? ParseEffect(string? name) => name switch
    {
        "deny" => RuleEffect.Deny,
        "needs_approval" => RuleEffect.NeedsApproval,
        "warn" => RuleEffect.Warn,
        _ => null,
    };
}
