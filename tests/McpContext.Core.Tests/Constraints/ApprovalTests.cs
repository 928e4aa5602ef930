using McpContext.Core.Constraints;
using McpContext.Core.Context;

namespace McpContext.Core.Tests.Constraints;

/// <summary>A person approves a rule for a change; the finding stops blocking that change and no other.</summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private EdgeRepo _repo = null!;

    public async ValueTask InitializeAsync() => _repo = await EdgeRepo.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Approve(string rule, string change, string reason = "release owner signed off in REL-42") =>
        Assert.Null(Approvals.Approve(_repo.Store, rule, change, "Dana Release", reason, TestContext.Current.CancellationToken));

    [Fact]
    public async Task An_approved_rule_no_longer_blocks_the_change_and_says_who_approved_it_and_why()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        var first = await _repo.CheckWorkingTreeAsync();
        Assert.Equal(Verdict.NeedsApproval, first.Verdict);

        Approve("R-004", first.ChangeId);
        var second = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.Allow, second.Verdict);
        var finding = Assert.Single(second.Findings);
        Assert.Equal(("R-004", "Dana Release", "release owner signed off in REL-42"), (finding.Rule, finding.Approval!.Actor, finding.Approval.Reason));
        Assert.False(finding.Blocks);
    }

    [Fact]
    public async Task The_journal_is_not_part_of_the_change_even_when_git_tracks_it()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        var report = await _repo.CheckWorkingTreeAsync();

        Approve("R-004", report.ChangeId);
        var after = await _repo.CheckWorkingTreeAsync();

        Assert.Contains(".mcpcontext/journal.jsonl", await _repo.Git.GitAsync("diff", "--cached", "--name-only"), StringComparison.Ordinal);
        Assert.Equal(report.ChangeId, after.ChangeId);
        Assert.Equal([".github/workflows/build.yml"], after.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task The_approval_is_in_the_journal_with_who_why_rule_and_change()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        var report = await _repo.CheckWorkingTreeAsync();

        Approve("R-004", report.ChangeId);

        var entry = Assert.Single(_repo.Store.Journal.ReadAll());
        Assert.Equal(("Dana Release", "release owner signed off in REL-42", new JournalApproval("R-004", report.ChangeId)), (entry.Actor, entry.Reason, entry.Approval));
        Assert.Equal([$"approve R-004 for change {report.ChangeId}"], entry.Operations);
        Assert.Equal(_repo.Store.Read().Revision, entry.NewRevision);
    }

    [Fact]
    public async Task An_approval_does_not_carry_over_to_a_different_change()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        Approve("R-004", (await _repo.CheckWorkingTreeAsync()).ChangeId);

        _repo.Edit(EdgeRepo.Build, "'rc*'", "'rc*', 'hotfix*'");
        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.NeedsApproval, report.Verdict);
        Assert.Null(Assert.Single(report.Findings).Approval);
    }

    [Fact]
    public async Task Approving_one_rule_leaves_the_other_findings_of_the_change_blocking()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        _repo.Edit(EdgeRepo.Switch, "nginx -t", "nginx -t -q");
        var report = await _repo.CheckWorkingTreeAsync();

        Approve("R-004", report.ChangeId);
        var after = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.NeedsApproval, after.Verdict);
        Assert.Equal([("R-001", true), ("R-004", false)], after.Findings.Select(f => (f.Rule, f.Blocks)).Order());
    }

    [Fact]
    public async Task The_same_edit_has_the_same_change_id_unstaged_and_staged()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        var unstaged = await _repo.Git.GitAsync("diff");
        await _repo.Git.GitAsync("add", "-A");
        var staged = await _repo.Git.GitAsync("diff", "--cached", "-U10");

        var a = _repo.Check(new ChangeRequest { Diff = unstaged });
        var b = _repo.Check(new ChangeRequest { Diff = staged });

        Assert.Equal(a.ChangeId, b.ChangeId);
        Assert.True(ChangeIdentity.IsValid(a.ChangeId));
    }

    [Fact]
    public async Task A_locked_key_change_can_be_approved_like_a_rule()
    {
        var request = new ChangeRequest { ContextPatch = [ContextOperation.Set("deployment.model", "rolling")] };
        var report = _repo.Check(request);

        Approve("locked-key", report.ChangeId);

        Assert.Equal(Verdict.Allow, _repo.Check(request).Verdict);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("R-002", "0123456789abcdef", "reason", "rule R-002 has effect 'deny': only needs_approval rules can be approved; to allow such changes, change the rule in the context")]
    [InlineData("R-003", "0123456789abcdef", "reason", "rule R-003 has effect 'deny': only needs_approval rules can be approved; to allow such changes, change the rule in the context")]
    [InlineData("secret", "0123456789abcdef", "reason", "'secret' findings deny the change and cannot be approved")]
    [InlineData("R-404", "0123456789abcdef", "reason", "no rule has id 'R-404'; rules that can be approved: R-001, R-004, locked-key, locked-value, task-scope, frozen-spec")]
    [InlineData("R-001", "not-a-change", "reason", "'not-a-change' is not a change id: copy the 16 hex digits mcpctx check or validate_change printed as the change id")]
    [InlineData("R-001", "0123456789abcdef", " ", "an approval needs a reason: say why this change may break the rule")]
    public void An_approval_that_cannot_be_given_is_refused_with_the_reason_and_nothing_is_recorded(string rule, string change, string reason, string expected)
    {
        var error = Approvals.Approve(_repo.Store, rule, change, "Dana Release", reason, TestContext.Current.CancellationToken);

        Assert.Equal(expected, error);
        Assert.Empty(_repo.Store.Journal.ReadAll());
    }
}
