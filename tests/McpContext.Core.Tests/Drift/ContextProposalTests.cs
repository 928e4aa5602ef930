using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Drift;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Drift;

public sealed class ContextProposalTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Init_on_the_edge_repository_without_its_context_proposes_one_drift_finds_in_sync()
    {
        using var repo = await EdgeRepo.CreateAsync(accept: false);
        repo.Delete("project-context.toml");
        var proposal = await ProposeAsync(repo.Root);

        Assert.Empty(proposal.Problems);
        Assert.Equal((3, 3), (proposal.Services, proposal.Workflows));
        var text = proposal.Text;
        Assert.StartsWith("#:schema ./schemas/project-context.schema.json\n", text, StringComparison.Ordinal);
        Assert.Contains($"project = \"{Path.GetFileName(repo.Root)}\"   # the directory's name\n", text, StringComparison.Ordinal);
        Assert.Contains("[services.blue]\nport = 3001   # deploy/compose/blue.yml:11: compose service blue publishes 3001\npaths = [\"deploy/compose/blue.yml\"]   # deploy/compose/blue.yml:6: compose service blue\n", text, StringComparison.Ordinal);
        Assert.Contains("[services.nginx]\nport = 3000   # deploy/nginx/nginx.conf:27: nginx listens on 3000\n", text, StringComparison.Ordinal);
        Assert.Contains("model = \"blue-green\"   # guessed from the services blue and green\nplatform = \"docker-compose\"   # deploy/compose/blue.yml:6: compose service blue\n", text, StringComparison.Ordinal);
        Assert.Contains("[deployment.rollback]\nscript = \"deploy/scripts/rollback.sh\"   # deploy/scripts/rollback.sh: a rollback script, by its name\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline = \"github-actions\"   # .github/workflows/auto-tag.yml:2: workflow \"auto-tag\"\n", text, StringComparison.Ordinal);
        Assert.Contains("runner = \"self-hosted, labels [self-hosted, linux, ARM64, jetson]\"   # .github/workflows/auto-tag.yml:14: job tag and the other jobs' runner labels\n", text, StringComparison.Ordinal);
        Assert.Contains("  \".github/workflows/build.yml\",   # .github/workflows/build.yml:3: workflow \"build\", on push, workflow_dispatch\n", text, StringComparison.Ordinal);

        var written = ContextProposal.Write(proposal, force: false);
        Assert.True(written.Succeeded, written.Error);
        using var store = EdgeRepo.Store(repo);
        var snapshot = store.Read();
        Assert.Empty(snapshot.Diagnostics);
        var context = ProjectContext.From(snapshot.Model);
        Assert.Equal(["blue", "green", "nginx"], context.Services.Keys);
        var report = await EdgeRepo.CheckAsync(repo);
        Assert.True(report.InSync, string.Join("\n", report.Findings.Select(f => f.Message)));
    }

    [Fact]
    public async Task Init_on_a_fresh_repository_proposes_a_minimal_file_that_loads_and_validates()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var proposal = await ProposeAsync(repo.Root);
        Assert.Empty(proposal.Problems);
        Assert.Equal((0, 0), (proposal.Services, proposal.Workflows));
        Assert.DoesNotContain("[services]", proposal.Text, StringComparison.Ordinal);

        Assert.True(ContextProposal.Write(proposal, force: false).Succeeded);
        using var store = new ContextStore(repo.PathOf("project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
        var snapshot = store.Read();
        Assert.False(snapshot.HasSyntaxErrors);
        Assert.Empty(snapshot.Diagnostics);
        Assert.Equal(Path.GetFileName(repo.Root), ProjectContext.From(snapshot.Model).Project);
    }

    [Fact]
    public async Task Without_compose_or_manifests_the_projects_that_state_ports_become_services_and_never_share_one()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("src/Ledger.Api/Properties/launchSettings.json", "{ \"profiles\": { \"http\": { \"applicationUrl\": \"http://localhost:5043\" } } }\n");
        repo.Write("web/package.json", "{ \"name\": \"storefront\", \"scripts\": { \"dev\": \"vite --port 5043\" } }\n");
        repo.Write(".gitlab-ci.yml", "build:\n  tags: [docker]\n  script: make\n");
        var proposal = await ProposeAsync(repo.Root);
        Assert.Empty(proposal.Problems);
        Assert.Contains("[services.ledger-api]\nport = 5043   # src/Ledger.Api/Properties/launchSettings.json:1: applicationUrl http://localhost:5043\n", proposal.Text, StringComparison.Ordinal);
        Assert.Contains("[services.storefront]\n# port: web/package.json:1: script dev uses port 5043 (port 5043 is already services.ledger-api's; two services cannot share a port)\n", proposal.Text, StringComparison.Ordinal);
        Assert.Contains("pipeline = \"gitlab-ci\"   # .gitlab-ci.yml:1: GitLab CI pipeline\nrunner = \"GitLab runners tagged [docker]\"", proposal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_in_a_repository_that_ships_the_schema_points_at_it_relatively()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("schemas/project-context.schema.json", "{}\n");
        Directory.CreateDirectory(repo.PathOf("examples/new"));
        var proposal = await ProposeAsync(repo.PathOf("examples/new"));
        Assert.StartsWith("#:schema ../../schemas/project-context.schema.json\n# Proposed by `mcpctx init`", proposal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("put McpContext's schemas", proposal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_never_overwrites_a_context_without_force_and_force_replaces_only_toml()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("project-context.toml", "project = \"mine\"\n");
        var proposal = await ProposeAsync(repo.Root);

        var refused = ContextProposal.Write(proposal, force: false);
        Assert.Equal($"{repo.PathOf("project-context.toml")} already exists; init never overwrites a context file without --force", refused.Error);
        Assert.Equal("project = \"mine\"\n", await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), Cancel));

        var forced = ContextProposal.Write(proposal, force: true);
        Assert.Equal(repo.PathOf("project-context.toml"), forced.Value);
        Assert.Equal(proposal.Text, await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), Cancel));

        repo.Delete("project-context.toml");
        repo.Write("project-context.yaml", "project: mine\n");
        var shadowing = ContextProposal.Write(proposal, force: true);
        Assert.Equal($"{repo.PathOf("project-context.yaml")} already exists; --force replaces only project-context.toml, which would shadow it; remove project-context.yaml first", shadowing.Error);
        Assert.False(File.Exists(repo.PathOf("project-context.toml")));
    }

    [Fact]
    public async Task Init_outside_a_git_repository_says_it_needs_one()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-init-");
        try
        {
            var outcome = await ContextProposal.ProposeAsync(dir.FullName, Cancel);
            Assert.Equal($"init reads the project's files through git, and '{dir.FullName}' is not inside a git repository; run git init there first", outcome.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<ProposedContext> ProposeAsync(string directory)
    {
        var outcome = await ContextProposal.ProposeAsync(directory, Cancel);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Value;
    }
}
