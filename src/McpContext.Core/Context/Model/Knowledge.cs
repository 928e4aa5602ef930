using System.Text.Json;
using System.Text.Json.Serialization;
using McpContext.Toml;

namespace McpContext.Core.Context.Model;

/// <summary>The kinds of knowledge a context keeps, each in its own array.</summary>
public enum KnowledgeKind
{
    /// <summary><c>[[known_issues]]</c>.</summary>
    KnownIssue,

    /// <summary><c>[[lessons]]</c>.</summary>
    Lesson,

    /// <summary><c>[[decisions]]</c>.</summary>
    Decision,
}

/// <summary>A known issue, lesson or decision: a stable id, a title, the details, and where it applies.</summary>
public abstract record KnowledgeItem
{
    /// <summary>A stable id, unique across all knowledge (KI-001, L-001, D-001).</summary>
    public string? Id { get; init; }

    /// <summary>One line.</summary>
    public string? Title { get; init; }

    /// <summary>What happened, why, and what to do.</summary>
    public string? Details { get; init; }

    /// <summary>Free tags for search and filtering.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Repository paths (globs) it is about; a change touching them brings it up.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    /// <summary>Which kind this is.</summary>
    [JsonIgnore]
    public abstract KnowledgeKind Kind { get; }

    /// <summary>Where it sits in the document (<c>known_issues[2]</c>).</summary>
    [JsonIgnore]
    public TomlPath Location { get; init; } = TomlPath.Root;

    /// <summary>
    /// Reads the keys every kind shares into <paramref name="item"/>, which holds the kind's own keys
    /// (read first by the caller); the keys left over become <see cref="Extra"/>.
    /// </summary>
    private protected static T ReadShared<T>(ModelReader r, T item)
        where T : KnowledgeItem => item with
        {
            Id = r.String("id"),
            Title = r.String("title"),
            Details = r.String("details"),
            Tags = r.Strings("tags"),
            Paths = r.Strings("paths"),
            Extra = r.Extra(),
            Location = r.At,
        };

    /// <summary>The array a kind lives in.</summary>
    public static string ListName(KnowledgeKind kind) => kind switch
    {
        KnowledgeKind.KnownIssue => "known_issues",
        KnowledgeKind.Lesson => "lessons",
        _ => "decisions",
    };
}

/// <summary>A known issue: <c>[[known_issues]]</c>, or a plain string in the short form <c>known_issues = ["..."]</c>.</summary>
public sealed record KnownIssue : KnowledgeItem
{
    /// <summary>The statuses an issue can have.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["open", "mitigated", "resolved", "wont_fix"];

    /// <summary>One of <see cref="Statuses"/>.</summary>
    public string? Status { get; init; }

    /// <summary>When it was found.</summary>
    public string? Opened { get; init; }

    /// <summary>When it was resolved.</summary>
    public string? Resolved { get; init; }

    /// <summary>How it was resolved.</summary>
    public string? Resolution { get; init; }

    /// <inheritdoc />
    public override KnowledgeKind Kind => KnowledgeKind.KnownIssue;

    internal static IReadOnlyList<KnownIssue> ReadAll(ModelReader root)
    {
        if (root.Raw("known_issues") is not TomlArray array)
        {
            // Absent, or not an array: Tables reports the latter.
            return [.. root.Tables("known_issues").Select(Read)];
        }

        var issues = new List<KnownIssue>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var at = root.At.Append("known_issues").Append(i);
            switch (array[i])
            {
                case string title:
                    issues.Add(new KnownIssue { Title = title, Location = at });
                    break;
                case TomlTable table:
                    issues.Add(Read(new ModelReader(table, at, root.Problems)));
                    break;
                case var other:
                    root.Problems.Add(new(at, $"expected a string or a table, found {TomlModel.Describe(other)}"));
                    break;
            }
        }

        return issues;
    }

    private static KnownIssue Read(ModelReader r) => ReadShared(r, new KnownIssue
    {
        Status = r.OneOf("status", Statuses),
        Opened = r.Date("opened"),
        Resolved = r.Date("resolved"),
        Resolution = r.String("resolution"),
    });
}

/// <summary>A lesson learned: <c>[[lessons]]</c>.</summary>
public sealed record Lesson : KnowledgeItem
{
    /// <summary>When it was learned.</summary>
    public string? Learned { get; init; }

    /// <inheritdoc />
    public override KnowledgeKind Kind => KnowledgeKind.Lesson;

    internal static Lesson Read(ModelReader r) => ReadShared(r, new Lesson { Learned = r.Date("learned") });
}

/// <summary>A decision and why it was made: <c>[[decisions]]</c>.</summary>
public sealed record Decision : KnowledgeItem
{
    /// <summary>The statuses a decision can have.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["proposed", "accepted", "superseded", "rejected"];

    /// <summary>One of <see cref="Statuses"/>.</summary>
    public string? Status { get; init; }

    /// <summary>When it was decided.</summary>
    public string? Date { get; init; }

    /// <inheritdoc />
    public override KnowledgeKind Kind => KnowledgeKind.Decision;

    internal static Decision Read(ModelReader r) => ReadShared(r, new Decision { Status = r.OneOf("status", Statuses), Date = r.Date("date") });
}
