using System.Globalization;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>task_verify's engine: real commands in a real repository, with timeouts and process-group kills.</summary>
public sealed class VerifyTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passing_and_failing_commands_are_recorded_with_exit_code_output_tail_duration_and_commit()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", LedgerProject.Spec("A", "- `echo built; echo warn >&2`\n- Tests pass: `sh -c 'echo failing; exit 3'`\n- Prose for the reviewer."));
        var head = await project.CommitAsync();

        var result = await project.Ledger.VerifyAsync("A", "codex", cancellationToken: Cancel);

        Assert.True(result.Succeeded, result.Error);
        var evidence = result.Event.Evidence!;
        Assert.Equal((head, false, false), (evidence.Commit, evidence.Dirty, evidence.Passed));
        Assert.Equal(2, evidence.Commands.Count);
        var (built, failing) = (evidence.Commands[0], evidence.Commands[1]);
        Assert.Equal(("echo built; echo warn >&2", "exited", 0, "built\n", "warn\n", 11L), (built.Command, built.Outcome, built.ExitCode, built.StdoutTail, built.StderrTail, built.OutputBytes));
        Assert.Equal(("sh -c 'echo failing; exit 3'", "exited", 3, "failing\n"), (failing.Command, failing.Outcome, failing.ExitCode, failing.StdoutTail));
        Assert.True(built.DurationMs >= 0);
        Assert.Equal(TaskState.Draft, result.Task.State);
        Assert.Equal(result.Event.Hash, Assert.Single(result.Task.Progress.Evidence).Hash);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_hanging_command_is_killed_with_its_children_at_the_timeout_and_recorded_as_timed_out()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", LedgerProject.Spec("A", "- `sleep 600 & echo $! > child.pid; wait`\n- `echo after`"));
        project.Git.Write(".gitignore", "child.pid\n");
        await project.CommitAsync();

        var result = await project.Ledger.VerifyAsync("A", "codex", TimeSpan.FromSeconds(1), Cancel);

        Assert.True(result.Succeeded, result.Error);
        var hung = result.Event.Evidence!.Commands[0];
        Assert.Equal(("timed_out", false), (hung.Outcome, result.Event.Evidence.Passed));
        var child = int.Parse(File.ReadAllText(Path.Combine(project.Root, "child.pid")).Trim(), CultureInfo.InvariantCulture);
        Assert.False(IsAlive(child), "the sleep started by the hanging command survived the timeout");
        Assert.Equal(("exited", 0), (result.Event.Evidence.Commands[1].Outcome, result.Event.Evidence.Commands[1].ExitCode));
        Assert.StartsWith("timed out after ", TaskProgress.Describe(hung), StringComparison.Ordinal);
        Assert.EndsWith(" s and was killed with its process group", TaskProgress.Describe(hung), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancelling_a_verification_kills_the_running_command_and_records_it_as_cancelled()
    {
        using var project = await LedgerProject.CreateAsync();
        var fifo = Path.Combine(project.Root, "started");
        project.WriteTask("A", LedgerProject.Spec("A", $"- `echo $$ > '{fifo}'; sleep 600`"));
        await project.CommitAsync();
        Assert.Equal(0, (await McpContext.Core.Processes.ProcessRunner.RunAsync(new("mkfifo", [fifo]), Cancel)).ExitCode);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var run = project.Ledger.VerifyAsync("A", "codex", cancellationToken: stop.Token);
        var shell = int.Parse((await File.ReadAllTextAsync(fifo, Cancel)).Trim(), CultureInfo.InvariantCulture);
        await stop.CancelAsync();
        var result = await run;

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("cancelled", result.Event.Evidence!.Commands[0].Outcome);
        Assert.False(result.Event.Evidence.Passed);
        Assert.False(IsAlive(shell));
    }

    [Fact]
    public async Task Output_beyond_the_bound_keeps_only_its_tail()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A", LedgerProject.Spec("A", "- `seq 1 100000`"));
        await project.CommitAsync();
        var ledger = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false, OutputTailBytes = 64 });

        var result = await ledger.VerifyAsync("A", "codex", cancellationToken: Cancel);

        var command = result.Event!.Evidence!.Commands[0];
        Assert.Equal(64, command.StdoutTail.Length);
        Assert.EndsWith("99999\n100000\n", command.StdoutTail, StringComparison.Ordinal);
        Assert.Equal(588895, command.OutputBytes);
    }

    [Fact]
    public async Task Uncommitted_changes_outside_the_ledger_mark_the_evidence_dirty()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.CommitAsync();

        var clean = await project.Ledger.VerifyAsync("A", "codex", cancellationToken: Cancel);
        project.Git.Write("src/A.txt", "work in progress\n");
        var dirty = await project.Ledger.VerifyAsync("A", "codex", cancellationToken: Cancel);

        Assert.False(clean.Event!.Evidence!.Dirty);
        Assert.True(dirty.Event!.Evidence!.Dirty);
    }

    [Fact]
    public async Task Verification_needs_a_git_repository_with_a_commit_and_an_unfinished_task()
    {
        var plain = Directory.CreateTempSubdirectory("mcpctx-ledger-plain-");
        try
        {
            Directory.CreateDirectory(Path.Combine(plain.FullName, "tasks"));
            File.WriteAllText(Path.Combine(plain.FullName, "tasks", "A.md"), LedgerProject.Spec("A"));
            using var ledger = new TaskLedger(plain.FullName, new LedgerOptions { WatchForChanges = false });

            var result = await ledger.VerifyAsync("A", "codex", cancellationToken: Cancel);

            Assert.Equal($"evidence is tied to a commit, and '{plain.FullName}' is not inside a git repository", result.Error);
        }
        finally
        {
            plain.Delete(recursive: true);
        }

        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Cancelled);
        var cancelled = await project.Ledger.VerifyAsync("A", "codex", cancellationToken: Cancel);
        var badTimeout = await project.Ledger.VerifyAsync("A", "codex", TimeSpan.Zero, Cancel);

        Assert.Equal("A is cancelled; there is nothing left to verify", cancelled.Error);
        Assert.Equal("timeout: expected a positive number of seconds", badTimeout.Error);
    }

    /// <summary>Alive means it exists and is not a zombie.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
