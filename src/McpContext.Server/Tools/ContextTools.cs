using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpContext.Core.Context;
using McpContext.Server.Context;
using McpContext.Server.Json;
using McpContext.Toml;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>context</c> toolset: read the project context by path, change it against a revision, and read
/// its history. Thin over <see cref="ContextStore"/>; refusals come back as tool errors a model can act on.
/// </summary>
[McpServerToolType]
internal sealed class ContextTools(ContextWorkspace workspace)
{
    private const int MaxHistory = 500;

    // A conflict shows the current values so a model can redo its change; a huge section is cut, not paged.
    private const int MaxConflictValue = 2000;

    [McpServerTool(Name = "context_get", Title = "Read the project context", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ContextGetOutput))]
    [Description("Reads the project's operational context (project-context.toml): focus, services and ports, deployment, CI, constraints, known issues, lessons, decisions. Returns the value at path (the whole document when path is omitted) with the revision to pass to context_update, and any problems with the file. Large values come in pages: call again with next_cursor.")]
    public async Task<CallToolResult> ContextGet(
        McpServer server,
        [Description("Key path to read, e.g. services, services.web.port or known_issues[0].title; omit for the whole document.")] string? path = null,
        [Description("next_cursor from the previous page of the same path; omit for the first page.")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        if (!TryParsePath(path, "path", out var tomlPath, out var error))
        {
            return error;
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var snapshot = store.Read();
        var offset = 0;
        if (cursor is not null)
        {
            if (!ContextPager.TryReadCursor(cursor, out var cursorRevision, out var cursorPath, out offset))
            {
                return ToolResults.InvalidArgument("cursor", "expected a next_cursor returned by context_get; call context_get without cursor to start over");
            }

            if (cursorRevision != snapshot.Revision)
            {
                return ToolResults.InvalidArgument("cursor", $"it was issued for revision {cursorRevision}, but the context is now at revision {snapshot.Revision}; call context_get without cursor to read the current version from the start");
            }

            if (cursorPath != tomlPath.ToString())
            {
                return ToolResults.InvalidArgument("cursor", $"it was issued for path '{cursorPath}', not '{tomlPath}'; pass the same path as the first call");
            }
        }

        if (!TomlModel.TryGetValue(snapshot.Model, tomlPath, out var value))
        {
            return ToolResults.InvalidArgument("path", $"nothing at '{tomlPath}' in revision {snapshot.Revision}; {Nearest(snapshot.Model, tomlPath)}");
        }

        return ToolResults.Copy(SnapshotMemo.GetOrAdd(snapshot, $"context_get\n{tomlPath}\n{offset}", () => Get(store, snapshot, tomlPath, value, offset)));
    }

    [McpServerTool(Name = "context_update", Title = "Change the project context", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ContextUpdateOutput))]
    [Description("Changes the project context: applies operations in order, all or nothing, if the file is still at expected_revision (from context_get). Comments and layout of the file are kept. Refused, with reasons, on a conflict (someone changed the file: re-read and retry), a secret, an invalid value or an impossible edit; nothing is written then.")]
    public async Task<CallToolResult> ContextUpdate(
        McpServer server,
        [Description("The changes, applied in order: each {op: \"set\"|\"remove\"|\"append\", path, value?}.")] ContextOperationInput[] operations,
        [Description("The revision the change is based on, as returned by context_get (or a previous context_update).")] string expected_revision,
        [Description("Why the change is made, in a sentence; recorded in the history.")] string reason,
        CancellationToken cancellationToken = default)
    {
        if (operations is null || operations.Length == 0)
        {
            return ToolResults.InvalidArgument("operations", "expected a non-empty array of {op, path, value?}");
        }

        if (string.IsNullOrWhiteSpace(expected_revision))
        {
            return ToolResults.InvalidArgument("expected_revision", "expected the revision returned by context_get");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ToolResults.InvalidArgument("reason", "expected a sentence saying why the change is made");
        }

        var parsed = new List<ContextOperation>(operations.Length);
        for (var i = 0; i < operations.Length; i++)
        {
            if (!TryConvert(operations[i], $"operations[{i}]", out var operation, out var problem))
            {
                return problem;
            }

            parsed.Add(operation);
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var actor = Actor(server);
        var result = store.Update(expected_revision, parsed, actor, reason, cancellationToken);
        return result.Status switch
        {
            ContextWriteStatus.Written => ToolResults.Success(
                new ContextUpdateOutput(result.Snapshot!.Revision, expected_revision, store.FilePath),
                ServerJsonContext.Default.ContextUpdateOutput,
                $"written: {store.FilePath} is now at revision {result.Snapshot.Revision} (was {expected_revision})"),
            ContextWriteStatus.Conflict => ToolResults.Error(RenderConflict(result, parsed)),
            _ => ToolResults.Error("nothing was written:\n" + string.Join("\n", result.Problems.Select(p => "- " + p))),
        };
    }

    [McpServerTool(Name = "context_history", Title = "History of the project context", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ContextHistoryOutput))]
    [Description("Lists changes made to the project context through McpContext, newest first: who, when, why, which operations, and the revisions before and after. Filter by path, actor and time.")]
    public async Task<CallToolResult> ContextHistory(
        McpServer server,
        [Description("Only changes touching this key path, something under it, or a table above it (services matches services.web.port).")] string? path = null,
        [Description("Only changes by this actor (an MCP client's name), case-insensitive.")] string? actor = null,
        [Description("Only changes at or after this time, RFC 3339, e.g. 2025-06-01T00:00:00Z.")] string? since = null,
        [Description("At most this many entries, 1 to 500; default 50.")] int limit = 50,
        CancellationToken cancellationToken = default)
    {
        if (!TryParsePath(path, "path", out _, out var error))
        {
            return error;
        }

        DateTimeOffset? sinceTime = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedSince))
            {
                return ToolResults.InvalidArgument("since", $"expected an RFC 3339 date-time such as 2025-06-01T00:00:00Z, got '{since}'");
            }

            sinceTime = parsedSince;
        }

        if (limit is < 1 or > MaxHistory)
        {
            return ToolResults.InvalidArgument("limit", $"expected an integer from 1 to {MaxHistory}, got {limit}");
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var entries = store.Journal.Query(new ContextJournalQuery { Path = string.IsNullOrEmpty(path) ? null : path, Actor = actor, Since = sinceTime, Limit = limit });
        var output = new ContextHistoryOutput([.. entries.Select(e => new HistoryEntryOutput(e.Time, e.Actor, e.Reason, e.Operations, e.Paths ?? [], e.OldRevision, e.NewRevision))]);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{entries.Count} change(s), newest first");
        foreach (var e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{e.Time:yyyy-MM-ddTHH:mm:ssZ} {e.Actor} ({e.OldRevision} -> {e.NewRevision}): {e.Reason}; {string.Join("; ", e.Operations)}");
        }

        return ToolResults.Success(output, ServerJsonContext.Default.ContextHistoryOutput, text.ToString());
    }

    private static bool TryParsePath(string? text, string argument, out TomlPath path, out CallToolResult error)
    {
        error = null!;
        if (string.IsNullOrEmpty(text))
        {
            path = TomlPath.Root;
            return true;
        }

        if (TomlPath.TryParse(text, out var parsed, out var problem))
        {
            path = parsed;
            return true;
        }

        path = TomlPath.Root;
        error = ToolResults.InvalidArgument(argument, $"'{text}' is not a key path ({problem}); expected keys joined by dots with [n] for array items, e.g. services.web.port or known_issues[0].title");
        return false;
    }

    internal static bool TryConvert(ContextOperationInput input, string where, out ContextOperation operation, out CallToolResult error)
    {
        operation = null!;
        error = null!;
        if (input is null)
        {
            error = ToolResults.InvalidArgument(where, "expected an object {op, path, value?}");
            return false;
        }

        ContextOperationKind? kind = input.Op switch
        {
            "set" => ContextOperationKind.Set,
            "remove" => ContextOperationKind.Remove,
            "append" => ContextOperationKind.Append,
            _ => null,
        };
        if (kind is null)
        {
            error = ToolResults.InvalidArgument(where + ".op", $"expected \"set\", \"remove\" or \"append\", got {(input.Op is null ? "nothing" : $"\"{input.Op}\"")}");
            return false;
        }

        if (string.IsNullOrEmpty(input.Path))
        {
            error = ToolResults.InvalidArgument(where + ".path", "expected a key path such as services.web.port; the whole document cannot be replaced");
            return false;
        }

        if (!TryParsePath(input.Path, where + ".path", out var path, out error))
        {
            return false;
        }

        if (kind == ContextOperationKind.Remove)
        {
            if (input.Value.ValueKind != JsonValueKind.Undefined)
            {
                error = ToolResults.InvalidArgument(where + ".value", "remove takes no value; omit it");
                return false;
            }

            operation = new ContextOperation(ContextOperationKind.Remove, path);
            return true;
        }

        if (input.Value.ValueKind == JsonValueKind.Undefined)
        {
            error = ToolResults.InvalidArgument(where + ".value", $"{input.Op} needs a value (any JSON except null)");
            return false;
        }

        var node = input.Value.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(input.Value.GetRawText());
        if (!ContextJson.TryFromNode(node, where + ".value", out var value, out var problem))
        {
            error = ToolResults.InvalidArgument(where + ".value", problem);
            return false;
        }

        operation = new ContextOperation(kind.Value, path, value);
        return true;
    }

    private static string Nearest(TomlTable model, TomlPath path)
    {
        // Say what does exist at the deepest level that does, so the next call can be right.
        for (var count = path.Count - 1; count >= 0; count--)
        {
            var parent = path.Take(count);
            if (TomlModel.TryGetValue(model, parent, out var found))
            {
                var where = parent.IsRoot ? "the top level" : $"'{parent}'";
                return found switch
                {
                    TomlTable t when t.Count == 0 => $"{where} is empty",
                    TomlTable t => $"{where} has the keys {string.Join(", ", t.Keys)}",
                    TomlArray a => $"{where} is an array of {a.Count} item(s), indexed from 0",
                    _ => $"{where} is a {TomlModel.Describe(found)}, not a table or array",
                };
            }
        }

        return "the context is empty";
    }

    private static CallToolResult Get(ContextStore store, ContextSnapshot snapshot, TomlPath tomlPath, object value, int offset)
    {
        var node = ContextJson.ToNode(value);
        if (offset > 0 && offset >= ContextPager.Count(node))
        {
            return ToolResults.InvalidArgument("cursor", $"it points past the end of '{tomlPath}'; call context_get without cursor to start over");
        }

        var (page, next) = ContextPager.Page(node, offset);
        var output = new ContextGetOutput(
            snapshot.Revision,
            tomlPath.ToString(),
            page,
            [.. ServedContext.Diagnostics(store, snapshot).Select(d => new DiagnosticOutput(d.Line, d.Column, d.Message, d.Path))],
            snapshot.IsLastGood,
            store.FilePath,
            next is { } n ? ContextPager.CreateCursor(snapshot.Revision, tomlPath.ToString(), n) : null);
        return ToolResults.Success(output, ServerJsonContext.Default.ContextGetOutput, RenderGet(output, offset, ContextPager.Count(node)));
    }

    private static string RenderGet(ContextGetOutput output, int offset, int total)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{output.File} at revision {output.Revision}{(output.IsLastGood ? " (last good version: the file on disk is broken)" : "")}, ");
        text.Append(output.Path.Length == 0 ? "whole document" : $"path {output.Path}");
        if (output.NextCursor is not null || offset > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", entries {offset}..{offset + ContextPager.Count(output.Value) - 1} of {total}");
            text.Append(output.NextCursor is { } c ? $"; next_cursor {c}" : "; last page");
        }

        foreach (var d in output.Diagnostics)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{(d.Line > 0 ? $"{d.Line}:{d.Column}: " : "")}{d.Message}");
        }

        text.Append('\n').Append(output.Value.ToJsonString(ServerJson.Text));
        return text.ToString();
    }

    private static string RenderConflict(ContextWriteResult result, IReadOnlyList<ContextOperation> operations)
    {
        var snapshot = result.Snapshot!;
        var text = new StringBuilder("conflict, nothing was written: ").Append(string.Join("; ", result.Problems));
        text.Append(CultureInfo.InvariantCulture, $"\ncurrent revision: {snapshot.Revision}\ncurrent values at the paths you touched:");
        foreach (var path in operations.Select(o => o.Path).Distinct())
        {
            var current = TomlModel.TryGetValue(snapshot.Model, path, out var value) ? ContextJson.ToNode(value).ToJsonString() : "(absent)";
            if (current.Length > MaxConflictValue)
            {
                current = $"{current[..MaxConflictValue]}… ({current.Length} characters; read it with context_get path={path})";
            }

            text.Append(CultureInfo.InvariantCulture, $"\n{path} = {current}");
        }

        return text.ToString();
    }

    /// <summary>Who is writing, for the journal: the client's name from its initialize request.</summary>
    internal static string Actor(McpServer server) => server.ClientInfo?.Name is { Length: > 0 } name ? name : "unknown";
}
