using McpContext.Core.Tests.Drift;
using McpContext.Core.Tests.Git;

namespace McpContext.Cli.Tests;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_prints_a_proposal_with_its_schema_line_and_writes_it_only_with_write()
    {
        using var repo = await EdgeRepo.CreateAsync(accept: false);
        repo.Delete("project-context.toml");

        var printed = await Mcpctx.RunAsync(null, repo.Root, "init");
        Assert.Equal(0, printed.ExitCode);
        Assert.StartsWith("#:schema ./schemas/project-context.schema.json\n", printed.Stdout, StringComparison.Ordinal);
        Assert.Contains("port = 3002   # deploy/compose/green.yml:11: compose service green publishes 3002\n", printed.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf("project-context.toml")));

        var written = await Mcpctx.RunAsync(null, repo.Root, "init", "--write");
        Assert.Equal(0, written.ExitCode);
        Assert.Equal($"wrote {repo.PathOf("project-context.toml")}: 3 service(s), 3 CI file(s). Review it, then record it with mcpctx drift --accept.\n", written.Stdout);
        Assert.Equal(printed.Stdout, await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken));

        var shown = await Mcpctx.RunAsync(null, repo.Root, "show");
        Assert.Equal(0, shown.ExitCode);
        Assert.Empty(shown.Stderr);
        var drift = await Mcpctx.RunAsync(null, repo.Root, "drift");
        Assert.Equal(0, drift.ExitCode);
    }

    [Fact]
    public async Task Init_never_overwrites_without_force()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("project-context.toml", "project = \"mine\"\n");

        var refused = await Mcpctx.RunAsync(null, repo.Root, "init", "--write");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"mcpctx init: {repo.PathOf("project-context.toml")} already exists; init never overwrites a context file without --force\n", refused.Stderr);
        Assert.Equal("project = \"mine\"\n", await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken));

        var forced = await Mcpctx.RunAsync(null, repo.Root, "init", "--write", "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains($"project = \"{Path.GetFileName(repo.Root)}\"", await File.ReadAllTextAsync(repo.PathOf("project-context.toml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "init", "--force" }, "mcpctx init: --force only applies with --write (printing never overwrites anything)\n")]
    [InlineData(new[] { "init", "/no/such/dir" }, "mcpctx init: '/no/such/dir' is not a directory\n")]
    public async Task Init_refuses_bad_arguments_with_exit_2(string[] args, string message)
    {
        var result = await Mcpctx.RunAsync(null, null, args);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Stderr);
    }

    [Fact]
    public async Task Init_outside_git_says_it_needs_a_repository()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-init-");
        try
        {
            var result = await Mcpctx.RunAsync(null, dir.FullName, "init");
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"mcpctx init: init reads the project's files through git, and '{dir.FullName}' is not inside a git repository; run git init there first\n", result.Stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Init_reports_files_it_could_not_read_on_stderr_and_still_proposes()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("docker-compose.yml", "services: [\n");
        var result = await Mcpctx.RunAsync(null, repo.Root, "init");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("mcpctx init: note: docker-compose.yml:2: not valid YAML: ", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("#:schema ", result.Stdout, StringComparison.Ordinal);
    }
}
