using System.Text.Json.Nodes;
using McpContext.Core.Tests.Drift;

namespace McpContext.Cli.Tests;

public sealed class DriftCommandTests
{
    [Fact]
    public async Task Drift_on_a_repository_in_sync_exits_0_and_says_so()
    {
        using var repo = await EdgeRepo.CreateAsync();
        var result = await Mcpctx.RunAsync(null, repo.Root, "drift");
        Assert.Equal(0, result.ExitCode);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(result.Stdout, @"^project-context\.toml at revision [0-9a-f]{16} against 19 files \(9 read\) at commit [0-9a-f]{12}: in sync\n"), result.Stdout);
        Assert.Contains("\nchanged since verified.commit ", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Drift_exits_1_and_prints_each_finding_with_its_context_line_evidence_and_fix()
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/compose/green.yml", "127.0.0.1:3002:8080", "127.0.0.1:3012:8080");
        var result = await Mcpctx.RunAsync(null, Path.Combine(repo.Root, "deploy"), "drift");
        Assert.Equal(1, result.ExitCode);
        var line = LineOf(repo, "port = 3002");
        Assert.Contains(
            $"\nproject-context.toml:{line}: services.green.port: services.green has port 3002, but deploy/compose/green.yml:11 says 3012; nginx still sends its traffic to 3002 (deploy/nginx/nginx.conf:18), so change it too [port_mismatch]\n"
            + "  evidence: deploy/compose/green.yml:11: compose service green publishes 3012\n"
            + "  evidence: deploy/nginx/nginx.conf:18: nginx upstream green sends traffic to port 3002\n"
            + "  fix: set services.green.port = 3012\n",
            result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  modified deploy/compose/green.yml (compose, deploy, services.green, KI-003)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_in_github_format_annotates_the_context_line_with_paths_from_the_repository_root()
    {
        using var repo = await EdgeRepo.CreateAsync("products/edge");
        await repo.GitAsync("rm", "-q", "products/edge/.github/workflows/auto-tag.yml");
        var result = await Mcpctx.RunAsync(null, repo.Root, "drift", "products/edge", "--format", "github");
        Assert.Equal(1, result.ExitCode);
        var line = LineOf(repo, "\".github/workflows/auto-tag.yml\",", "products/edge");
        Assert.StartsWith(
            $"::error file=products/edge/project-context.toml,line={line},title=drift workflow_missing%3A ci.workflows[1]::.github/workflows/auto-tag.yml is listed but does not exist%0Afix: remove ci.workflows[1]\n",
            result.Stdout, StringComparison.Ordinal);
        Assert.Contains("::notice file=products/edge/project-context.toml,title=changed since verified.commit::1 file(s) that matter to the context changed since ", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("drift: 2 finding(s)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_in_json_format_prints_the_drift_check_result()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Write(".github/workflows/nightly.yml", "name: nightly\non: schedule\njobs:\n  soak:\n    runs-on: [self-hosted, jetson]\n    steps: [{run: echo}]\n");
        var result = await Mcpctx.RunAsync(null, repo.Root, "drift", "--format", "json");
        Assert.Equal(1, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.False((bool)json["in_sync"]!);
        Assert.Equal("""[{"op":"append","path":"ci.workflows","value":".github/workflows/nightly.yml"}]""", json["fix"]!.ToJsonString());
        Assert.Equal(repo.PathOf("project-context.toml"), (string?)json["file"]);
    }

    [Fact]
    public async Task Drift_accept_records_the_commit_when_in_sync()
    {
        using var repo = await EdgeRepo.CreateAsync(accept: false);
        var head = (await repo.GitAsync("rev-parse", "HEAD")).Trim();
        var result = await Mcpctx.RunAsync(null, repo.Root, "drift", "--accept");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"^mcpctx drift: recorded verified\.commit = {head}, verified\.at = \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ in {repo.PathOf("project-context.toml")}\n$", result.Stderr);
        Assert.Contains($"commit = \"{head}\"\n", await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_accept_with_drift_records_nothing_and_exits_1()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Delete("deploy/scripts/rollback.sh");
        var before = await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken);
        var result = await Mcpctx.RunAsync(null, repo.Root, "drift", "--accept");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("mcpctx drift: nothing was recorded: the context disagrees with the repository in 1 place(s); nothing was recorded. Fix each finding (its operations, or the repository) and accept again\n", result.Stderr);
        Assert.Equal(before, await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Drift_without_a_context_file_or_outside_git_exits_2_saying_why()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-drift-");
        try
        {
            var none = await Mcpctx.RunAsync(null, dir.FullName, "drift");
            Assert.Equal(2, none.ExitCode);
            Assert.Equal($"mcpctx drift: no project-context.toml, project-context.json, project-context.yaml, project-context.yml at or above '{dir.FullName}'; mcpctx init proposes one\n", none.Stderr);

            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "project-context.toml"), "project = \"x\"\n", TestContext.Current.CancellationToken);
            var nogit = await Mcpctx.RunAsync(null, dir.FullName, "drift");
            Assert.Equal(2, nogit.ExitCode);
            Assert.Equal($"mcpctx drift: drift reads the project's files through git, and '{dir.FullName}' is not inside a git repository; run git init there (and commit) first\n", nogit.Stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_format_is_a_usage_error_with_exit_2_never_a_drift_exit_1()
    {
        var result = await Mcpctx.RunAsync(null, null, "drift", "--format", "yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("mcpctx: Argument 'yaml' not recognized. Must be one of:\n\t'text'\n\t'json'\n\t'github'\nusage: mcpctx drift --help\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    private static int LineOf(Core.Tests.Git.TempGitRepo repo, string text, string under = "") =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(repo.Root, under, "project-context.toml")), l => l.Contains(text, StringComparison.Ordinal)) + 1;
}
