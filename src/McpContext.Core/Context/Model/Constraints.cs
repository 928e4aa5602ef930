using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpContext.Core.Context.Model;

/// <summary>
/// <c>[constraints]</c>: free-form flags (every key but <c>rules</c> and <c>locked</c>, such as
/// <c>rollback_required = true</c>), which agents must read as instructions, the <see cref="Locked"/> context
/// keys, and machine-checked <see cref="Rules"/>.
/// </summary>
public sealed record Constraints
{
    /// <summary>The machine-checked rules, <c>[[constraints.rules]]</c>.</summary>
    public IReadOnlyList<ConstraintRule> Rules { get; init; } = [];

    /// <summary>
    /// Context key patterns that are locked (<c>services</c>, <c>deployment.model</c>, <c>services.*.port</c>): a
    /// change to them, or to a line of a repository file that defines a locked service port, needs a person's approval.
    /// </summary>
    public IReadOnlyList<string> Locked { get; init; } = [];

    /// <summary>The flags: instructions to every agent, returned with every verdict.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Flags { get; internal set; }

    internal static Constraints Read(ModelReader r) => new()
    {
        Rules = [.. r.Tables("rules").Select(ConstraintRule.Read)],
        Locked = r.Strings("locked"),
        Flags = r.Extra(),
    };
}

/// <summary>A machine-checked rule: what a change may not touch, or only with approval.</summary>
public sealed record ConstraintRule
{
    /// <summary>The effects a rule can have.</summary>
    public static IReadOnlyList<string> Effects { get; } = ["deny", "needs_approval", "warn"];

    /// <summary>The kinds of change a rule can be limited to.</summary>
    public static IReadOnlyList<string> ChangeKinds { get; } = ["add", "modify", "delete", "rename"];

    /// <summary>A stable id, named in every finding.</summary>
    public string? Id { get; init; }

    /// <summary>What the rule protects and why.</summary>
    public string? Description { get; init; }

    /// <summary>One of <see cref="Effects"/>.</summary>
    public string? Effect { get; init; }

    /// <summary>Repository path globs the rule matches.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Context key patterns the rule matches (<c>services.*.port</c>).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>Regular expressions (.NET syntax) matched against added lines.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>The kinds of change it applies to (<see cref="ChangeKinds"/>); all when empty.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    internal static ConstraintRule Read(ModelReader r)
    {
        var rule = new ConstraintRule
        {
            Id = r.String("id"),
            Description = r.String("description"),
            Effect = r.OneOf("effect", Effects),
            Paths = r.Strings("paths"),
            Keys = r.Strings("keys"),
            Patterns = r.Strings("patterns"),
            Changes = r.Strings("changes", ChangeKinds),
            Extra = r.Extra(),
        };
        if (r.Raw("id") is null)
        {
            r.Problems.Add(new(r.At, "a rule needs an id, which every finding names"));
        }

        if (r.Raw("effect") is null)
        {
            r.Problems.Add(new(r.At, $"a rule needs an effect: {string.Join(", ", Effects)}"));
        }

        return rule;
    }
}
