using McpContext.Core.Constraints;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Constraints;

/// <summary>Task scope from Markdown task files, as people write them.</summary>
public sealed class TaskScopeTests : IAsyncLifetime
{
    private EdgeRepo _repo = null!;

    public async ValueTask InitializeAsync()
    {
        _repo = await EdgeRepo.CreateAsync();
        _repo.Git.Write("tasks/T-007-healthz-gating.md", """
            ---
            id: T-007
            priority: high
            ---
            # Gate the switch on three green health checks

            ## Objective
            No traffic switch without three consecutive green /healthz probes.

            ## Files to Modify
            - `deploy/scripts/switch-slot.sh` (wait for health)
            - deploy/nginx/conf.d/
            * `docs/**`

            ## Steps
            1. Modify only the listed files.
            2. Run `shellcheck deploy/scripts/switch-slot.sh`.
            """);
        _repo.Git.Write("tasks/readme-polish.md", """
            # Polish the README

            ### files to change:
            1. README.md — say what the platform is
            """);
        _repo.Git.Write("tasks/no-files.md", "# A task without a file list\n\n## Objective\nThink.\n");
        await _repo.Git.CommitAllAsync("tasks");
    }

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Files_outside_the_tasks_files_to_modify_need_approval_and_listed_ones_files_and_folders_do_not()
    {
        _repo.Edit(EdgeRepo.Switch, "nginx -t", "nginx -t -q");
        _repo.Git.Write("docs/health.md", "Three green probes.\n");
        _repo.Git.Write("deploy/nginx/conf.d/health.conf", "# health\n");
        _repo.Edit("README.md", "# wp-edge-core", "# wp-edge-core (edge)");

        var report = await _repo.CheckWorkingTreeAsync("T-007");

        var scope = report.Findings.Where(f => f.Rule == "task-scope").ToList();
        var finding = Assert.Single(scope);
        Assert.Equal(("README.md", RuleEffect.NeedsApproval), (finding.Path, finding.Effect));
        Assert.Equal("README.md is not in the Files to modify of task T-007 (tasks/T-007-healthz-gating.md:11); modify only the listed files, or have the task changed", finding.Message);
        Assert.Equal("T-007", report.Task!.Id);
        Assert.Equal(["deploy/scripts/switch-slot.sh", "deploy/nginx/conf.d/", "docs/**"], report.Task.FilesToModify.Select(e => e.Pattern));
    }

    [Fact]
    public async Task A_task_without_front_matter_is_found_by_its_file_name_and_its_heading_is_matched_loosely()
    {
        _repo.Edit("README.md", "# wp-edge-core", "# wp-edge-core (edge)");

        var report = await _repo.CheckWorkingTreeAsync("readme-polish");

        Assert.Empty(report.Findings);
        Assert.Equal([new TaskScopeEntry("README.md", 4)], report.Task!.FilesToModify);
    }

    [Fact]
    public async Task A_task_listing_no_files_gives_a_warning_instead_of_a_scope()
    {
        _repo.Edit("README.md", "# wp-edge-core", "# wp-edge-core (edge)");

        var report = await _repo.CheckWorkingTreeAsync("no-files");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("task-scope", RuleEffect.Warn, Verdict.Allow), (finding.Rule, finding.Effect, report.Verdict));
        Assert.Equal("task no-files lists no files to modify in tasks/no-files.md, so its scope is not checked", finding.Message);
    }

    [Fact]
    public void An_unknown_task_id_is_an_error_listing_the_ids_there_are()
    {
        var errors = _repo.Errors(new ChangeRequest { Files = [new ProposedFile("README.md", ChangeKind.Modify)], TaskId = "T-999" });

        Assert.Equal(["task_id: unknown task 'T-999': tasks/ holds T-007, no-files, readme-polish (a task's id is its front matter id, else its file name)"], errors);
    }

    [Fact]
    public async Task Without_a_tasks_folder_any_task_id_is_an_error_saying_so()
    {
        using var bare = await EdgeRepo.CreateAsync();

        var errors = bare.Errors(new ChangeRequest { Files = [new ProposedFile("README.md", ChangeKind.Modify)], TaskId = "T-1" });

        Assert.Equal([$"task_id: unknown task 'T-1': there is no tasks/ folder in {bare.Git.Root}"], errors);
    }

    [Fact]
    public async Task A_change_to_a_frozen_spec_document_needs_approval_and_one_changed_earlier_is_a_warning()
    {
        _repo.Git.Write("docs/spec.md", "# Spec\n");
        _repo.Git.Write("docs/api.md", "# API\n");
        await _repo.Git.CommitAllAsync("specs");
        string today;
        using (var ledger = new TaskLedger(_repo.Git.Root, new LedgerOptions { WatchForChanges = false }))
        {
            var freeze = ledger.Freezes.Freeze(["docs/spec.md", "docs/api.md"], "agreed with the client", "lead", TestContext.Current.CancellationToken);
            Assert.Null(freeze.Error);
            today = freeze.Documents[0].FrozenAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        _repo.Git.Write("docs/api.md", "# API, edited\n");
        await _repo.Git.CommitAllAsync("api edited and committed");
        _repo.Edit("docs/spec.md", "# Spec", "# Spec, edited");

        var report = await _repo.CheckWorkingTreeAsync();

        var frozen = report.Findings.Where(f => f.Rule == "frozen-spec").Select(f => (f.Path, f.Effect, f.Message)).ToList();
        Assert.Equal(
            [
                ("docs/api.md", RuleEffect.Warn, $"docs/api.md changed since it was frozen on {today} by lead (agreed with the client); re-freeze it with a reason once the change is agreed"),
                ("docs/spec.md", RuleEffect.NeedsApproval, $"docs/spec.md is a frozen spec document, frozen on {today} by lead (agreed with the client); the change modifies it, which needs a person's approval and then a re-freeze with a reason"),
            ],
            frozen);
        Assert.Equal(Verdict.NeedsApproval, report.Verdict);
    }
}
