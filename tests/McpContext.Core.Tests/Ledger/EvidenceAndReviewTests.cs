using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>done needs passing evidence for the reviewed commit; an agent's word is not evidence.</summary>
public sealed class EvidenceAndReviewTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private static async Task<LedgerProject> VerifyingAsync(string criteria = "- `true`")
    {
        var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", LedgerProject.Spec("A", criteria));
        await project.CommitAsync();
        await project.DriveToAsync("A", TaskState.Verifying);
        return project;
    }

    [Fact]
    public async Task In_review_without_any_evidence_is_refused()
    {
        using var project = await VerifyingAsync();
        var head = (await project.Git.GitAsync("rev-parse", "HEAD")).Trim();

        var result = await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel);

        Assert.Equal($"A cannot move to in_review: there is no evidence for commit {head[..12]}: run task_verify at that commit (with the exec toolset, or mcpctx task verify) first; an agent's own word is not evidence", result.Error);
    }

    [Fact]
    public async Task Failing_evidence_is_not_enough_and_says_which_command_failed()
    {
        using var project = await VerifyingAsync("- `true`\n- `exit 4`");
        var head = (await project.Git.GitAsync("rev-parse", "HEAD")).Trim();
        await project.Ledger.VerifyAsync("A", "w", cancellationToken: Cancel);

        var result = await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel);

        Assert.Equal($"A cannot move to in_review: the latest evidence for commit {head[..12]} failed: `exit 4` exited 4; fix it, commit, and run task_verify again", result.Error);
    }

    [Fact]
    public async Task Evidence_from_a_dirty_tree_proves_nothing_about_the_commit()
    {
        using var project = await VerifyingAsync();
        var head = (await project.Git.GitAsync("rev-parse", "HEAD")).Trim();
        project.Git.Write("src/A.txt", "uncommitted\n");
        await project.Ledger.VerifyAsync("A", "w", cancellationToken: Cancel);

        var result = await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel);

        Assert.Equal($"A cannot move to in_review: the evidence for commit {head[..12]} was recorded with uncommitted changes in the working tree, so it proves nothing about the commit: commit them, then run task_verify again", result.Error);
    }

    [Fact]
    public async Task Evidence_for_an_older_commit_does_not_let_a_newer_one_be_approved()
    {
        using var project = await VerifyingAsync();
        await project.Ledger.VerifyAsync("A", "w", cancellationToken: Cancel);
        Assert.True((await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel)).Succeeded);
        project.Git.Write("src/A.txt", "a later change\n");
        var later = await project.CommitAsync("later");

        var approved = await project.Ledger.RecordReviewAsync("A", new TaskReview { Status = "approved", Summary = "fine" }, "reviewer", Cancel);
        var done = await project.Ledger.TransitionAsync("A", TaskState.Done, "lead", cancellationToken: Cancel);

        Assert.Equal($"A cannot be approved: there is no evidence for commit {later[..12]}: run task_verify at that commit (with the exec toolset, or mcpctx task verify) first; an agent's own word is not evidence", approved.Error);
        Assert.Equal($"A cannot move to done: there is no evidence for commit {later[..12]}: run task_verify at that commit (with the exec toolset, or mcpctx task verify) first; an agent's own word is not evidence", done.Error);
        Assert.Equal(TaskState.InReview, project.Ledger.Find("A")!.State);
    }

    [Fact]
    public async Task An_approved_review_with_passing_evidence_makes_the_task_done()
    {
        using var project = await VerifyingAsync();
        var head = (await project.Git.GitAsync("rev-parse", "HEAD")).Trim();
        await project.Ledger.VerifyAsync("A", "w", cancellationToken: Cancel);
        await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel);

        var review = new TaskReview
        {
            Status = "approved",
            Summary = "Does what the spec says.",
            Findings = [new ReviewFinding("naming could be clearer", "minor", "src/A.txt", 1)],
            MissingTests = ["a test for the empty file"],
            Commit = head[..7],
        };
        var result = await project.Ledger.RecordReviewAsync("A", review, "chatgpt", Cancel);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(TaskState.Done, result.Task.State);
        Assert.Equal("Does what the spec says.", result.Event.Review!.Summary);
        Assert.Equal((head, "chatgpt", "in_review", "done"), (result.Event.Review.Commit, result.Event.Review.Reviewer, result.Event.From, result.Event.To));
        Assert.Equal(review.Findings, result.Event.Review.Findings);
    }

    [Fact]
    public async Task A_rejected_review_blocks_the_task_with_the_summary_as_reason()
    {
        using var project = await VerifyingAsync();
        await project.Ledger.VerifyAsync("A", "w", cancellationToken: Cancel);
        await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel);

        var result = await project.Ledger.RecordReviewAsync("A", new TaskReview { Status = "rejected", Summary = "Wrong approach." }, "chatgpt", Cancel);

        Assert.Equal((TaskState.Blocked, "rejected in review: Wrong approach."), (result.Task!.State, result.Task.Progress.StateReason));
    }

    [Fact]
    public async Task A_review_is_recorded_only_for_a_task_in_review_and_bad_reviews_are_refused_naming_each_field()
    {
        using var project = await VerifyingAsync();
        var bad = new TaskReview
        {
            Status = "ok",
            Summary = " ",
            Findings = [new ReviewFinding(""), new ReviewFinding("x", "blocker", null, 0)],
            MissingTests = [""],
            RecommendedActions = [],
            Commit = "main",
        };

        var early = await project.Ledger.RecordReviewAsync("A", new TaskReview { Status = "approved", Summary = "ok" }, "r", Cancel);
        var invalid = await project.Ledger.RecordReviewAsync("A", bad, "r", Cancel);
        var noActions = await project.Ledger.RecordReviewAsync("A", new TaskReview { Status = "changes_requested", Summary = "redo" }, "r", Cancel);
        var unknownCommit = await project.Ledger.RecordReviewAsync("A", new TaskReview { Status = "approved", Summary = "ok", Commit = "abcdef1" }, "r", Cancel);

        Assert.Equal("A is verifying; a review is recorded for a task in_review (move it there with task_transition once task_verify passed)", early.Error);
        Assert.Equal(
            "review.status: expected approved, changes_requested or rejected, not 'ok'; review.summary: expected the verdict in a few sentences, not an empty text; " +
            "review.findings[0].message: expected what was found, not an empty text; review.findings[1].severity: expected critical, major, minor or info, not 'blocker'; " +
            "review.findings[1].line: expected a line number from 1, not 0; review.findings[1].line: a line needs the file it is in; " +
            "review.missing_tests[0]: expected text, not an empty item; review.commit: expected a commit id (7 to 64 hex digits), not 'main'",
            invalid.Error);
        Assert.Equal("review.recommended_actions: a request for changes must say what to change (at least one action)", noActions.Error);
        Assert.Equal($"commit: 'abcdef1' names no commit in {project.Root}", unknownCommit.Error);
    }

    [Fact]
    public async Task Changed_completion_criteria_invalidate_earlier_evidence()
    {
        using var project = await VerifyingAsync();
        var head = (await project.Git.GitAsync("rev-parse", "HEAD")).Trim();
        await project.Ledger.VerifyAsync("A", "w", cancellationToken: Cancel);
        project.WriteTask("A", LedgerProject.Spec("A", "- `true`\n- `echo more`"));

        var result = await project.Ledger.TransitionAsync("A", TaskState.InReview, "w", cancellationToken: Cancel);

        Assert.Equal($"A cannot move to in_review: the task's runnable completion criteria changed since the evidence for commit {head[..12]} was recorded: run task_verify again", result.Error);
    }
}
