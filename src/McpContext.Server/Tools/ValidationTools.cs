using System.ComponentModel;
using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Server.Context;
using McpContext.Server.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>validate</c> toolset: check a change against the project's constraints before making it. Thin
/// over <see cref="ChangeValidator"/>, which <c>mcpctx check</c> runs too. Read-only: it writes nothing,
/// not even an approval; approvals are given by people with <c>mcpctx approve</c>.
/// </summary>
[McpServerToolType]
internal sealed class ValidationTools(ContextWorkspace workspace)
{
    [McpServerTool(Name = "validate_change", Title = "Check a change against the project's constraints", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ValidateChangeOutput))]
    [Description("Checks a change before you make it (or before you commit it) against the project's constraints: rules on paths, context keys, added lines and kinds of change; secrets; locked keys and the config lines that define locked ports; the task's Files to modify. Give the files you will touch, and/or a unified diff (git format), and/or a context patch; optionally the task id. Returns the verdict (allow, needs_approval, deny), each finding with its rule, message and file:line, the constraint flags to respect, and the known issues and lessons about those files. needs_approval means a person must run mcpctx approve for the change id; do not work around it.")]
    public async Task<CallToolResult> ValidateChange(
        McpServer server,
        [Description("Files the change touches: each {path, change: \"add\"|\"modify\"|\"delete\"|\"rename\", old_path?}.")] FileChangeInput[]? files = null,
        [Description("The change as a unified diff in git format (git diff output), against the files as they are now or as they were before.")] string? diff = null,
        [Description("Changes to the project context, as context_update takes them: each {op: \"set\"|\"remove\"|\"append\", path, value?}.")] ContextOperationInput[]? context_patch = null,
        [Description("The task the change is for (its id in tasks/): files outside its Files to modify are reported.")] string? task_id = null,
        CancellationToken cancellationToken = default)
    {
        if ((files is null || files.Length == 0) && string.IsNullOrEmpty(diff) && (context_patch is null || context_patch.Length == 0))
        {
            return ToolResults.Error("nothing to check: give files (the files you will touch), diff (a unified diff) or context_patch (context operations), or several of them");
        }

        var proposed = new List<ProposedFile>();
        for (var i = 0; i < (files?.Length ?? 0); i++)
        {
            var file = files![i];
            if (file is null || string.IsNullOrWhiteSpace(file.Path))
            {
                return ToolResults.InvalidArgument($"files[{i}].path", "expected a path relative to the repository root");
            }

            if (ChangeKinds.Parse(file.Change) is not { } kind)
            {
                return ToolResults.InvalidArgument($"files[{i}].change", $"expected \"add\", \"modify\", \"delete\" or \"rename\", got {(file.Change is null ? "nothing" : $"\"{file.Change}\"")}");
            }

            proposed.Add(new ProposedFile(file.Path, kind, file.OldPath));
        }

        var patch = new List<ContextOperation>();
        for (var i = 0; i < (context_patch?.Length ?? 0); i++)
        {
            if (!ContextTools.TryConvert(context_patch![i], $"context_patch[{i}]", out var operation, out var error))
            {
                return error;
            }

            patch.Add(operation);
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var root = Path.GetDirectoryName(store.FilePath)!;
        var result = new ChangeValidator(store, root, new LedgerTaskScopes(root)).Validate(new ChangeRequest
        {
            Files = proposed,
            Diff = string.IsNullOrEmpty(diff) ? null : diff,
            ContextPatch = patch,
            TaskId = string.IsNullOrWhiteSpace(task_id) ? null : task_id,
        });
        if (!result.Succeeded)
        {
            return ToolResults.Error("the change could not be checked:\n" + string.Join("\n", result.Errors.Select(e => "- " + e)));
        }

        return ToolResults.Success(ValidateChangeOutput.From(result.Report), ServerJsonContext.Default.ValidateChangeOutput, ValidationText.Render(result.Report));
    }
}
