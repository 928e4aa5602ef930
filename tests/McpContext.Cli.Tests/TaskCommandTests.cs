using McpContext.Core.Processes;

namespace McpContext.Cli.Tests;

/// <summary>mcpctx task, run as the built binary in real git repositories.</summary>
public sealed class TaskCommandTests : IDisposable
{
    private static readonly Dictionary<string, string?> Isolated = new() { ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1" };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-task-cli-");

    private string Root => _dir.FullName;

    public void Dispose() => _dir.Delete(recursive: true);

    private Task<Mcpctx.Result> Run(params string[] args) => Mcpctx.RunAsync(null, Root, ["task", .. args]);

    private async Task GitAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("git", args) { WorkingDirectory = Root, Environment = Isolated }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Error + result.Stderr.Text);
    }

    private async Task InitRepositoryAsync()
    {
        await GitAsync("init", "-q");
        await GitAsync("config", "user.name", "Test Person");
        await GitAsync("config", "user.email", "test.person@example.com");
        File.WriteAllText(Path.Combine(Root, ".gitignore"), ".mcpcontext/\n");
        await CommitAsync();
    }

    private async Task CommitAsync()
    {
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "--allow-empty", "-m", "change");
    }

    private void WriteTask(string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(Root, "tasks"));
        File.WriteAllText(Path.Combine(Root, "tasks", name), text);
    }

    [Fact]
    public async Task A_task_is_created_picked_claimed_verified_and_moved_from_the_command_line()
    {
        await InitRepositoryAsync();

        var created = await Run("new", "Add a health endpoint", "--id", "HEALTH-1", "--file", "src/health.ts", "--step", "Add the route", "--criterion", "`echo healthy`", "--criterion", "Documented", "--priority", "high", "--ready");
        await CommitAsync();
        var list = await Run("list");
        var next = await Run("next");
        var claim = await Run("claim", "HEALTH-1", "--owner", "me", "--lease", "45");
        var moved = await Run("transition", "HEALTH-1", "verifying", "--owner", "me");
        var verified = await Run("verify", "HEALTH-1");
        var show = await Run("show", "HEALTH-1");

        Assert.Equal((0, "created HEALTH-1 (ready): tasks/HEALTH-1-add-a-health-endpoint.md\n"), (created.ExitCode, created.Stdout));
        Assert.Equal((0, "HEALTH-1  ready              high      Add a health endpoint\n1 task(s)\n", ""), (list.ExitCode, list.Stdout, list.Stderr));
        Assert.Equal((0, "next: HEALTH-1: Add a health endpoint\n"), (next.ExitCode, next.Stdout));
        Assert.Equal(0, claim.ExitCode);
        Assert.StartsWith("HEALTH-1: in_progress, claimed by me until ", claim.Stdout, StringComparison.Ordinal);
        Assert.Equal((0, "HEALTH-1: in_progress -> verifying; next: in_review, blocked or cancelled\n"), (moved.ExitCode, moved.Stdout));
        Assert.Equal(0, verified.ExitCode);
        Assert.Matches(@"^ok    echo healthy  \(exited 0, \d+ ms\)\nHEALTH-1: passed at [0-9a-f]{40}\n$", verified.Stdout);
        Assert.Contains("  state     verifying; next: in_review, blocked or cancelled\n", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("  - `echo healthy`  [runs: echo healthy]\n", show.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Evidence\n  - \S+ passed at [0-9a-f]{12}\n", show.Stdout);
    }

    [Fact]
    public async Task A_failing_check_fails_verify_with_its_output()
    {
        await InitRepositoryAsync();
        WriteTask("A.md", "# A\n\n## Completion Criteria\n\n- `echo broken >&2; exit 2`\n");
        await CommitAsync();

        var verified = await Run("verify", "A");

        Assert.Equal(1, verified.ExitCode);
        Assert.Matches(@"^FAIL  echo broken >&2; exit 2  \(exited 2, \d+ ms\)\nbroken\nA: failed at [0-9a-f]{40}\n$", verified.Stdout);
    }

    [Fact]
    public async Task Problems_in_task_files_go_to_stderr_as_file_and_line_and_fail_the_list()
    {
        WriteTask("bad.md", "---\npriority: soon\n---\n# Bad\n");

        var list = await Run("list");

        Assert.Equal(1, list.ExitCode);
        Assert.Equal("bad  draft              medium    Bad\n1 task(s)\n", list.Stdout);
        Assert.Contains("tasks/bad.md:2: priority 'soon' is not understood; use critical, high, medium, low, lowest, or P0 to P4 (lower runs first)\n", list.Stderr, StringComparison.Ordinal);
        Assert.Contains("tasks/bad.md:1: warning: no Objective section: say what the task is for under '## Objective' (or in text before the first section)\n", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_names_what_is_wrong_with_its_exit_code()
    {
        WriteTask("A.md", "# A\n");

        var unknown = await Run("show", "Z");
        var status = await Run("list", "--status", "open");
        var refused = await Run("transition", "A", "done");
        var state = await Run("transition", "A", "finished");
        var notGit = await Run("verify", "A");
        var title = await Run("new", " ");
        var root = await Run("list", "--root", Path.Combine(Root, "missing"));
        var nothing = await Run("next");
        var claim = await Run("claim", "A");

        Assert.Equal((2, "mcpctx task show: no task has id 'Z'; ids look like A (task_list shows them all)\n"), (unknown.ExitCode, unknown.Stderr));
        Assert.Equal((2, "mcpctx task list: --status: expected one of draft, ready, in_progress, verifying, in_review, done, changes_requested, blocked, cancelled, not 'open'\n"), (status.ExitCode, status.Stderr));
        Assert.Equal((1, "mcpctx task transition: A cannot go from draft to done; from draft it can go to ready, blocked or cancelled\n"), (refused.ExitCode, refused.Stderr));
        Assert.Equal((2, "mcpctx task transition: expected a state (draft, ready, in_progress, verifying, in_review, done, changes_requested, blocked, cancelled), not 'finished'\n"), (state.ExitCode, state.Stderr));
        Assert.Equal((1, $"mcpctx task verify: evidence is tied to a commit, and '{Root}' is not inside a git repository\n"), (notGit.ExitCode, notGit.Stderr));
        Assert.Equal((1, "mcpctx task new: title: expected one line of at most 200 characters\n"), (title.ExitCode, title.Stderr));
        Assert.Equal((2, $"mcpctx task: --root '{Path.Combine(Root, "missing")}' is not a directory\n"), (root.ExitCode, root.Stderr));
        Assert.Equal((1, "no task can be started now\n  A: draft: not ready yet (move it to ready when its spec is reviewed)\n"), (nothing.ExitCode, nothing.Stdout));
        Assert.Equal((1, "mcpctx task claim: A is draft; only a ready task, or a claimed one whose lease expired, can be claimed\n"), (claim.ExitCode, claim.Stderr));
    }

    [Fact]
    public async Task Freeze_records_documents_and_listing_flags_the_ones_that_changed()
    {
        File.WriteAllText(Path.Combine(Root, "AGENTS.md"), "# rules\n");

        var missingReason = await Run("freeze", "AGENTS.md");
        var frozen = await Run("freeze", "AGENTS.md", "--reason", "agreed");
        var clean = await Run("freeze");
        File.WriteAllText(Path.Combine(Root, "AGENTS.md"), "# rules, edited\n");
        var changed = await Run("freeze");

        Assert.Equal((1, "mcpctx task freeze: reason: freezing a document needs a reason (why this version is the agreed one)\n"), (missingReason.ExitCode, missingReason.Stderr));
        Assert.Equal(0, frozen.ExitCode);
        Assert.Matches(@"^frozen AGENTS.md \([0-9a-f]{12}\)\n$", frozen.Stdout);
        Assert.Equal(0, clean.ExitCode);
        Assert.EndsWith("1 frozen document(s), 0 changed\n", clean.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, changed.ExitCode);
        Assert.Matches(@"^AGENTS.md changed since it was frozen on \d{4}-\d\d-\d\d by \S+ \(agreed\); re-freeze it with a reason once the change is agreed\n$", changed.Stderr);
    }
}
