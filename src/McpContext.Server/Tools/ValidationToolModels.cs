using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Knowledge;
using McpContext.Server.Json;

namespace McpContext.Server.Tools;

/// <summary>A file named in <c>validate_change</c>'s <c>files</c>.</summary>
internal sealed record FileChangeInput(
    [property: Description("the file's path, relative to the repository root, e.g. deploy/nginx/nginx.conf")] string Path,
    [property: Description("\"add\", \"modify\", \"delete\" or \"rename\"")] string Change)
{
    /// <summary>For a rename, where the file comes from.</summary>
    [Description("for a rename: the path it comes from")]
    public string? OldPath { get; init; }
}

/// <summary>One finding of <c>validate_change</c>.</summary>
internal sealed record FindingOutput(
    [property: Description("the rule id, or a built-in check: secret, locked-key, locked-value, task-scope, frozen-spec, context-invalid")] string Rule,
    [property: Description("deny, needs_approval or warn")] string Effect,
    [property: Description("the rule's description and what in the change matched it")] string Message,
    [property: Description("the file, relative to the repository root")] string? Path,
    [property: Description("the line in that file")] int? Line,
    [property: Description("the line in the diff")] int? DiffLine,
    [property: Description("the context key")] string? Key,
    [property: Description("true when it blocks the change (deny, or needs_approval not yet approved)")] bool Blocks,
    [property: Description("present when a person approved this rule for this change")] ApprovalOutput? Approval);

/// <summary>Who approved a finding.</summary>
internal sealed record ApprovalOutput(
    [property: Description("the person")] string By,
    [property: Description("why, in their words")] string Reason,
    [property: Description("when")] DateTimeOffset At);

/// <summary>A known issue or lesson about the touched files.</summary>
internal sealed record RelatedKnowledgeOutput(
    [property: Description("its id (KI-001, L-001)")] string? Id,
    [property: Description("known_issue or lesson")] string Kind,
    [property: Description("one line")] string? Title,
    [property: Description("a known issue's status")] string? Status,
    [property: Description("what happened, why, and what to do")] string? Details,
    [property: Description("the touched files its paths match")] IReadOnlyList<string> Files,
    [property: Description("the MCP resource serving it")] string Uri);

/// <summary>A file the change touches.</summary>
internal sealed record ChangedFileOutput(
    [property: Description("its path after the change (the deleted path for a deletion)")] string Path,
    [property: Description("add, modify, delete or rename")] string Change,
    [property: Description("for a rename, where it came from")] string? OldPath);

/// <summary>A context value the change adds, modifies or deletes.</summary>
internal sealed record KeyChangeOutput(
    [property: Description("the key path")] string Path,
    [property: Description("add, modify or delete")] string Change,
    [property: Description("the value before (secrets redacted)")] JsonNode? Before,
    [property: Description("the value after (secrets redacted)")] JsonNode? After);

/// <summary>The task a change was checked against.</summary>
internal sealed record TaskOutput(
    [property: Description("the task id")] string Id,
    [property: Description("its file, relative to the repository root")] string File,
    [property: Description("its Files to modify, as written")] IReadOnlyList<string> FilesToModify);

/// <summary>The result of <c>validate_change</c>, and of <c>mcpctx check --format json</c>.</summary>
internal sealed record ValidateChangeOutput(
    [property: Description("allow, needs_approval or deny")] string Verdict,
    [property: Description("the change's id; a person approves a rule for this id with mcpctx approve")] string ChangeId,
    [property: Description("the revision of the context whose rules applied (the version before the change)")] string ContextRevision,
    [property: Description("one line: verdict, counts, change id")] string Summary,
    [property: Description("every finding, approved ones included")] IReadOnlyList<FindingOutput> Findings,
    [property: Description("the constraint flags: instructions to respect while making the change")] IReadOnlyDictionary<string, JsonElement> Flags,
    [property: Description("known issues and lessons whose paths match the touched files: read them before editing")] IReadOnlyList<RelatedKnowledgeOutput> Knowledge,
    [property: Description("the files the change touches")] IReadOnlyList<ChangedFileOutput> Files,
    [property: Description("the context values the change adds, modifies or deletes")] IReadOnlyList<KeyChangeOutput> KeyChanges,
    [property: Description("the task the change was checked against")] TaskOutput? Task)
{
    public static ValidateChangeOutput From(ValidationReport report) => new(
        report.Verdict.Name(),
        report.ChangeId,
        report.ContextRevision,
        ValidationText.Summary(report),
        [.. report.Findings.Select(f => new FindingOutput(f.Rule, f.Effect.Name(), f.Message, f.Path, f.Line, f.DiffLine, f.Key, f.Blocks,
            f.Approval is { } a ? new ApprovalOutput(a.Actor, a.Reason, a.Time) : null))],
        report.Flags,
        [.. report.Knowledge.Select(k => new RelatedKnowledgeOutput(k.Item.Id, k.Item is Core.Context.Model.Lesson ? "lesson" : "known_issue", k.Item.Title,
            KnowledgeService.Status(k.Item), k.Item.Details, k.Files, ContextSearch.Url(k.Item)))],
        [.. report.Files.Select(f => new ChangedFileOutput(f.Path, f.Kind.Name(), f.OldPath))],
        [.. report.KeyChanges.Select(c => new KeyChangeOutput(c.Path.ToString(), c.Kind.Name(), Redacted(c.Path, c.Before), Redacted(c.Path, c.After)))],
        report.Task is { } task ? new TaskOutput(task.Id, task.File, [.. task.FilesToModify.Select(e => e.Pattern)]) : null);

    private static JsonNode? Redacted(Toml.TomlPath path, object? value) =>
        value is null ? null
        : SecretGuard.Scan(path, value) is [var secret, ..] ? JsonValue.Create(SecretGuard.RedactionMarker(secret.Kind))
        : ContextJson.ToNode(value);
}

/// <summary>The JSON of a validation report, exactly as <c>validate_change</c> returns it, for the CLI's <c>--format json</c>.</summary>
public static class ValidationJson
{
    // The tool's own serializer settings, indented and without \u escapes of quotes and backticks for
    // people reading a terminal: the same fields, the same nulls, the same names.
    private static readonly JsonSerializerOptions Indented = new(ServerJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as indented JSON (snake_case).</summary>
    public static string Serialize(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(ValidateChangeOutput.From(report), (JsonTypeInfo<ValidateChangeOutput>)Indented.GetTypeInfo(typeof(ValidateChangeOutput)));
    }
}
