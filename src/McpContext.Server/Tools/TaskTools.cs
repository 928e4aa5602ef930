using System.ComponentModel;
using System.Globalization;
using System.Text;
using McpContext.Core.Ledger;
using McpContext.Server.Json;
using McpContext.Server.Ledger;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>tasks</c> toolset: read the task ledger, create tasks, pick the next one, claim it under a
/// lease, move it through its states and record reviews. Thin over <see cref="TaskLedger"/>; every write
/// takes the ledger's cross-process lock and appends one hash-chained event.
/// </summary>
[McpServerToolType]
internal sealed class TaskTools(LedgerWorkspace workspace)
{
    private const int PageSize = 100;

    [McpServerTool(Name = "task_list", Title = "List tasks", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskListOutput))]
    [Description("Lists the project's tasks (tasks/*.md) with their state, priority, dependencies and claim, in ledger order, optionally filtered by status and tag. Pages of 100.")]
    public async Task<CallToolResult> TaskList(
        McpServer server,
        [Description("only tasks in this state: draft, ready, in_progress, verifying, in_review, done, changes_requested, blocked or cancelled")] string? status = null,
        [Description("only tasks with this tag")] string? tag = null,
        [Description("next_cursor from the previous page with the same filters")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        TaskState? state = null;
        if (status is not null)
        {
            if (!TaskStates.TryParse(status, out var parsed))
            {
                return ToolResults.InvalidArgument("status", $"expected one of {string.Join(", ", TaskStates.Names)}, not '{status}'");
            }

            state = parsed;
        }

        var filter = $"task_list?{state?.Name()}&{tag}";
        var offset = 0;
        if (cursor is not null && (!ContextPager.TryReadCursor(cursor, out _, out var cursorFilter, out offset) || cursorFilter != filter))
        {
            return ToolResults.InvalidArgument("cursor", "expected the next_cursor of the previous page, with the same filters; call task_list without cursor to start over");
        }

        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var snapshot = ledger.Read();
        var matching = snapshot.Tasks
            .Where(t => state is null || t.State == state)
            .Where(t => tag is null || t.Spec.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var page = matching.Skip(offset).Take(PageSize).Select(TaskOutputs.Summary).ToList();
        var next = offset + PageSize < matching.Count ? ContextPager.CreateCursor("ledger", filter, offset + PageSize) : null;
        var output = new TaskListOutput(page, matching.Count, [.. snapshot.LedgerDiagnostics.Select(TaskOutputs.Diagnostic)], next);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{matching.Count} task(s)");
        foreach (var task in page)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {task.Id} [{task.Status}, {task.Priority}] {task.Title}{(task.ClaimedBy is null ? "" : $" (claimed by {task.ClaimedBy})")}{(task.Errors > 0 ? $" ({task.Errors} error(s))" : "")}");
        }

        return ToolResults.Success(output, ServerJsonContext.Default.TaskListOutput, text.ToString());
    }

    [McpServerTool(Name = "task_get", Title = "Read a task", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskDetailOutput))]
    [Description("Returns one task in full: objective, files to modify, steps, completion criteria (runnable ones with their commands), dependencies, state and allowed next states, claim, evidence, reviews, history and any problems with its file or log.")]
    public async Task<CallToolResult> TaskGet(
        McpServer server,
        [Description("the task's id, e.g. T-261121-k3m9qz7p or 012-add-retries")] string id,
        CancellationToken cancellationToken = default)
    {
        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var snapshot = ledger.Read();
        if (snapshot.Find(id ?? "") is not { } task)
        {
            return ToolResults.InvalidArgument("id", snapshot.UnknownId(id ?? ""));
        }

        var output = TaskOutputs.Detail(task, snapshot);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{task.Id}: {task.Spec.Title} [{output.Status}, {output.Priority}] ({task.Spec.File})");
        text.Append(CultureInfo.InvariantCulture, $"\nnext: {(output.AllowedTransitions.Count == 0 ? "none (final)" : string.Join(", ", output.AllowedTransitions))}");
        foreach (var check in task.Spec.Checks)
        {
            text.Append(CultureInfo.InvariantCulture, $"\ncheck: {check.Command}");
        }

        foreach (var diagnostic in task.Diagnostics)
        {
            text.Append('\n').Append(diagnostic);
        }

        return ToolResults.Success(output, ServerJsonContext.Default.TaskDetailOutput, text.ToString());
    }

    [McpServerTool(Name = "task_create", Title = "Create a task", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskWriteOutput))]
    [Description("Writes a new task file tasks/{id}-{title}.md (Objective, Files to Modify, Steps, Completion Criteria, front matter) with a fresh id that cannot collide with tasks added on other branches, and records its creation. Write runnable completion criteria as commands in backticks, e.g. `dotnet test`.")]
    public async Task<CallToolResult> TaskCreate(
        McpServer server,
        [Description("one line saying what the task achieves")] string title,
        [Description("what the task is for and why")] string? objective = null,
        [Description("repository paths (or globs) the task may change, relative to the root")] string[]? files_to_modify = null,
        [Description("the steps, one line each, in order")] string[]? steps = null,
        [Description("the completion criteria, one line each; a command in backticks (`npm test`) is run by task_verify, anything else is for the reviewer")] string[]? completion_criteria = null,
        [Description("ids of tasks that must be done first")] string[]? depends_on = null,
        [Description("critical, high, medium (default), low or lowest, or P0 to P4")] string? priority = null,
        [Description("free tags")] string[]? tags = null,
        [Description("who should do the work (an agent or executor name)")] string? executor = null,
        [Description("who should review it")] string? reviewer = null,
        [Description("an id of your own (letters, digits, '.', '_', '-'); omit for a fresh T-yymmdd-xxxxxxxx")] string? id = null,
        [Description("create it ready (its spec is already agreed) rather than draft")] bool ready = false,
        CancellationToken cancellationToken = default)
    {
        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var task = new NewTask
        {
            Title = title ?? "",
            Objective = objective,
            FilesToModify = files_to_modify ?? [],
            Steps = steps ?? [],
            CompletionCriteria = completion_criteria ?? [],
            DependsOn = depends_on ?? [],
            Priority = priority,
            Tags = tags ?? [],
            Executor = executor,
            Reviewer = reviewer,
            Id = id,
            Ready = ready,
        };
        return Written(ledger.Create(task, ContextTools.Actor(server), cancellationToken), "created");
    }

    [McpServerTool(Name = "task_next", Title = "Pick the next task", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskNextOutput))]
    [Description("Returns the task to work on next: a ready task whose dependencies are all done (or one whose claim's lease expired), by priority then ledger order, and why each other unfinished task is not it. Claim the answer with task_claim before starting.")]
    public async Task<CallToolResult> TaskNext(McpServer server, CancellationToken cancellationToken = default)
    {
        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var next = ledger.Next();
        var others = next.Others.Take(TaskOutputs.MaxOthers).Select(o => new NotNextOutput(o.Task.Id, o.Task.State.Name(), o.Reason)).ToList();
        var output = new TaskNextOutput(next.Task is null ? null : TaskOutputs.Summary(next.Task), next.IsTakeover, others, next.Others.Count);
        var text = new StringBuilder(next.Task is null
            ? "no task can be started now"
            : $"next: {next.Task.Id}: {next.Task.Spec.Title}{(next.IsTakeover ? " (its lease expired: task_claim takes it over)" : "")}; claim it with task_claim");
        foreach (var other in others)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {other.Id}: {other.Reason}");
        }

        return ToolResults.Success(output, ServerJsonContext.Default.TaskNextOutput, text.ToString());
    }

    [McpServerTool(Name = "task_claim", Title = "Claim a task", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskWriteOutput))]
    [Description("Takes a task under a lease: a ready task whose dependencies are done moves to in_progress. Calling again as the same owner renews the lease; another owner is refused while the lease lives and takes the task over once it has expired. Safe across processes.")]
    public async Task<CallToolResult> TaskClaim(
        McpServer server,
        [Description("the task's id")] string id,
        [Description("who takes it (a worker or session name); default: your client name. Pass the same owner to task_transition.")] string? owner = null,
        [Description("how long the lease lasts, 1 to 1440 minutes; default 30. Renew before it ends.")] int? lease_minutes = null,
        CancellationToken cancellationToken = default)
    {
        if (lease_minutes is < 1 or > 1440)
        {
            return ToolResults.InvalidArgument("lease_minutes", $"expected 1 to 1440, got {lease_minutes}");
        }

        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var actor = ContextTools.Actor(server);
        var lease = lease_minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        return Written(ledger.Claim(id ?? "", owner ?? actor, lease, actor, cancellationToken), "claimed");
    }

    [McpServerTool(Name = "task_transition", Title = "Move a task to another state", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskWriteOutput))]
    [Description("Moves a task along draft -> ready -> in_progress (by task_claim) -> verifying -> in_review -> done; changes_requested -> ready; blocked or cancelled with a reason; blocked -> ready or draft. Illegal moves are refused with the allowed ones listed. in_review and done need passing task_verify evidence for the commit (HEAD unless given).")]
    public async Task<CallToolResult> TaskTransition(
        McpServer server,
        [Description("the task's id")] string id,
        [Description("the state to move to: ready, verifying, in_review, done, changes_requested, blocked, cancelled or draft")] string to,
        [Description("why; required for blocked, cancelled and changes_requested")] string? reason = null,
        [Description("the claim owner you claimed as, when not your client name")] string? owner = null,
        [Description("for in_review and done: the commit whose evidence counts (default HEAD)")] string? commit = null,
        CancellationToken cancellationToken = default)
    {
        if (!TaskStates.TryParse(to, out var target))
        {
            return ToolResults.InvalidArgument("to", $"expected one of {string.Join(", ", TaskStates.Names)}, not '{to}'");
        }

        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var result = await ledger.TransitionAsync(id ?? "", target, owner ?? ContextTools.Actor(server), reason, commit, cancellationToken).ConfigureAwait(false);
        return Written(result, "moved");
    }

    [McpServerTool(Name = "task_record_review", Title = "Record a review", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskWriteOutput))]
    [Description("Records a structured review (schemas/review.schema.json) of a task in_review and makes its move: approved -> done (only with passing task_verify evidence for the reviewed commit), changes_requested -> changes_requested with the recommended actions attached, rejected -> blocked.")]
    public async Task<CallToolResult> TaskRecordReview(
        McpServer server,
        [Description("the task's id")] string id,
        [Description("the review: {status, summary, findings?, missing_tests?, recommended_actions?, commit?, reviewer?}")] TaskReviewInput review,
        CancellationToken cancellationToken = default)
    {
        if (review is null)
        {
            return ToolResults.InvalidArgument("review", "expected an object {status, summary, ...}");
        }

        var parsed = new TaskReview
        {
            Status = review.Status ?? "",
            Summary = review.Summary ?? "",
            Findings = [.. (review.Findings ?? []).Select(f => new ReviewFinding(f?.Message ?? "", f?.Severity, f?.File, f?.Line))],
            MissingTests = review.MissingTests ?? [],
            RecommendedActions = review.RecommendedActions ?? [],
            Commit = review.Commit,
            Reviewer = review.Reviewer,
        };
        var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        var result = await ledger.RecordReviewAsync(id ?? "", parsed, ContextTools.Actor(server), cancellationToken).ConfigureAwait(false);
        return Written(result, "reviewed");
    }

    private static CallToolResult Written(LedgerWriteResult result, string verb)
    {
        if (!result.Succeeded)
        {
            return ToolResults.Error($"refused, nothing was written: {result.Error}");
        }

        var output = TaskOutputs.Written(result.Task, result.Event);
        var claim = output.Claim is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; claimed by {output.Claim.Owner} until {output.Claim.Until:yyyy-MM-ddTHH:mm:ssZ}");
        return ToolResults.Success(output, ServerJsonContext.Default.TaskWriteOutput,
            $"{verb} {output.Id}: now {output.Status}{claim}; next: {(output.AllowedTransitions.Count == 0 ? "none (final)" : string.Join(", ", output.AllowedTransitions))}");
    }
}
