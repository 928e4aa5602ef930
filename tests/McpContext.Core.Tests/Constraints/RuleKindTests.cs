using McpContext.Core.Constraints;
using McpContext.Core.Context;

namespace McpContext.Core.Tests.Constraints;

/// <summary>Each kind of rule in the wp-edge-core example, on real diffs from a real repository.</summary>
public sealed class RuleKindTests : IAsyncLifetime
{
    private EdgeRepo _repo = null!;

    public async ValueTask InitializeAsync() => _repo = await EdgeRepo.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_port_change_in_nginx_is_denied_with_the_rules_message_and_the_line()
    {
        _repo.Edit(EdgeRepo.Upstream, "server 127.0.0.1:3001;", "server 127.0.0.1:3005;");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.Deny, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-003", RuleEffect.Deny, EdgeRepo.Upstream, 2), (finding.Rule, finding.Effect, finding.Path, finding.Line));
        Assert.Equal(
            "Ports are baked into site firewalls; changing them means a change request with every hospital IT (the change removes a line that defines services.blue.port = 3001)",
            finding.Message);
        Assert.NotNull(finding.DiffLine);
    }

    [Fact]
    public async Task A_published_port_change_in_docker_compose_is_denied_too()
    {
        _repo.Edit(EdgeRepo.BlueCompose, "\"127.0.0.1:3001:8080\"", "\"127.0.0.1:4001:8080\"");

        var report = await _repo.CheckWorkingTreeAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-003", EdgeRepo.BlueCompose, 5), (finding.Rule, finding.Path, finding.Line));
    }

    [Fact]
    public async Task Editing_a_line_that_keeps_its_port_is_not_a_port_change()
    {
        _repo.Edit(EdgeRepo.Upstream, "server 127.0.0.1:3001;", "server 127.0.0.1:3001 max_fails=3;");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.Allow, report.Verdict);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task Adding_a_second_listener_on_a_protected_port_is_found_on_the_added_line()
    {
        _repo.Git.Write("deploy/nginx/conf.d/debug.conf", "server {\n  listen 3002;\n}\n");

        var report = await _repo.CheckWorkingTreeAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-003", "deploy/nginx/conf.d/debug.conf", 2), (finding.Rule, finding.Path, finding.Line));
        Assert.EndsWith("(the change adds a definition of port 3002, which is services.green.port)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_rule_with_a_star_matches_a_port_changed_by_a_context_patch()
    {
        var report = _repo.Check(new ChangeRequest { ContextPatch = [ContextOperation.Set("services.green.port", 3012L)] });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-003", "services.green.port"), (finding.Rule, finding.Key));
        Assert.EndsWith("(changes services.green.port from 3002 to 3012)", finding.Message, StringComparison.Ordinal);
        var change = Assert.Single(report.KeyChanges);
        Assert.Equal((ChangeKind.Modify, (object?)3002L, (object?)3012L), (change.Kind, change.Before, change.After));
    }

    [Fact]
    public void A_key_rule_matches_a_change_below_the_key_it_names()
    {
        var report = _repo.Check(new ChangeRequest { ContextPatch = [ContextOperation.Set("deployment.rollback.script", "deploy/scripts/rollback-v2.sh")] });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-001", RuleEffect.NeedsApproval, "deployment.rollback.script"), (finding.Rule, finding.Effect, finding.Key));
        Assert.Equal(Verdict.NeedsApproval, report.Verdict);
    }

    [Fact]
    public void Switching_rollback_off_is_denied_by_the_key_rule()
    {
        var report = _repo.Check(new ChangeRequest { ContextPatch = [ContextOperation.Set("deployment.rollback.required", false)] });

        Assert.Equal(Verdict.Deny, report.Verdict);
        Assert.Equal(["R-001", "R-002"], report.Findings.Select(f => f.Rule).Order());
    }

    [Fact]
    public async Task A_path_glob_rule_matches_a_workflow_change()
    {
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");

        var report = await _repo.CheckWorkingTreeAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-004", RuleEffect.NeedsApproval, EdgeRepo.Build, Verdict.NeedsApproval), (finding.Rule, finding.Effect, finding.Path, report.Verdict));
        Assert.EndsWith("(modifies .github/workflows/build.yml)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pattern_rule_flags_each_matching_added_line_with_its_number()
    {
        _repo.Edit(EdgeRepo.Switch, "set -eu\n", "set -eu\ndocker pull wp-edge/app:latest\necho ok\ncurl -fsS https://example.org/ping\n");

        var report = await _repo.CheckWorkingTreeAsync();

        var pulls = report.Findings.Where(f => f.Rule == "R-006").ToList();
        Assert.Equal([3, 5], pulls.Select(f => f.Line));
        Assert.All(pulls, f => Assert.Equal(RuleEffect.Deny, f.Effect));
        Assert.Contains("(an added line matches /\\bdocker\\s+(?:pull|login)\\b/)", pulls[0].Message, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Rule == "R-001");
        Assert.Equal(Verdict.Deny, report.Verdict);
    }

    [Fact]
    public async Task A_pattern_rule_ignores_removed_lines_and_files_outside_its_paths()
    {
        _repo.Git.Write("docs/offline.md", "Never run docker pull on a device.\n");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.DoesNotContain(report.Findings, f => f.Rule == "R-006");
    }

    [Fact]
    public async Task A_change_kind_rule_denies_deleting_a_deploy_script_but_not_editing_one()
    {
        _repo.Git.Delete(EdgeRepo.Rollback);
        _repo.Edit(EdgeRepo.Switch, "nginx -t", "/usr/sbin/nginx -t");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(
            [("R-001", EdgeRepo.Rollback), ("R-001", EdgeRepo.Switch), ("R-005", EdgeRepo.Rollback)],
            report.Findings.Select(f => (f.Rule, f.Path!)).Order());
        Assert.Equal(ChangeKind.Delete, report.Files.Single(f => f.Path == EdgeRepo.Rollback).Kind);
        Assert.Equal(Verdict.Deny, report.Verdict);
    }

    [Fact]
    public async Task A_rename_is_matched_by_its_old_and_its_new_path()
    {
        Directory.CreateDirectory(_repo.Git.PathOf("tools"));
        await _repo.Git.GitAsync("mv", EdgeRepo.Rollback, "tools/rollback.sh");

        var report = await _repo.CheckWorkingTreeAsync();

        var file = Assert.Single(report.Files);
        Assert.Equal((ChangeKind.Rename, "tools/rollback.sh", EdgeRepo.Rollback), (file.Kind, file.Path, file.OldPath));
        Assert.Equal(["R-001", "R-005"], report.Findings.Select(f => f.Rule).Order());
        Assert.Contains("(renames deploy/scripts/rollback.sh to tools/rollback.sh)", report.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_file_is_matched_by_path_and_kind_but_has_no_lines_to_scan()
    {
        _repo.Git.WriteBytes("deploy/scripts/helper.bin", [0, 1, 2, 3, 0x7F, 0]);

        var report = await _repo.CheckWorkingTreeAsync();

        var file = Assert.Single(report.Files);
        Assert.True(file.Diff!.IsBinary);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task Deleting_a_binary_deploy_file_is_denied_by_the_change_kind_rule()
    {
        _repo.Git.WriteBytes("deploy/scripts/helper.bin", [0, 1, 2, 3, 0x7F, 0]);
        await _repo.Git.CommitAllAsync();
        _repo.Git.Delete("deploy/scripts/helper.bin");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(("R-005", "deploy/scripts/helper.bin"), (Assert.Single(report.Findings).Rule, report.Findings[0].Path!));
    }

    [Fact]
    public async Task An_unprotected_change_is_allowed_and_still_gets_the_flags()
    {
        _repo.Edit("README.md", "# wp-edge-core\n", "# wp-edge-core\n\nEdge platform.\n");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.Allow, report.Verdict);
        Assert.Empty(report.Findings);
        Assert.Equal(["fail_safe_updates", "health_checks_required", "medical_safety", "no_patient_data", "offline_capable", "rollback_required"], report.Flags.Keys.Order());
        Assert.True(report.Flags["rollback_required"].GetBoolean());
    }

    [Fact]
    public async Task Known_issues_and_lessons_whose_paths_match_the_touched_files_come_with_the_verdict()
    {
        _repo.Edit(EdgeRepo.Nginx, "events {}", "events { worker_connections 512; }");
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");

        var report = await _repo.CheckWorkingTreeAsync();

        Assert.Equal(["KI-001", "KI-002", "L-001", "L-002"], report.Knowledge.Select(k => k.Item.Id));
        Assert.Equal([EdgeRepo.Nginx], report.Knowledge.Single(k => k.Item.Id == "L-001").Files);
    }

    [Fact]
    public void A_file_only_named_in_a_list_gets_a_warning_when_it_defines_a_protected_port_today()
    {
        var report = _repo.Check(new ChangeRequest { Files = [new ProposedFile(EdgeRepo.Upstream, ChangeKind.Modify)] });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-003", RuleEffect.Warn, 2, Verdict.Allow), (finding.Rule, finding.Effect, finding.Line, report.Verdict));
        Assert.EndsWith("(line 2 defines services.blue.port = 3001: keep it as it is)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_for_deletion_that_defines_a_protected_port_is_denied()
    {
        var report = _repo.Check(new ChangeRequest { Files = [new ProposedFile(EdgeRepo.BlueCompose, ChangeKind.Delete)] });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("R-003", RuleEffect.Deny, Verdict.Deny), (finding.Rule, finding.Effect, report.Verdict));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_pattern_that_takes_too_long_counts_as_matching_the_lines_it_cannot_rule_out_and_is_not_run_again()
    {
        var context = EdgeRepo.ExampleContext.Replace("# ---------------------------------------------------------------------------------------\n# Known issues",
            "[[constraints.rules]]\nid = \"R-SLOW\"\neffect = \"needs_approval\"\npatterns = ['(x+x+)+y']\n\n# ---------------------------------------------------------------------------------------\n# Known issues", StringComparison.Ordinal);
        using var repo = await EdgeRepo.CreateAsync(context);
        var slow = new string('x', 40);

        // The third line has no x at all: the prefilter rules it out without running the slow pattern.
        repo.Git.Write("notes.txt", $"{slow}\n{slow}\nfine\n");

        var report = await repo.CheckWorkingTreeAsync();

        Assert.Equal(
            [
                (1, "rule R-SLOW (pattern /(x+x+)+y/ took longer than 100 ms on this line and counts as matching)"),
                (2, "rule R-SLOW (pattern /(x+x+)+y/ took longer than 100 ms on an earlier line and is not run again; it counts as matching this line)"),
            ],
            report.Findings.Select(f => (f.Line!.Value, f.Message)));
        Assert.Equal(Verdict.NeedsApproval, report.Verdict);
    }

    [Fact]
    public async Task Patterns_with_backreferences_free_spacing_and_inline_options_match_as_they_would_alone()
    {
        var context = EdgeRepo.ExampleContext.Replace("# ---------------------------------------------------------------------------------------\n# Known issues",
            "[[constraints.rules]]\nid = \"R-X\"\neffect = \"warn\"\npaths = [\"notes/**\"]\npatterns = ['(\\w)\\1{3}', '(?x) rm \\s+ -rf  # a comment', '(?i)drop\\s+table', '(?<w>ab)\\k<w>']\n\n# ---------------------------------------------------------------------------------------\n# Known issues", StringComparison.Ordinal);
        using var repo = await EdgeRepo.CreateAsync(context);
        repo.Git.Write("notes/a.txt", "zzzz\nrm -rf /\nDROP TABLE users\nabab\nnothing here\nab ab\n");

        var report = await repo.CheckWorkingTreeAsync();

        Assert.Equal(
            [
                (1, "an added line matches /(\\w)\\1{3}/"),
                (2, "an added line matches /(?x) rm \\s+ -rf  # a comment/"),
                (3, "an added line matches /(?i)drop\\s+table/"),
                (4, "an added line matches /(?<w>ab)\\k<w>/"),
            ],
            report.Findings.Select(f => (f.Line!.Value, f.Message[(f.Message.IndexOf('(', StringComparison.Ordinal) + 1)..^1])));
    }

    [Fact]
    public async Task A_pattern_matches_lines_without_its_leading_text_when_that_text_is_optional_or_one_alternative()
    {
        // Each pattern starts with literal text that a line may lack and still match: the literal prefilter
        // must not rule such lines out.
        var context = EdgeRepo.ExampleContext.Replace("# ---------------------------------------------------------------------------------------\n# Known issues",
            "[[constraints.rules]]\nid = \"R-L\"\neffect = \"warn\"\npaths = [\"notes/**\"]\npatterns = ['TODO|FIXME', 'colou?r', 'abc(?#x|)|xyz', 'ab[]|]cd|qqq', 'a\\.b\\.c', '^\\bdeploy\\s+now']\n\n# ---------------------------------------------------------------------------------------\n# Known issues", StringComparison.Ordinal);
        using var repo = await EdgeRepo.CreateAsync(context);
        repo.Git.Write("notes/a.txt", "FIXME later\nthe color\nxyz\nqqq\na.b.c\ndeploy  now\na-b-c\nab|cd\nredeploy now\n");

        var report = await repo.CheckWorkingTreeAsync();

        Assert.Equal(
            [
                (1, "an added line matches /TODO|FIXME/"),
                (2, "an added line matches /colou?r/"),
                (3, "an added line matches /abc(?#x|)|xyz/"),
                (4, "an added line matches /ab[]|]cd|qqq/"),
                (5, "an added line matches /a\\.b\\.c/"),
                (6, "an added line matches /^\\bdeploy\\s+now/"),
                (8, "an added line matches /ab[]|]cd|qqq/"),
            ],
            report.Findings.Select(f => (f.Line!.Value, f.Message[(f.Message.IndexOf('(', StringComparison.Ordinal) + 1)..^1])));
    }
}
