using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tools;

/// <summary>A problem with the context file, as tools report it.</summary>
/// <param name="Line">1-based line, 0 when the problem has no single position.</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Path">The key path the problem is about, when it is about one.</param>
internal sealed record DiagnosticOutput(
    [property: Description("1-based line, 0 when the problem has no single position")] int Line,
    [property: Description("1-based column, 0 when the problem has no single position")] int Column,
    [property: Description("what is wrong and what to do")] string Message,
    [property: Description("the key path the problem is about, when it is about one")] string? Path);

/// <summary>The result of <c>context_get</c>.</summary>
internal sealed record ContextGetOutput(
    [property: Description("the revision read; pass it as expected_revision to context_update")] string Revision,
    [property: Description("the key path of value; empty for the whole document")] string Path,
    [property: Description("the value at path as JSON (tables are objects); on a paged read, this page's keys or items")] JsonNode Value,
    [property: Description("problems with the file on disk; empty when it is fine")] IReadOnlyList<DiagnosticOutput> Diagnostics,
    [property: Description("true when the file on disk is broken and this is the last good version")] bool IsLastGood,
    [property: Description("the context file's absolute path")] string File,
    [property: Description("present when value is one page of a larger table or array: pass it as cursor (same path) for the next page")] string? NextCursor);

/// <summary>The result of a successful <c>context_update</c>.</summary>
internal sealed record ContextUpdateOutput(
    [property: Description("the revision after the change; use it as expected_revision for the next change")] string Revision,
    [property: Description("the revision the change was applied to")] string PreviousRevision,
    [property: Description("the context file's absolute path")] string File);

/// <summary>One change in <c>context_history</c>.</summary>
internal sealed record HistoryEntryOutput(
    [property: Description("when it was written (RFC 3339)")] DateTimeOffset Time,
    [property: Description("who made it: an MCP client's name, a person, a tool")] string Actor,
    [property: Description("why, in the writer's words")] string Reason,
    [property: Description("the operations, as text")] IReadOnlyList<string> Operations,
    [property: Description("the key paths the operations touched")] IReadOnlyList<string> Paths,
    [property: Description("the revision the change replaced")] string OldRevision,
    [property: Description("the revision it produced")] string NewRevision);

/// <summary>The result of <c>context_history</c>.</summary>
internal sealed record ContextHistoryOutput(
    [property: Description("matching changes, newest first")] IReadOnlyList<HistoryEntryOutput> Entries);

/// <summary>One operation of <c>context_update</c>, as the client sends it.</summary>
internal sealed record ContextOperationInput(
    [property: Description("\"set\" (create or replace), \"remove\" (delete a key, table or array item) or \"append\" (add to an array, created if missing)")] string Op,
    [property: Description("key path, e.g. services.web.port or known_issues[0].status")] string Path)
{
    /// <summary>The value; <see cref="JsonValueKind.Undefined"/> when the client sent none, which remove wants and set and append refuse.</summary>
    [Description("the JSON value for set and append (objects become tables); omit for remove; null is not allowed")]
    public JsonElement Value { get; init; }
}
