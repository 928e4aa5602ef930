using System.ComponentModel;
using System.Text;
using McpContext.Core.Ledger;
using McpContext.Server.Json;
using McpContext.Server.Ledger;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>exec</c> toolset: <c>task_verify</c>, the one tool that runs commands on this machine. Off
/// unless <c>--toolsets</c> names it, because the commands come from the task files.
/// </summary>
[McpServerToolType]
internal sealed class TaskVerifyTools(LedgerWorkspace workspace)
{
    [McpServerTool(Name = "task_verify", Title = "Run a task's completion checks", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskVerifyOutput))]
    [Description("Runs the task's runnable completion criteria (the commands in backticks) in the project root, each with sh -c, a timeout and its process group killed on timeout or cancellation, and records the evidence: exit codes, durations, output tails and the commit (HEAD) they ran at. Commit first: evidence from a tree with uncommitted changes proves nothing. in_review and done need passing evidence.")]
    public async Task<CallToolResult> TaskVerify(
        McpServer server,
        [Description("the task's id")] string id,
        [Description("how long each command may run, 1 to 3600 seconds; default 600")] int? timeout_seconds = null,
        CancellationToken cancellationToken = default)
    {
        if (timeout_seconds is < 1 or > 3600)
        {
            return ToolResults.InvalidArgument("timeout_seconds", $"expected 1 to 3600, got {timeout_seconds}");
        }

        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var timeout = timeout_seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var result = await ledger.VerifyAsync(id ?? "", ContextTools.Actor(server), timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return ToolResults.Error($"refused, nothing was run: {result.Error}");
        }

        var evidence = TaskOutputs.Evidence(result.Event);
        var text = new StringBuilder($"{result.Task.Id}: {(evidence.Passed ? "passed" : "FAILED")} at {evidence.Commit}{(evidence.Dirty ? " with uncommitted changes (not evidence for the commit)" : "")}");
        if (evidence.Commands.Count == 0)
        {
            text.Append("; it has no runnable completion criteria, so nothing ran and the review decides");
        }

        foreach (var command in result.Event.Evidence!.Commands)
        {
            text.Append("\n- `").Append(command.Command).Append("` ").Append(TaskProgress.Describe(command));
            if (!command.Passed && (command.StderrTail.Length > 0 || command.StdoutTail.Length > 0))
            {
                var tail = command.StderrTail.Length > 0 ? command.StderrTail : command.StdoutTail;
                text.Append('\n').Append(tail.Length <= 2000 ? tail : tail[^2000..]);
            }
        }

        return ToolResults.Success(new TaskVerifyOutput(result.Task.Id, result.Task.State.Name(), evidence), ServerJsonContext.Default.TaskVerifyOutput, text.ToString());
    }
}
