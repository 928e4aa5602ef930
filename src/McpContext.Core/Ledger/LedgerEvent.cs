using System.Text.Json.Serialization;

namespace McpContext.Core.Ledger;

/// <summary>What a ledger event records.</summary>
public static class LedgerEventKinds
{
    /// <summary>The task was created through McpContext.</summary>
    public const string Created = "created";

    /// <summary>The state changed (<see cref="LedgerEvent.From"/> → <see cref="LedgerEvent.To"/>).</summary>
    public const string Transition = "transition";

    /// <summary>An owner took, renewed or took over the claim; a first claim also moves ready → in_progress.</summary>
    public const string Claimed = "claimed";

    /// <summary>The completion criteria were run; <see cref="LedgerEvent.Evidence"/> holds the results.</summary>
    public const string Evidence = "evidence";

    /// <summary>A structured review was recorded, with the state change it made.</summary>
    public const string Review = "review";

    /// <summary>A document's hash was frozen (spec freeze logs only).</summary>
    public const string Frozen = "frozen";

    internal static readonly string[] All = [Created, Transition, Claimed, Evidence, Review, Frozen];
}

/// <summary>
/// One line of a ledger log: who did what to which task, when and why, chained to the line before by
/// hash. Logs are append-only; state is folded from them.
/// </summary>
public sealed record LedgerEvent
{
    /// <summary>The task (or, in a freeze log, the document path) the log belongs to.</summary>
    public required string Task { get; init; }

    /// <summary>1 for the first line, then one more per line.</summary>
    public required int Seq { get; init; }

    /// <summary>When it was recorded (UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who: an MCP client's name, a claim owner, a person at the CLI.</summary>
    public required string Actor { get; init; }

    /// <summary>One of <see cref="LedgerEventKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The state before, for events that change or check it.</summary>
    public string? From { get; init; }

    /// <summary>The state after.</summary>
    public string? To { get; init; }

    /// <summary>Why, in the actor's words (required for blocked, cancelled, changes_requested, re-freezing).</summary>
    public string? Reason { get; init; }

    /// <summary>The commit the event is about (a transition to done, a review).</summary>
    public string? Commit { get; init; }

    /// <summary>For a claim: who holds it.</summary>
    public string? Owner { get; init; }

    /// <summary>For a claim: when the lease ends unless renewed.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>For a claim taken over from an expired lease: the previous owner.</summary>
    public string? TookOverFrom { get; init; }

    /// <summary>For a created event: the title; for a freeze: the document's path.</summary>
    public string? Title { get; init; }

    /// <summary>For a freeze: the SHA-256 of the document's bytes.</summary>
    public string? Sha256 { get; init; }

    /// <summary>For an evidence event: what ran and how it ended.</summary>
    public TaskEvidence? Evidence { get; init; }

    /// <summary>For a review event: the review.</summary>
    public TaskReview? Review { get; init; }

    /// <summary>The hash of the line before; null on the first line.</summary>
    public string? Prev { get; init; }

    /// <summary>This line's hash: SHA-256 of the line's text without the hash, which includes <see cref="Prev"/>.</summary>
    [JsonIgnore]
    public string Hash { get; init; } = "";

    /// <summary>The 1-based line in the log file it was read from (0 before it is written).</summary>
    [JsonIgnore]
    public int Line { get; init; }
}

/// <summary>The result of running one runnable completion criterion.</summary>
/// <param name="Command">What ran (with <c>sh -c</c>, in the repository root).</param>
/// <param name="Line">The criterion's line in the task file.</param>
/// <param name="Outcome">exited, timed_out, cancelled or failed_to_start.</param>
/// <param name="ExitCode">The exit code, when it exited (or was killed and reported one).</param>
/// <param name="DurationMs">Wall time in milliseconds.</param>
/// <param name="StdoutTail">The end of standard output, bounded.</param>
/// <param name="StderrTail">The end of standard error, bounded.</param>
/// <param name="OutputBytes">How many bytes it wrote to both streams in all.</param>
/// <param name="Error">Why it could not start, if it could not.</param>
public sealed record CommandEvidence(
    string Command,
    int Line,
    string Outcome,
    int? ExitCode,
    long DurationMs,
    string StdoutTail,
    string StderrTail,
    long OutputBytes,
    string? Error = null)
{
    /// <summary>True when it exited with code 0.</summary>
    [JsonIgnore]
    public bool Passed => Outcome == "exited" && ExitCode == 0;
}

/// <summary>What a <c>task_verify</c> run established: at which commit, on a clean tree or not, and each command's result.</summary>
/// <param name="Commit">HEAD when the commands ran.</param>
/// <param name="Dirty">True when the working tree had uncommitted changes (outside the ledger's own files): the run is then evidence for no commit.</param>
/// <param name="Passed">True when every command passed (and there was at least nothing that failed).</param>
/// <param name="Commands">Each runnable criterion's result, in spec order.</param>
public sealed record TaskEvidence(string? Commit, bool Dirty, bool Passed, IReadOnlyList<CommandEvidence> Commands);

/// <summary>A finding of a review.</summary>
/// <param name="Message">What is wrong or worth knowing.</param>
/// <param name="Severity">critical, major, minor or info.</param>
/// <param name="File">The file it is about, relative to the repository root.</param>
/// <param name="Line">The line in that file.</param>
public sealed record ReviewFinding(string Message, string? Severity = null, string? File = null, int? Line = null);

/// <summary>
/// A structured review, as <c>schemas/review.schema.json</c> describes it: approved, changes_requested or
/// rejected, with a summary, findings, missing tests and recommended actions, for one commit.
/// </summary>
public sealed record TaskReview
{
    /// <summary>approved, changes_requested or rejected.</summary>
    public required string Status { get; init; }

    /// <summary>The verdict in a few sentences.</summary>
    public required string Summary { get; init; }

    /// <summary>What the reviewer found.</summary>
    public IReadOnlyList<ReviewFinding> Findings { get; init; } = [];

    /// <summary>Tests the change should have and does not.</summary>
    public IReadOnlyList<string> MissingTests { get; init; } = [];

    /// <summary>What to do next; attached to the task when changes are requested.</summary>
    public IReadOnlyList<string> RecommendedActions { get; init; } = [];

    /// <summary>The commit reviewed; HEAD when not given.</summary>
    public string? Commit { get; init; }

    /// <summary>Who reviewed, if not the caller.</summary>
    public string? Reviewer { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LedgerEvent))]
[JsonSerializable(typeof(TaskEvidence))]
[JsonSerializable(typeof(TaskReview))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
