using System.Text;
using System.Text.Json.Nodes;

namespace McpContext.Cli.Tests;

/// <summary>mcpctx check, approve and the pre-commit hook, as the built binary on real repositories.</summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private EdgeProject _project = null!;

    public async ValueTask InitializeAsync() => _project = await EdgeProject.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _project.Dispose();
        return ValueTask.CompletedTask;
    }

    private const string PortFinding = "deploy/nginx/conf.d/upstream-active.conf:2: deny R-003: Ports are baked into site firewalls; changing them means a change request with every hospital IT (the change removes a line that defines services.blue.port = 3001)\n";

    [Fact]
    public async Task By_default_every_uncommitted_change_is_checked_and_a_port_change_in_nginx_exits_1_with_the_rule()
    {
        _project.ChangePort();

        var result = await _project.RunAsync("check");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("deny: 1 finding(s), 1 blocking, in 1 file(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n" + PortFinding, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  L-001 (lesson) Reload nginx, never restart it, during a switch [deploy/nginx/conf.d/upstream-active.conf]\n", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task An_allowed_change_exits_0()
    {
        _project.Edit("README.md", "# wp-edge-core", "# wp-edge-core, the edge platform");

        var result = await _project.RunAsync("check");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("allow: 0 finding(s), 0 blocking, in 1 file(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staged_checks_only_what_is_staged()
    {
        _project.Edit("README.md", "# wp-edge-core", "# wp-edge-core, staged");
        await _project.Git.GitAsync("add", "README.md");
        _project.ChangePort();

        var staged = await _project.RunAsync("check", "--staged");
        var all = await _project.RunAsync("check");

        Assert.Equal((0, 1), (staged.ExitCode, all.ExitCode));
    }

    [Fact]
    public async Task A_range_of_commits_is_checked_and_an_unknown_revision_exits_2_naming_it()
    {
        var first = (await _project.Git.GitAsync("rev-parse", "HEAD")).Trim();
        _project.ChangePort();
        await _project.Git.CommitAllAsync("port");

        var range = await _project.RunAsync("check", "--range", $"{first}..HEAD");
        var unknown = await _project.RunAsync("check", "--range", "nope..HEAD");

        Assert.Equal(1, range.ExitCode);
        Assert.Contains(PortFinding, range.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal($"mcpctx check: range 'nope..HEAD': unknown revision 'nope': no commit has that name in {_project.Root}\n", unknown.Stderr);
    }

    [Fact]
    public async Task A_diff_from_a_file_or_stdin_is_checked()
    {
        _project.ChangePort();
        var diff = await _project.Git.GitAsync("diff");
        await _project.Git.GitAsync("checkout", "--", ".");
        var file = _project.Git.PathOf("change.diff");
        await File.WriteAllTextAsync(file, diff, TestContext.Current.CancellationToken);

        var fromFile = await _project.RunAsync("check", "--diff", "change.diff");
        var fromStdin = await Mcpctx.RunAsync(Encoding.UTF8.GetBytes(diff), _project.Root, "check", "--diff", "-");

        Assert.Equal((1, 1), (fromFile.ExitCode, fromStdin.ExitCode));
        Assert.Contains(PortFinding, fromFile.Stdout, StringComparison.Ordinal);
        Assert.Equal(fromFile.Stdout, fromStdin.Stdout);
    }

    [Fact]
    public async Task Json_output_is_the_validate_change_result()
    {
        _project.ChangePort();

        var result = await _project.RunAsync("check", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("deny", (string?)json["verdict"]);
        Assert.Equal(("R-003", "deploy/nginx/conf.d/upstream-active.conf", 2), ((string?)json["findings"]![0]!["rule"], (string?)json["findings"]![0]!["path"], (int?)json["findings"]![0]!["line"]));
        Assert.Equal(["verdict", "change_id", "context_revision", "summary", "findings", "flags", "knowledge", "files", "key_changes", "task"], json.AsObject().Select(p => p.Key));
        Assert.Null(json["task"]);
    }

    [Fact]
    public async Task Github_output_is_workflow_annotations_with_file_line_and_escaped_text()
    {
        _project.ChangePort();
        _project.Edit(EdgeProject.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");

        var result = await _project.RunAsync("check", "--format", "github");

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "::error file=.github/workflows/build.yml,title=needs_approval R-004::.github/workflows/build.yml: Workflows run on the self-hosted Jetson runner and chain auto-tag -> build -> deploy-stage; the CI owner reviews every change (modifies .github/workflows/build.yml)",
            lines[0]);
        Assert.StartsWith("::error file=deploy/nginx/conf.d/upstream-active.conf,line=2,title=deny R-003::deploy/nginx/conf.d/upstream-active.conf:2: Ports are baked", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("::notice title=mcpctx check::deny: 2 finding(s), 2 blocking", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "check", "--staged", "--diff", "x.diff" }, "mcpctx check: give at most one of --staged, --range and --diff\n")]
    [InlineData(new[] { "check", "--diff", "missing.diff" }, "mcpctx check: --diff: no such file 'missing.diff'\n")]
    [InlineData(new[] { "check", "--task", "T-404" }, "mcpctx check: task_id: unknown task 'T-404': there is no tasks/ folder in {root}\n")]
    [InlineData(new[] { "check", "--format", "xml" }, "mcpctx: Argument 'xml' not recognized. Must be one of:\n\t'text'\n\t'json'\n\t'github'\nusage: mcpctx check --help\n")]
    [InlineData(new[] { "check", "--nope" }, "mcpctx: Unrecognized command or argument '--nope'.\nusage: mcpctx check --help\n")]
    public async Task Usage_and_input_errors_exit_2_with_the_reason_on_stderr(string[] args, string expected)
    {
        var result = await _project.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected.Replace("{root}", _project.Root, StringComparison.Ordinal), result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_malformed_diff_exits_2_naming_its_line()
    {
        await File.WriteAllTextAsync(_project.Git.PathOf("bad.diff"), "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n", TestContext.Current.CancellationToken);

        var result = await _project.RunAsync("check", "--diff", "bad.diff", "--format", "github");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("mcpctx check: diff line 4: the hunk ends early: the diff stops with 0 old and 1 new line(s) of it still to come\n", result.Stderr);
        Assert.Equal("::error title=mcpctx check::diff line 4: the hunk ends early: the diff stops with 0 old and 1 new line(s) of it still to come\n", result.Stdout);
    }

    [Fact]
    public async Task Outside_a_project_or_a_repository_check_exits_2_saying_what_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("mcpctx-none-");
        try
        {
            var noContext = await Mcpctx.RunAsync(null, empty.FullName, "check");
            await File.WriteAllTextAsync(Path.Combine(empty.FullName, "project-context.toml"), "project = \"x\"\n", TestContext.Current.CancellationToken);
            var noGit = await Mcpctx.RunAsync(null, empty.FullName, "check");

            Assert.Equal((2, 2), (noContext.ExitCode, noGit.ExitCode));
            Assert.Equal($"mcpctx check: no project-context.toml, project-context.json, project-context.yaml, project-context.yml at or above '{empty.FullName}'; there are no constraints to check against\n", noContext.Stderr);
            Assert.Equal($"mcpctx check: '{empty.FullName}' is not inside a git repository; --staged, --range and the default (uncommitted changes) read git, use --diff FILE otherwise\n", noGit.Stderr);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_staged_reads_the_diff_from_git_directly_and_needs_no_writable_temporary_directory()
    {
        _project.ChangePort();
        await _project.Git.GitAsync("add", "-A");
        var missing = Path.Combine(_project.Root, "no-such-tmp") + "/";
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _project.Root,
            Environment = { ["TMPDIR"] = missing },
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "mcpctx.dll"), "check", "--staged" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = await process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);

        Assert.Equal(1, process.ExitCode);
        Assert.Empty(stderr);
        Assert.Contains(PortFinding, await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_approves_a_needs_approval_rule_for_the_change_and_check_then_passes()
    {
        _project.Edit(EdgeProject.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        var before = await _project.RunAsync("check", "--format", "json");
        var change = (string)JsonNode.Parse(before.Stdout)!["change_id"]!;
        Assert.Contains($"a person may approve: mcpctx approve R-004 --change {change} --reason \"...\"", (await _project.RunAsync("check")).Stdout, StringComparison.Ordinal);

        var approve = await _project.RunAsync("approve", "R-004", "--change", change, "--reason", "CI owner reviewed the rc tags");
        var after = await _project.RunAsync("check");

        Assert.Equal(0, approve.ExitCode);
        Assert.StartsWith($"approved R-004 for change {change} by Test Person <test.person@example.com>; recorded in ", approve.Stdout, StringComparison.Ordinal);
        Assert.Equal((1, 0), (before.ExitCode, after.ExitCode));
        Assert.Contains("  approved by Test Person <test.person@example.com> on ", after.Stdout, StringComparison.Ordinal);
        Assert.Contains(": CI owner reviewed the rc tags\n", after.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "approve", "R-003", "--change", "0123456789abcdef", "--reason", "r" }, 1, "mcpctx approve: rule R-003 has effect 'deny': only needs_approval rules can be approved; to allow such changes, change the rule in the context\n")]
    [InlineData(new[] { "approve", "R-004", "--change", "xyz", "--reason", "r", "--by", "Dana" }, 1, "mcpctx approve: 'xyz' is not a change id: copy the 16 hex digits mcpctx check or validate_change printed as the change id\n")]
    [InlineData(new[] { "approve", "R-004", "--change", "0123456789abcdef" }, 2, "mcpctx: Option '--reason' is required.\nusage: mcpctx approve --help\n")]
    public async Task An_approval_that_cannot_be_given_is_refused_on_stderr(string[] args, int exit, string expected)
    {
        var result = await _project.RunAsync(args);

        Assert.Equal((exit, expected), (result.ExitCode, result.Stderr));
        Assert.False(File.Exists(_project.Git.PathOf(".mcpcontext/journal.jsonl")));
    }

    [Fact]
    public async Task The_installed_hook_blocks_a_commit_that_changes_a_port_and_lets_an_allowed_one_through()
    {
        var install = await _project.RunAsync("hook", "install");
        Assert.Equal(0, install.ExitCode);
        Assert.StartsWith($"installed {_project.Git.PathOf(".git/hooks/pre-commit")}: git commit now runs mcpctx check --staged", install.Stdout, StringComparison.Ordinal);
        var head = (await _project.Git.GitAsync("rev-parse", "HEAD")).Trim();

        _project.ChangePort();
        await _project.Git.GitAsync("add", "-A");
        var blocked = await _project.TryGitAsync("commit", "-m", "move blue to 3005");

        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains(PortFinding, blocked.Stdout.Text + blocked.Stderr.Text, StringComparison.Ordinal);
        Assert.Equal(head, (await _project.Git.GitAsync("rev-parse", "HEAD")).Trim());

        await _project.Git.GitAsync("checkout", "HEAD", "--", ".");
        _project.Edit("README.md", "# wp-edge-core", "# wp-edge-core, hooked");
        var allowed = await _project.TryGitAsync("commit", "-a", "-m", "readme");

        Assert.True(allowed.Succeeded, allowed.Stderr.Text);
        Assert.NotEqual(head, (await _project.Git.GitAsync("rev-parse", "HEAD")).Trim());
    }

    [Fact]
    public async Task The_hook_checks_what_commit_a_commits_not_just_the_index()
    {
        Assert.Equal(0, (await _project.RunAsync("hook", "install")).ExitCode);
        _project.ChangePort();

        var blocked = await _project.TryGitAsync("commit", "-a", "-m", "move blue to 3005");

        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("deny R-003", blocked.Stdout.Text + blocked.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_over_someone_elses_hook_is_refused_without_force_and_keeps_a_backup_with_it()
    {
        var hook = _project.Git.PathOf(".git/hooks/pre-commit");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\nexec ./lint.sh\n", TestContext.Current.CancellationToken);

        var refused = await _project.RunAsync("hook", "install");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"mcpctx hook install: {hook} exists and is not mcpctx's; nothing was changed. Call mcpctx check --staged from it, or rerun with --force to replace it (it is kept as pre-commit.mcpctx-backup)\n", refused.Stderr);
        Assert.Equal("#!/bin/sh\nexec ./lint.sh\n", await File.ReadAllTextAsync(hook, TestContext.Current.CancellationToken));

        var forced = await _project.RunAsync("hook", "install", "--force");
        var again = await _project.RunAsync("hook", "install");

        Assert.StartsWith($"replaced {hook}", forced.Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"updated {hook}", again.Stdout, StringComparison.Ordinal);
        Assert.Equal("#!/bin/sh\nexec ./lint.sh\n", await File.ReadAllTextAsync(hook + ".mcpctx-backup", TestContext.Current.CancellationToken));
        Assert.Contains("check --staged", await File.ReadAllTextAsync(hook, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hook_goes_where_core_hooks_path_points()
    {
        await _project.Git.GitAsync("config", "core.hooksPath", "tools/git-hooks");

        var install = await _project.RunAsync("hook", "install");

        Assert.Equal(0, install.ExitCode);
        Assert.True(File.Exists(_project.Git.PathOf("tools/git-hooks/pre-commit")));
    }
}
