using System.Text.Json;
using System.Text.Json.Serialization;
using McpContext.Toml;

namespace McpContext.Core.Context.Model;

/// <summary>
/// The typed view of a project context document: what every agent needs to know about the project's
/// operational reality. Keys this model does not know are kept in <see cref="Extra"/> (and in each
/// section's own <c>Extra</c>), so a project's own tables are shown, never dropped. The file itself is
/// only ever edited through <see cref="ContextStore"/>; this view is read-only.
/// </summary>
public sealed record ProjectContext
{
    /// <summary>The JSON Schema the file names for editors (<c>$schema</c> in JSON files).</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>The project's short name.</summary>
    public string? Project { get; init; }

    /// <summary>What kind of project this is (for example <c>edge-platform</c>, <c>saas-api</c>).</summary>
    public string? ProjectType { get; init; }

    /// <summary>A paragraph on what the project is and how it runs.</summary>
    public string? Description { get; init; }

    /// <summary>What the team is working on now.</summary>
    public IReadOnlyList<string> CurrentFocus { get; init; } = [];

    /// <summary>The services by name, in file order; the short form <c>name = port</c> reads as a service with only a port.</summary>
    public IReadOnlyDictionary<string, Service> Services { get; init; } = new Dictionary<string, Service>();

    /// <summary>How releases reach their targets.</summary>
    public Deployment? Deployment { get; init; }

    /// <summary>The CI pipeline and its workflow files.</summary>
    public Ci? Ci { get; init; }

    /// <summary>Instructions (flags) and machine-checked rules.</summary>
    public Constraints? Constraints { get; init; }

    /// <summary>Known issues; the short form (an array of strings) reads as issues with only a title.</summary>
    public IReadOnlyList<KnownIssue> KnownIssues { get; init; } = [];

    /// <summary>Lessons learned: troubleshooting knowledge worth keeping.</summary>
    public IReadOnlyList<Lesson> Lessons { get; init; } = [];

    /// <summary>Decisions and why they were made.</summary>
    public IReadOnlyList<Decision> Decisions { get; init; } = [];

    /// <summary>When the context was last checked against the repository.</summary>
    public Verified? Verified { get; init; }

    /// <summary>The project's own keys and tables, which this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    /// <summary>Every known issue, lesson and decision, in that order.</summary>
    [JsonIgnore]
    public IEnumerable<KnowledgeItem> Knowledge => KnownIssues.Cast<KnowledgeItem>().Concat(Lessons).Concat(Decisions);

    /// <summary>The typed view of a decoded document. Values of the wrong type are left out; <see cref="ContextValidator"/> reports them.</summary>
    public static ProjectContext From(TomlTable model) => Read(model, []);

    internal static ProjectContext Read(TomlTable model, List<ModelProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(model);
        var r = new ModelReader(model, TomlPath.Root, problems);
        return new ProjectContext
        {
            Schema = r.String("$schema"),
            Project = r.String("project"),
            ProjectType = r.String("project_type"),
            Description = r.String("description"),
            CurrentFocus = r.Strings("current_focus"),
            Services = Service.ReadAll(r),
            Deployment = r.Table("deployment") is { } deployment ? Deployment.Read(deployment) : null,
            Ci = r.Table("ci") is { } ci ? Ci.Read(ci) : null,
            Constraints = r.Table("constraints") is { } constraints ? Constraints.Read(constraints) : null,
            KnownIssues = KnownIssue.ReadAll(r),
            Lessons = [.. r.Tables("lessons").Select(Lesson.Read)],
            Decisions = [.. r.Tables("decisions").Select(Decision.Read)],
            Verified = r.Table("verified") is { } verified ? Verified.Read(verified) : null,
            Extra = r.Extra(),
        };
    }
}
