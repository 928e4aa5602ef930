using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Drift;
using McpContext.Core.Tests.Context;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Drift;

/// <summary>Drift on the other example contexts: the short service form on Kubernetes with GitLab CI, and a YAML context.</summary>
public sealed class OtherContextsTests
{
    private const string Api = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
                - name: api
                  ports:
                    - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        spec:
          ports:
            - port: 80
              targetPort: 8080
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ledger_api_on_kubernetes_with_gitlab_ci_is_in_sync_and_a_moved_container_port_is_a_short_form_fix()
    {
        using var repo = await TempGitRepo.CreateAsync();
        File.Copy(Path.Combine(RepoFiles.Directory, "examples", "ledger-api", "project-context.toml"), repo.PathOf("project-context.toml"));
        repo.Write("deploy/k8s/api.yaml", Api);
        repo.Write("deploy/k8s/worker.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          ports: [{containerPort: 9090}]\n");
        repo.Write("deploy/k8s/migrate-job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n");
        repo.Write(".gitlab-ci.yml", "include:\n  - local: ci/deploy.gitlab-ci.yml\ntest:\n  tags: [docker]\n  script: go test ./...\n");
        repo.Write("ci/deploy.gitlab-ci.yml", "deploy:\n  tags: [docker]\n  script: kubectl apply -f deploy/k8s\n");
        await repo.CommitAllAsync();

        var report = await CheckAsync(repo);
        Assert.True(report.InSync, string.Join("\n", report.Findings.Select(f => f.Message)));

        repo.Write("deploy/k8s/api.yaml", Api.Replace("8080", "8081", StringComparison.Ordinal));
        var finding = Assert.Single((await CheckAsync(repo)).Findings);
        Assert.Equal("port_mismatch services.api: services.api has port 8080, but deploy/k8s/api.yaml:11 says 8081 (and 80)", $"{finding.Kind} {finding.Key}: {finding.Message}");
        Assert.Equal("set services.api = 8081", Assert.Single(finding.Operations).ToString());
        Assert.Equal(Array.FindIndex(File.ReadAllLines(repo.PathOf("project-context.toml")), l => l.StartsWith("api = 8080", StringComparison.Ordinal)) + 1, finding.KeyLine);
    }

    [Fact]
    public async Task A_yaml_context_gets_findings_at_its_own_lines_and_accept_writes_it_as_yaml()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("project-context.yaml", "# yaml-language-server: $schema=./schemas/project-context.schema.json\nproject: docs\nci:\n  pipeline: github-actions\n  workflows:\n    - .github/workflows/build.yml\n    - .github/workflows/gone.yml\n");
        repo.Write(".github/workflows/build.yml", "name: build\non: push\njobs:\n  site:\n    runs-on: ubuntu-latest\n    steps: [{run: npm run build}]\n");
        await repo.CommitAllAsync();
        using var store = new ContextStore(repo.PathOf("project-context.yaml"), new ContextStoreOptions { WatchForChanges = false });

        var outcome = await DriftDetector.CheckAsync(store, Cancel);
        var finding = Assert.Single(outcome.Report!.Findings);
        Assert.Equal(("ci.workflows[1]", 7), (finding.Key, finding.KeyLine));
        Assert.Equal(ContextWriteStatus.Written, store.Update(outcome.Report.Revision, outcome.Report.Fix, "test", "drift fix", Cancel).Status);

        var accepted = await DriftDetector.AcceptAsync(store, store.Read().Revision, "test", "in sync", new FixedTime(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero)), Cancel);
        Assert.True(accepted.Recorded, string.Join("; ", accepted.Problems));
        var text = await File.ReadAllTextAsync(repo.PathOf("project-context.yaml"), Cancel);
        Assert.StartsWith("# yaml-language-server: $schema=./schemas/project-context.schema.json\n", text, StringComparison.Ordinal);
        Assert.Contains("verified:\n  commit: ", text, StringComparison.Ordinal);
        Assert.Equal("2026-05-01T08:00:00Z", ProjectContext.From(store.Read().Model).Verified!.At);
    }

    private static async Task<DriftReport> CheckAsync(TempGitRepo repo)
    {
        using var store = new ContextStore(repo.PathOf("project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
        var outcome = await DriftDetector.CheckAsync(store, Cancel);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Report;
    }
}
