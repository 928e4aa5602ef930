using McpContext.Core.Context;
using McpContext.Core.Drift;
using McpContext.Core.Git;
using McpContext.Core.Tests.Context;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Drift;

public sealed class DriftDetectorTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_wp_edge_core_repository_is_in_sync_with_its_context()
    {
        using var repo = await EdgeRepo.CreateAsync();
        var report = await EdgeRepo.CheckAsync(repo);
        Assert.True(report.InSync, string.Join("\n", report.Findings.Select(f => f.Message)));
        Assert.Empty(report.Fix);
        Assert.Empty(report.Notes);
        Assert.Equal(9, report.FilesScanned);
        Assert.NotNull(report.Changes);
        Assert.Empty(report.Changes.Files);
        Assert.Equal(report.Head, (await repo.GitAsync("rev-parse", "HEAD")).Trim());
    }

    [Fact]
    public async Task The_example_as_shipped_in_this_repository_is_in_sync_and_notes_its_foreign_verified_commit()
    {
        using var store = new ContextStore(Path.Combine(RepoFiles.RepositoryRoot, "examples", "wp-edge-core", "project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
        var outcome = await DriftDetector.CheckAsync(store, Cancel);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(outcome.Report.InSync, string.Join("\n", outcome.Report.Findings.Select(f => f.Message)));
        Assert.Equal("examples/wp-edge-core/", outcome.Report.ProjectPrefix);
        var note = Assert.Single(outcome.Report.Notes);
        Assert.Equal("project-context.toml: verified.commit 4f2a9c1e7b3d58a06e91c2f4b7d0a3e5c8f1b692 is not a commit of this repository (a shallow clone, rewritten history or a copied file); changes since then cannot be listed", note.ToString());
    }

    [Fact]
    public async Task A_listed_workflow_that_is_gone_is_reported_with_a_remove_operation()
    {
        using var repo = await EdgeRepo.CreateAsync();
        await repo.GitAsync("rm", "-q", ".github/workflows/deploy-stage.yml");
        var report = await EdgeRepo.CheckAsync(repo);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKinds.WorkflowMissing, finding.Kind);
        Assert.Equal("ci.workflows[2]", finding.Key);
        Assert.Equal(".github/workflows/deploy-stage.yml is listed but does not exist", finding.Message);
        Assert.Equal(LineOf(repo, "  \".github/workflows/deploy-stage.yml\","), finding.KeyLine);
        Assert.Equal(["remove ci.workflows[2]"], finding.Operations.Select(o => o.ToString()));
        EdgeRepo.ApplyFix(repo, report);
        Assert.True((await EdgeRepo.CheckAsync(repo)).InSync);
    }

    [Fact]
    public async Task A_workflow_renamed_in_git_is_reported_as_a_rename_everywhere_the_context_names_it()
    {
        using var repo = await EdgeRepo.CreateAsync();
        await repo.GitAsync("mv", ".github/workflows/build.yml", ".github/workflows/image.yml");
        await repo.CommitAllAsync("rename the build workflow");
        var report = await EdgeRepo.CheckAsync(repo);

        Assert.Equal(
            [
                "workflow_renamed ci.workflows[0]: .github/workflows/build.yml was renamed to .github/workflows/image.yml in git",
                "path_renamed known_issues[0].paths[1]: .github/workflows/build.yml (KI-001) was renamed to .github/workflows/image.yml in git",
                "path_renamed known_issues[1].paths[0]: .github/workflows/build.yml (KI-002) was renamed to .github/workflows/image.yml in git",
                "path_renamed lessons[1].paths[0]: .github/workflows/build.yml (L-002) was renamed to .github/workflows/image.yml in git",
            ],
            report.Findings.Select(f => $"{f.Kind} {f.Key}: {f.Message}"));
        Assert.DoesNotContain(report.Findings, f => f.Kind == DriftKinds.WorkflowUnlisted);
        Assert.Equal("set ci.workflows[0] = \".github/workflows/image.yml\"", report.Findings[0].Operations.Single().ToString());
        var change = Assert.Single(report.Changes!.Files);
        Assert.Equal((GitChangeStatus.Renamed, ".github/workflows/image.yml", ".github/workflows/build.yml"), (change.Status, change.Path, change.OldPath));
        Assert.Equal(["workflow", "KI-001", "KI-002", "L-002"], change.Reasons);

        EdgeRepo.ApplyFix(repo, report);
        Assert.True((await EdgeRepo.CheckAsync(repo)).InSync);
    }

    [Fact]
    public async Task A_rename_staged_but_not_committed_is_a_rename_too()
    {
        using var repo = await EdgeRepo.CreateAsync();
        await repo.GitAsync("mv", ".github/workflows/auto-tag.yml", ".github/workflows/tag-release.yml");
        var report = await EdgeRepo.CheckAsync(repo);
        Assert.Contains(report.Findings, f => f.Kind == DriftKinds.WorkflowRenamed && f.Key == "ci.workflows[1]" && f.Message.EndsWith("renamed to .github/workflows/tag-release.yml in git", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_workflow_nobody_listed_is_reported_with_an_append_even_before_it_is_committed()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Write(".github/workflows/nightly.yml", "name: nightly\non:\n  schedule:\n    - cron: '0 2 * * *'\njobs:\n  soak:\n    runs-on: [self-hosted, linux, ARM64, jetson]\n    steps:\n      - run: echo soak\n");
        var report = await EdgeRepo.CheckAsync(repo);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKinds.WorkflowUnlisted, finding.Kind);
        Assert.Equal("ci.workflows", finding.Key);
        Assert.Equal(".github/workflows/nightly.yml is a GitHub Actions workflow file the context does not list", finding.Message);
        Assert.Equal(".github/workflows/nightly.yml:1: workflow \"nightly\"", Assert.Single(finding.Evidence).ToString());
        Assert.Equal("append ci.workflows = \".github/workflows/nightly.yml\"", Assert.Single(finding.Operations).ToString());
        EdgeRepo.ApplyFix(repo, report);
        Assert.True((await EdgeRepo.CheckAsync(repo)).InSync);
    }

    [Fact]
    public async Task A_compose_port_that_disagrees_names_the_key_the_evidence_and_the_fix()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/compose/blue.yml", "127.0.0.1:3001:8080", "127.0.0.1:3005:8080");
        var report = await EdgeRepo.CheckAsync(repo);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKinds.PortMismatch, finding.Kind);
        Assert.Equal("services.blue.port", finding.Key);
        Assert.Equal(LineOf(repo, "port = 3001"), finding.KeyLine);
        Assert.Equal("services.blue has port 3001, but deploy/compose/blue.yml:11 says 3005; nginx still sends its traffic to 3001 (deploy/nginx/nginx.conf:14), so change it too", finding.Message);
        Assert.Equal(["deploy/compose/blue.yml:11: compose service blue publishes 3005", "deploy/nginx/nginx.conf:14: nginx upstream blue sends traffic to port 3001"], finding.Evidence.Select(e => e.ToString()));
        Assert.Equal("set services.blue.port = 3005", Assert.Single(finding.Operations).ToString());
        var change = Assert.Single(report.Changes!.Files);
        Assert.Equal(["compose", "deploy", "services.blue", "KI-003"], change.Reasons);
    }

    [Fact]
    public async Task An_nginx_listen_port_that_disagrees_is_a_port_mismatch_of_the_nginx_service()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/nginx/nginx.conf", "listen 3000;", "listen 127.0.0.1:3010;");
        var finding = Assert.Single((await EdgeRepo.CheckAsync(repo)).Findings);
        Assert.Equal("port_mismatch services.nginx.port: services.nginx has port 3000, but deploy/nginx/nginx.conf:27 says 3010", $"{finding.Kind} {finding.Key}: {finding.Message}");
        Assert.Equal("set services.nginx.port = 3010", Assert.Single(finding.Operations).ToString());
    }

    [Fact]
    public async Task Nginx_sending_a_slot_s_traffic_to_another_port_is_an_upstream_mismatch_without_a_context_fix()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/nginx/nginx.conf", "server 127.0.0.1:3002;", "server 127.0.0.1:3004;");
        var finding = Assert.Single((await EdgeRepo.CheckAsync(repo)).Findings);
        Assert.Equal(DriftKinds.UpstreamMismatch, finding.Kind);
        Assert.Equal("services.green.port", finding.Key);
        Assert.Equal("deploy/nginx/nginx.conf:18: nginx upstream green sends traffic to port 3004", Assert.Single(finding.Evidence).ToString());
        Assert.Empty(finding.Operations);
    }

    [Fact]
    public async Task Nginx_sending_traffic_to_a_port_no_service_has_is_reported()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/nginx/conf.d/upstream-active.conf", "127.0.0.1:3001", "127.0.0.1:3003");
        var finding = Assert.Single((await EdgeRepo.CheckAsync(repo)).Findings);
        Assert.Equal("upstream_unknown services: nginx sends traffic to port 3003 (deploy/nginx/conf.d/upstream-active.conf:3), but no service in the context has that port", $"{finding.Kind} {finding.Key}: {finding.Message}");
        Assert.Empty(finding.Operations);
    }

    [Fact]
    public async Task A_new_compose_service_is_reported_with_a_service_table_to_add()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Write("deploy/compose/metrics.yml", "services:\n  node-exporter:\n    image: prom/node-exporter:v1.8.1\n    ports:\n      - \"127.0.0.1:9100:9100\"\n");
        var report = await EdgeRepo.CheckAsync(repo);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKinds.ServiceUnlisted, finding.Kind);
        Assert.Equal("services.node-exporter", finding.Key);
        Assert.Equal("deploy/compose/metrics.yml:2 defines the compose service node-exporter on port 9100, which the context does not list", finding.Message);
        Assert.Equal("set services.node-exporter = { port = 9100, paths = [\"deploy/compose/metrics.yml\"] }", Assert.Single(finding.Operations).ToString());
        EdgeRepo.ApplyFix(repo, report);
        Assert.True((await EdgeRepo.CheckAsync(repo)).InSync);
    }

    [Fact]
    public async Task A_listed_service_no_file_mentions_is_reported_with_a_remove_operation()
    {
        using var repo = await EdgeRepo.CreateAsync();
        using (var store = EdgeRepo.Store(repo))
        {
            var written = store.Update(store.Read().Revision, [ContextOperation.Set("services.legacy.port", 4000L), ContextOperation.Set("services.legacy.paths", new Toml.TomlArray(["legacy/**"]))], "test", "a service from before", Cancel);
            Assert.Equal(ContextWriteStatus.Written, written.Status);
        }

        var report = await EdgeRepo.CheckAsync(repo);
        Assert.Equal(
            [
                "service_unmentioned services.legacy: no file in the repository mentions services.legacy: no compose service, manifest, Procfile entry or nginx upstream by that name, no file under its paths, no file using port 4000 [remove services.legacy]",
                "path_missing services.legacy.paths[0]: legacy/** (services.legacy) matches no file in the repository [remove services.legacy.paths[0]]",
            ],
            report.Findings.Select(f => $"{f.Kind} {f.Key}: {f.Message} [{string.Join("; ", f.Operations)}]"));
        Assert.Equal(["remove services.legacy"], report.Fix.Select(o => o.ToString()));
        EdgeRepo.ApplyFix(repo, report);
        Assert.True((await EdgeRepo.CheckAsync(repo)).InSync);
    }

    [Fact]
    public async Task Paths_in_known_issues_and_the_rollback_script_that_no_longer_exist_are_reported()
    {
        using var repo = await EdgeRepo.CreateAsync();
        await repo.GitAsync("rm", "-q", "deploy/site/docker-proxy.conf", "deploy/scripts/rollback.sh");
        var report = await EdgeRepo.CheckAsync(repo);
        Assert.Equal(
            [
                "path_missing deployment.rollback.script: deploy/scripts/rollback.sh (the rollback script) does not exist in the repository [remove deployment.rollback.script]",
                "path_missing known_issues[2].paths[0]: deploy/site/** (KI-003) matches no file in the repository [remove known_issues[2].paths[0]]",
            ],
            report.Findings.Select(f => $"{f.Kind} {f.Key}: {f.Message} [{string.Join("; ", f.Operations)}]"));
        Assert.Equal(LineOf(repo, "script = \"deploy/scripts/rollback.sh\""), report.Findings[0].KeyLine);
    }

    [Fact]
    public async Task A_runner_label_the_context_does_not_mention_is_reported_with_the_runner_as_the_files_describe_it()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, ".github/workflows/build.yml", "runs-on: [self-hosted, linux, ARM64, jetson]", "runs-on: [self-hosted, linux, ARM64, jetson, orin-agx]");
        var finding = Assert.Single((await EdgeRepo.CheckAsync(repo)).Findings);
        Assert.Equal("runner_labels ci.runner: jobs ask for runner label(s) orin-agx that ci.runner does not mention", $"{finding.Kind} {finding.Key}: {finding.Message}");
        Assert.Equal(".github/workflows/build.yml:16: job image runs on [self-hosted, linux, ARM64, jetson, orin-agx]", Assert.Single(finding.Evidence).ToString());
        Assert.Equal("set ci.runner = \"self-hosted, labels [self-hosted, linux, ARM64, jetson, orin-agx]\"", Assert.Single(finding.Operations).ToString());
    }

    [Fact]
    public async Task Moving_from_github_actions_to_gitlab_ci_is_reported_and_the_combined_fix_brings_the_context_back_in_sync()
    {
        using var repo = await EdgeRepo.CreateAsync();
        await repo.GitAsync("rm", "-q", "-r", ".github");
        repo.Write(".gitlab-ci.yml", "stages: [build, deploy]\ninclude:\n  - local: ci/deploy.gitlab-ci.yml\nbuild:\n  stage: build\n  tags: [jetson]\n  script: docker build app\n");
        repo.Write("ci/deploy.gitlab-ci.yml", "deploy:\n  stage: deploy\n  tags: [jetson]\n  script: ./deploy/scripts/switch-slot.sh $CI_COMMIT_TAG\n");
        var report = await EdgeRepo.CheckAsync(repo);
        Assert.Equal(
            [
                "ci_pipeline ci.pipeline",
                "path_missing known_issues[0].paths[0]", "path_missing known_issues[0].paths[1]", "path_missing known_issues[1].paths[0]", "path_missing lessons[1].paths[0]",
                "workflow_missing ci.workflows[0]", "workflow_missing ci.workflows[1]", "workflow_missing ci.workflows[2]",
                "workflow_unlisted ci.workflows", "workflow_unlisted ci.workflows",
            ],
            report.Findings.Select(f => $"{f.Kind} {f.Key}").Order(StringComparer.Ordinal));
        Assert.Contains(report.Findings, f => f.Message == "ci.pipeline is github-actions, but the repository has no GitHub Actions workflow files and has GitLab CI files");
        Assert.Contains(report.Findings, f => f.Message == "ci/deploy.gitlab-ci.yml is a GitLab CI file the context does not list");

        EdgeRepo.ApplyFix(repo, report);
        var after = await EdgeRepo.CheckAsync(repo);
        Assert.True(after.InSync, string.Join("\n", after.Findings.Select(f => f.Message)));
    }

    [Fact]
    public async Task Changes_since_the_verified_commit_list_the_files_that_matter_and_count_the_rest()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/scripts/switch-slot.sh", "seq 1 60", "seq 1 120");
        repo.Write("docs/ward-display.md", "# Ward display\n");
        await repo.CommitAllAsync("longer health wait; docs");
        EdgeRepo.Replace(repo, "app/server.py", "b\"ok\\n\"", "b\"healthy\\n\"");

        var report = await EdgeRepo.CheckAsync(repo);
        Assert.True(report.InSync);
        var changes = report.Changes!;
        Assert.Equal(report.VerifiedCommit, changes.Since);
        Assert.Equal(
            ["M app/server.py: services.blue, services.green", "M deploy/scripts/switch-slot.sh: deploy, L-001"],
            changes.Files.Select(c => $"{c.Status.ToString()[0]} {c.Path}: {string.Join(", ", c.Reasons)}"));
        Assert.Equal(1, changes.OtherFiles);
    }

    [Fact]
    public async Task A_project_in_a_subdirectory_sees_only_its_own_files_with_paths_relative_to_it()
    {
        using var repo = await EdgeRepo.CreateAsync("products/edge");
        repo.Write(".github/workflows/monorepo.yml", "name: monorepo\non: push\njobs:\n  all:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n");
        var report = await EdgeRepo.CheckAsync(repo, "products/edge");
        Assert.True(report.InSync, string.Join("\n", report.Findings.Select(f => f.Message)));
        Assert.Equal("products/edge/", report.ProjectPrefix);
        Assert.Equal(9, report.FilesScanned);
    }

    [Fact]
    public async Task A_folder_with_its_own_context_is_another_project_and_is_left_out()
    {
        using var repo = await EdgeRepo.CreateAsync("examples/edge");
        repo.Write("project-context.toml", "project = \"monorepo\"\n");
        repo.Write("Dockerfile", "FROM alpine\nEXPOSE 9000\n");

        var report = await EdgeRepo.CheckAsync(repo);
        Assert.True(report.InSync, string.Join("\n", report.Findings.Select(f => f.Message)));
        Assert.Equal((2, 1), (report.FilesListed, report.FilesScanned));
        var proposal = await ContextProposal.ProposeAsync(repo.Root, Cancel);
        Assert.DoesNotContain("[services.blue]", proposal.Value!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_a_git_repository_drift_says_it_needs_one()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-nogit-");
        try
        {
            File.Copy(Path.Combine(EdgeRepo.Source, "project-context.toml"), Path.Combine(dir.FullName, "project-context.toml"));
            using var store = new ContextStore(Path.Combine(dir.FullName, "project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
            var outcome = await DriftDetector.CheckAsync(store, Cancel);
            Assert.False(outcome.Succeeded);
            Assert.Equal($"drift reads the project's files through git, and '{dir.FullName}' is not inside a git repository; run git init there (and commit) first", outcome.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_context_file_that_does_not_parse_is_refused_with_its_position()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("project-context.toml", "project = \"x\"\n[services\n");
        using var store = new ContextStore(repo.PathOf("project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
        var outcome = await DriftDetector.CheckAsync(store, Cancel);
        Assert.False(outcome.Succeeded);
        Assert.StartsWith($"{repo.PathOf("project-context.toml")} does not parse, so it cannot be compared with the repository; fix it first: project-context.toml:2:", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_context_file_everything_the_repository_defines_is_unlisted()
    {
        using var repo = await EdgeRepo.CreateAsync(accept: false);
        repo.Delete("project-context.toml");
        var report = await EdgeRepo.CheckAsync(repo);
        Assert.Equal(
            [
                "service_unlisted services.blue", "service_unlisted services.green", "service_unlisted services.nginx",
                "upstream_unknown services", "upstream_unknown services",
                "workflow_unlisted ci.workflows", "workflow_unlisted ci.workflows", "workflow_unlisted ci.workflows",
            ],
            report.Findings.Select(f => $"{f.Kind} {f.Key}").Order(StringComparer.Ordinal));
        Assert.Contains(report.Notes, n => n.Message.StartsWith("no context file exists yet at ", StringComparison.Ordinal));
    }

    private static int LineOf(TempGitRepo repo, string text) =>
        Array.FindIndex(File.ReadAllLines(repo.PathOf("project-context.toml")), l => l.Contains(text, StringComparison.Ordinal)) + 1;
}
