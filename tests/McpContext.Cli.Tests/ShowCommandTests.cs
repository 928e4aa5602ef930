namespace McpContext.Cli.Tests;

public sealed class ShowCommandTests
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    [Fact]
    public async Task Show_summarises_the_wp_edge_core_example()
    {
        var result = await Mcpctx.RunAsync(null, Examples, "show", "wp-edge-core");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("wp-edge-core/project-context.toml  (valid TOML, ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("project        wp-edge-core\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  blue   port=3001  protocol=http  health=/healthz", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  model          blue-green\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[[known_issues]]  3 entries: 2 open, 1 resolved\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  - KI-001 [open] ", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Show_finds_the_context_file_in_a_parent_directory()
    {
        var nested = Directory.CreateDirectory(Path.Combine(Examples, "ledger-api", "src", "deep"));
        var result = await Mcpctx.RunAsync(null, nested.FullName, "show");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("../../project-context.toml  (valid TOML, ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_reports_a_broken_context_file_with_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-show-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "project-context.toml"), "project = \"x\"\n[services]\nblue = 3001\nblue = 3002\n", TestContext.Current.CancellationToken);
        var result = await Mcpctx.RunAsync(null, dir.FullName, "show");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "project-context.toml:4:1: duplicate key 'services.blue' first defined at 3:1\nproject-context.toml: not valid TOML (1 error(s))\n",
            result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Show_reads_a_yaml_context_and_flags_its_problems_with_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-show-yaml-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "project-context.yaml"), "project: x\nservices:\n  web: 80\n  api:\n    port: 80\n", TestContext.Current.CancellationToken);
        var result = await Mcpctx.RunAsync(null, dir.FullName, "show");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("project-context.yaml  (1 problem(s) in YAML, 5 lines, revision ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("project  x\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("project-context.yaml:5:5: services.api.port: port 80 is already used by services.web; two services cannot listen on one port\n", result.Stderr);
    }

    [Fact]
    public async Task Show_summarises_the_docs_site_yaml_example()
    {
        var result = await Mcpctx.RunAsync(null, Examples, "show", "docs-site");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("docs-site/project-context.yaml  (valid YAML, ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  - KI-001 [open] Preview deployments of forks have no credentials\n", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Show_without_a_context_file_says_where_it_looked()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-none-");
        var result = await Mcpctx.RunAsync(null, dir.FullName, "show");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"no project-context.toml, project-context.json, project-context.yaml, project-context.yml at or above '{dir.FullName}'; pass a file or a project directory\n", result.Stderr);
    }
}
