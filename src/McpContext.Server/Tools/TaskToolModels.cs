using System.ComponentModel;

namespace McpContext.Server.Tools;

/// <summary>A task in a list.</summary>
internal sealed record TaskSummaryOutput(
    [property: Description("the task's id")] string Id,
    [property: Description("one line")] string Title,
    [property: Description("draft, ready, in_progress, verifying, in_review, done, changes_requested, blocked or cancelled")] string Status,
    [property: Description("critical, high, medium, low or lowest (critical runs first)")] string Priority,
    [property: Description("the task file, relative to the project root")] string File,
    [property: Description("ids of the tasks that must be done first")] IReadOnlyList<string> DependsOn,
    [property: Description("free tags")] IReadOnlyList<string> Tags,
    [property: Description("who holds the claim, while in_progress or verifying")] string? ClaimedBy,
    [property: Description("when the claim's lease ends")] DateTimeOffset? LeaseUntil,
    [property: Description("errors that keep the task from moving on (spec, log, dependencies)")] int Errors,
    [property: Description("the MCP resource serving the task")] string Uri);

/// <summary>A problem in the ledger, positioned as file:line.</summary>
internal sealed record LedgerDiagnosticOutput(
    [property: Description("the file, relative to the project root")] string File,
    [property: Description("1-based line, 0 for the whole file")] int Line,
    [property: Description("error or warning")] string Severity,
    [property: Description("what is wrong and what to do")] string Message);

/// <summary>The result of <c>task_list</c>.</summary>
internal sealed record TaskListOutput(
    [property: Description("the matching tasks, in ledger order")] IReadOnlyList<TaskSummaryOutput> Tasks,
    [property: Description("how many tasks match in all")] int Total,
    [property: Description("problems not tied to one task file, e.g. a log whose task file is gone")] IReadOnlyList<LedgerDiagnosticOutput> Diagnostics,
    [property: Description("present when there are more: pass it as cursor with the same filters")] string? NextCursor);

/// <summary>A file the task may change.</summary>
internal sealed record TaskFileOutput(
    [property: Description("relative to the repository root; may be a glob")] string Path,
    [property: Description("what the spec says about it")] string? Note,
    [property: Description("its line in the task file")] int Line);

/// <summary>A step or criterion.</summary>
internal sealed record TaskItemOutput(
    [property: Description("as written (Markdown)")] string Text,
    [property: Description("its line in the task file")] int Line,
    [property: Description("runnable commands it names; empty for prose (criteria only)")] IReadOnlyList<string> Commands);

/// <summary>A dependency and where it stands.</summary>
internal sealed record DependencyOutput(
    [property: Description("the task it waits for")] string Id,
    [property: Description("that task's state, or missing")] string Status);

/// <summary>A claim.</summary>
internal sealed record ClaimOutput(
    [property: Description("who holds it")] string Owner,
    [property: Description("since when")] DateTimeOffset Since,
    [property: Description("when the lease ends unless renewed with task_claim")] DateTimeOffset Until);

/// <summary>One command's result.</summary>
internal sealed record CommandOutput(
    [property: Description("what ran, with sh -c in the project root")] string Command,
    [property: Description("the criterion's line in the task file")] int Line,
    [property: Description("exited, timed_out, cancelled or failed_to_start")] string Outcome,
    [property: Description("the exit code, when it exited")] int? ExitCode,
    [property: Description("how long it ran")] long DurationMs,
    [property: Description("the end of its standard output")] string StdoutTail,
    [property: Description("the end of its standard error")] string StderrTail,
    [property: Description("bytes written to both streams in all")] long OutputBytes,
    [property: Description("why it could not start")] string? Error);

/// <summary>Evidence: what a task_verify run established.</summary>
internal sealed record EvidenceOutput(
    [property: Description("when it ran")] DateTimeOffset Time,
    [property: Description("who ran it")] string Actor,
    [property: Description("HEAD when the commands ran")] string? Commit,
    [property: Description("true when the working tree had uncommitted changes: then it proves nothing about the commit")] bool Dirty,
    [property: Description("true when every runnable criterion passed")] bool Passed,
    [property: Description("each command's result")] IReadOnlyList<CommandOutput> Commands);

/// <summary>A finding of a review.</summary>
internal sealed record ReviewFindingOutput(
    [property: Description("what was found")] string Message,
    [property: Description("critical, major, minor or info")] string? Severity,
    [property: Description("the file it is about")] string? File,
    [property: Description("the line in that file")] int? Line);

/// <summary>A recorded review.</summary>
internal sealed record ReviewOutput(
    [property: Description("when it was recorded")] DateTimeOffset Time,
    [property: Description("approved, changes_requested or rejected")] string Status,
    [property: Description("the verdict")] string Summary,
    [property: Description("what the reviewer found")] IReadOnlyList<ReviewFindingOutput> Findings,
    [property: Description("tests the change lacks")] IReadOnlyList<string> MissingTests,
    [property: Description("what to do next")] IReadOnlyList<string> RecommendedActions,
    [property: Description("the commit reviewed")] string? Commit,
    [property: Description("who reviewed")] string? Reviewer);

/// <summary>One event of the task's log.</summary>
internal sealed record EventOutput(
    [property: Description("1 for the first event")] int Seq,
    [property: Description("when")] DateTimeOffset Time,
    [property: Description("who")] string Actor,
    [property: Description("created, transition, claimed, evidence or review")] string Kind,
    [property: Description("state before")] string? From,
    [property: Description("state after")] string? To,
    [property: Description("why")] string? Reason);

/// <summary>A section other than the four known ones.</summary>
internal sealed record SectionOutput(
    [property: Description("the heading")] string Name,
    [property: Description("its content")] string Text);

/// <summary>The result of <c>task_get</c> (and the content of <c>ledger://tasks/{id}</c>).</summary>
internal sealed record TaskDetailOutput(
    [property: Description("the task's id")] string Id,
    [property: Description("one line")] string Title,
    [property: Description("the current state")] string Status,
    [property: Description("the states it may move to next")] IReadOnlyList<string> AllowedTransitions,
    [property: Description("critical, high, medium, low or lowest")] string Priority,
    [property: Description("the task file")] string File,
    [property: Description("the event log")] string Log,
    [property: Description("what the task is for")] string? Objective,
    [property: Description("the files the task may change (its scope)")] IReadOnlyList<TaskFileOutput> FilesToModify,
    [property: Description("the steps")] IReadOnlyList<TaskItemOutput> Steps,
    [property: Description("the completion criteria; those with commands are runnable by task_verify")] IReadOnlyList<TaskItemOutput> CompletionCriteria,
    [property: Description("the tasks that must be done first")] IReadOnlyList<DependencyOutput> DependsOn,
    [property: Description("free tags")] IReadOnlyList<string> Tags,
    [property: Description("who should do the work")] string? Executor,
    [property: Description("who should review it")] string? Reviewer,
    [property: Description("other sections of the task file")] IReadOnlyList<SectionOutput> OtherSections,
    [property: Description("the claim, while in_progress or verifying")] ClaimOutput? Claim,
    [property: Description("why the task entered its state (blocked, cancelled, changes requested)")] string? StateReason,
    [property: Description("the reviewer's actions from the last request for changes")] IReadOnlyList<string> OpenActions,
    [property: Description("the latest evidence, newest first (at most 5)")] IReadOnlyList<EvidenceOutput> Evidence,
    [property: Description("the reviews, newest first")] IReadOnlyList<ReviewOutput> Reviews,
    [property: Description("the log's events, newest first (at most 50)")] IReadOnlyList<EventOutput> History,
    [property: Description("how many events the log holds")] int HistoryTotal,
    [property: Description("false when the log does not check out: nothing is written to the task until it is repaired")] bool Trusted,
    [property: Description("problems with the spec, the log and the dependencies")] IReadOnlyList<LedgerDiagnosticOutput> Diagnostics,
    [property: Description("the MCP resource serving the task")] string Uri);

/// <summary>The result of a successful ledger write.</summary>
internal sealed record TaskWriteOutput(
    [property: Description("the task's id")] string Id,
    [property: Description("its state now")] string Status,
    [property: Description("the states it may move to next")] IReadOnlyList<string> AllowedTransitions,
    [property: Description("the task file")] string File,
    [property: Description("the claim, while in_progress or verifying")] ClaimOutput? Claim,
    [property: Description("for a takeover: whose expired claim was taken over")] string? TookOverFrom,
    [property: Description("the MCP resource serving the task")] string Uri);

/// <summary>A task task_next did not pick, and why.</summary>
internal sealed record NotNextOutput(
    [property: Description("the task")] string Id,
    [property: Description("its state")] string Status,
    [property: Description("why it is not next")] string Reason);

/// <summary>The result of <c>task_next</c>.</summary>
internal sealed record TaskNextOutput(
    [property: Description("the task to claim next; null when none can be started")] TaskSummaryOutput? Task,
    [property: Description("true when the task is claimed by someone whose lease expired: task_claim takes it over")] bool Takeover,
    [property: Description("unfinished tasks not picked, with the reason (at most 50)")] IReadOnlyList<NotNextOutput> Others,
    [property: Description("how many unfinished tasks were not picked in all")] int OthersTotal);

/// <summary>The result of <c>task_verify</c>.</summary>
internal sealed record TaskVerifyOutput(
    [property: Description("the task")] string Id,
    [property: Description("its state (unchanged by verifying)")] string Status,
    [property: Description("the evidence recorded")] EvidenceOutput Evidence);

/// <summary>A finding, as task_record_review takes it.</summary>
internal sealed record ReviewFindingInput(
    [property: Description("what was found")] string Message,
    [property: Description("critical, major, minor or info")] string? Severity = null,
    [property: Description("the file it is about, relative to the repository root")] string? File = null,
    [property: Description("the line in that file, from 1 (needs file)")] int? Line = null);

/// <summary>A structured review, as schemas/review.schema.json describes it.</summary>
internal sealed record TaskReviewInput(
    [property: Description("approved (the task becomes done; needs passing task_verify evidence for the reviewed commit), changes_requested (back to work, with recommended_actions attached) or rejected (blocked)")] string Status,
    [property: Description("the verdict in a few sentences")] string Summary,
    [property: Description("what the reviewer found")] IReadOnlyList<ReviewFindingInput>? Findings = null,
    [property: Description("tests the change should have and does not")] IReadOnlyList<string>? MissingTests = null,
    [property: Description("what to do next; required for changes_requested")] IReadOnlyList<string>? RecommendedActions = null,
    [property: Description("the commit reviewed (7 to 64 hex digits); HEAD when omitted")] string? Commit = null,
    [property: Description("who reviewed, if not the caller")] string? Reviewer = null);
