using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Tests.Context;

namespace McpContext.Core.Tests.Constraints;

/// <summary>The checks that need no configuration: secrets, locked keys, locked port definitions, a valid context.</summary>
public sealed class BuiltInCheckTests
{
    private static readonly string GitHubToken = "ghp_" + SecretCorpus.Body(7, 36);

    // The example with services locked and R-003 no longer about ports, so the built-in locked-value check is the one that fires.
    private static readonly string ServicesLocked = EdgeRepo.ExampleContext
        .Replace("locked = [\"deployment.model\"", "locked = [\"services\", \"deployment.model\"", StringComparison.Ordinal)
        .Replace("keys = [\"services.*.port\"]", "paths = [\"docs/ports.md\"]", StringComparison.Ordinal);

    [Fact]
    public async Task A_secret_in_an_added_line_is_denied_naming_the_kind_and_line_but_never_the_value()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Git.Write("app/config.env", $"LOG_LEVEL=info\nGITHUB_TOKEN={GitHubToken}\n");

        var report = await repo.CheckWorkingTreeAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("secret", RuleEffect.Deny, "app/config.env", 2, Verdict.Deny), (finding.Rule, finding.Effect, finding.Path, finding.Line, report.Verdict));
        Assert.Equal("adds what looks like a GitHub token; secrets belong in a secret manager, never in the repository or the context", finding.Message);
        Assert.DoesNotContain(GitHubToken, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_in_a_removed_line_is_not_a_finding()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Git.Write("app/config.env", $"GITHUB_TOKEN={GitHubToken}\n");
        await repo.Git.CommitAllAsync();
        repo.Git.Write("app/config.env", "GITHUB_TOKEN_FILE=/run/secrets/github\n");

        Assert.Empty((await repo.CheckWorkingTreeAsync()).Findings);
    }

    [Fact]
    public async Task A_secret_in_a_context_patch_is_denied_naming_its_key()
    {
        using var repo = await EdgeRepo.CreateAsync();

        var report = repo.Check(new ChangeRequest { ContextPatch = [ContextOperation.Set("ci.deploy_token", GitHubToken)] });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("secret", "ci.deploy_token", Verdict.Deny), (finding.Rule, finding.Key, report.Verdict));
        Assert.StartsWith("ci.deploy_token holds what looks like a GitHub token", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_locked_key_through_a_patch_needs_approval()
    {
        using var repo = await EdgeRepo.CreateAsync();

        var report = repo.Check(new ChangeRequest { ContextPatch = [ContextOperation.Set("deployment.model", "rolling")] });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("locked-key", RuleEffect.NeedsApproval, "deployment.model", Verdict.NeedsApproval), (finding.Rule, finding.Effect, finding.Key, report.Verdict));
        Assert.Equal("changes deployment.model from \"blue-green\" to \"rolling\", which is locked (constraints.locked: deployment.model); changing it needs a person's approval", finding.Message);
    }

    [Fact]
    public async Task Changing_a_locked_key_in_a_diff_of_the_context_file_is_found_whether_or_not_the_file_already_holds_the_change()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Edit("project-context.toml", "model = \"blue-green\"", "model = \"canary\"");
        var diff = await repo.WorkingDiffAsync();

        // On disk: the file already changed, so the diff is undone to find the version before.
        var applied = repo.Check(new ChangeRequest { Diff = diff });
        await repo.Git.GitAsync("checkout", "HEAD", "--", "project-context.toml");

        // On disk: the old file, so the diff is applied to find the version after.
        var proposed = repo.Check(new ChangeRequest { Diff = diff });

        foreach (var report in new[] { applied, proposed })
        {
            Assert.Equal(Verdict.NeedsApproval, report.Verdict);
            Assert.Equal(["deployment.model"], report.KeyChanges.Select(k => k.Path.ToString()));
            Assert.Equal("locked-key", Assert.Single(report.Findings).Rule);
        }

        Assert.Equal(applied.ChangeId, proposed.ChangeId);
    }

    [Fact]
    public async Task A_diff_of_the_context_file_that_fits_neither_version_is_an_error_naming_its_line()
    {
        using var repo = await EdgeRepo.CreateAsync();
        const string diff = "diff --git a/project-context.toml b/project-context.toml\n--- a/project-context.toml\n+++ b/project-context.toml\n@@ -6 +6 @@\n-project = \"something-else\"\n+project = \"renamed\"\n";

        var errors = repo.Errors(new ChangeRequest { Diff = diff });

        Assert.Equal(["diff line 1: its changes to project-context.toml do not fit the file on disk, applied or undone; make the diff against the current file"], errors);
    }

    [Fact]
    public async Task A_line_that_defines_a_locked_services_port_needs_approval_in_nginx_and_compose()
    {
        using var repo = await EdgeRepo.CreateAsync(ServicesLocked);
        repo.Edit(EdgeRepo.Nginx, "listen 3000;", "listen 8080;");
        repo.Edit(EdgeRepo.BlueCompose, "127.0.0.1:3001:8080", "127.0.0.1:3101:8080");

        var report = await repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.NeedsApproval, report.Verdict);
        Assert.Equal(
            [("locked-value", EdgeRepo.BlueCompose, 5), ("locked-value", EdgeRepo.Nginx, 5)],
            report.Findings.Select(f => (f.Rule, f.Path!, f.Line!.Value)).Order());
        Assert.Equal(
            "which is locked (constraints.locked: services); changing it needs a person's approval (the change removes a line that defines services.nginx.port = 3000)",
            report.Findings.Single(f => f.Path == EdgeRepo.Nginx).Message);
    }

    [Fact]
    public async Task A_context_patch_that_breaks_validation_is_denied_as_the_store_would_refuse_it()
    {
        using var repo = await EdgeRepo.CreateAsync();

        var report = repo.Check(new ChangeRequest { ContextPatch = [ContextOperation.Set("services.green.port", 3001L)] });

        Assert.Equal(Verdict.Deny, report.Verdict);
        var invalid = report.Findings.Single(f => f.Rule == "context-invalid");
        Assert.Equal("the change makes project-context.toml invalid: services.green.port: port 3001 is already used by services.blue; two services cannot listen on one port", invalid.Message);
        Assert.Contains(report.Findings, f => f.Rule == "R-003");
    }

    [Fact]
    public async Task A_diff_that_leaves_the_context_unparseable_is_denied_with_the_syntax_error()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Edit("project-context.toml", "project = \"wp-edge-core\"", "project = \"wp-edge-core");

        var report = await repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.Deny, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("context-invalid", "project-context.toml"), (finding.Rule, finding.Path));
        Assert.StartsWith("the change leaves project-context.toml unreadable: ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_come_from_the_context_before_the_change_so_a_change_cannot_remove_the_rule_that_checks_it()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Edit("project-context.toml", "effect = \"deny\"\nkeys = [\"services.*.port\"]", "effect = \"warn\"\nkeys = [\"services.*.port\"]");
        repo.Edit(EdgeRepo.Upstream, "127.0.0.1:3001", "127.0.0.1:3005");

        var report = await repo.CheckWorkingTreeAsync();

        Assert.Equal(Verdict.Deny, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == "R-003" && f.Effect == RuleEffect.Deny && f.Path == EdgeRepo.Upstream);
    }

    [Fact]
    public async Task Both_versions_given_by_the_caller_are_used_instead_of_the_file_on_disk()
    {
        using var repo = await EdgeRepo.CreateAsync();
        var before = await File.ReadAllBytesAsync(repo.Git.PathOf("project-context.toml"), TestContext.Current.CancellationToken);
        var after = System.Text.Encoding.UTF8.GetBytes(EdgeRepo.ExampleContext.Replace("port = 3002", "port = 3012", StringComparison.Ordinal));
        repo.Git.Write("project-context.toml", "project = \"changed on disk only\"\n");

        var report = repo.Check(new ChangeRequest { Files = [new ProposedFile("project-context.toml", ChangeKind.Modify)], ContextVersions = new ContextVersions(before, after) });

        Assert.Equal(["services.green.port"], report.KeyChanges.Select(k => k.Path.ToString()));
        Assert.Equal("R-003", Assert.Single(report.Findings).Rule);
        Assert.Equal(ContextStore.Hash(before), report.ContextRevision);
    }

    [Fact]
    public async Task With_both_versions_given_an_untouched_context_still_takes_its_rules_from_the_version_before_not_the_disk()
    {
        using var repo = await EdgeRepo.CreateAsync();
        var before = await File.ReadAllBytesAsync(repo.Git.PathOf("project-context.toml"), TestContext.Current.CancellationToken);
        repo.Git.Write("project-context.toml", "project = \"rules removed on disk, not staged\"\n");
        repo.Edit(EdgeRepo.Upstream, "127.0.0.1:3001", "127.0.0.1:3005");
        await repo.Git.GitAsync("add", EdgeRepo.Upstream);
        var staged = await repo.Git.GitAsync("diff", "--cached");

        var report = repo.Check(new ChangeRequest { Diff = staged, ContextVersions = new ContextVersions(before, before) });

        Assert.Equal(("R-003", Verdict.Deny), (Assert.Single(report.Findings).Rule, report.Verdict));
        Assert.Empty(report.KeyChanges);
    }
}
