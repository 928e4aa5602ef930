using System.Globalization;
using System.Text;
using McpContext.Core.Processes;

namespace McpContext.Core.Tests.Processes;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-proc-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static Task<ProcessResult> Run(ProcessSpec spec, CancellationToken? cancellationToken = null) =>
        ProcessRunner.RunAsync(spec, cancellationToken ?? TestContext.Current.CancellationToken);

    private static ProcessSpec Sh(string script, params string[] args) => new("sh", ["-c", script, "sh", .. args]);

    [Fact]
    public async Task Exit_code_stdout_and_stderr_are_captured_and_each_argument_arrives_verbatim()
    {
        var result = await Run(Sh("""printf '[%s]\n' "$@"; echo oops >&2; exit 3""", "a b", "\"q\"", "", "$HOME", "; rm -rf /"));

        Assert.Equal(ProcessOutcome.Exited, result.Outcome);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("[a b]\n[\"q\"]\n[]\n[$HOME]\n[; rm -rf /]\n", result.Stdout.Text);
        Assert.Equal("oops\n", result.Stderr.Text);
        Assert.False(result.Stdout.Truncated);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Working_directory_environment_changes_and_stdin_reach_the_program()
    {
        var spec = Sh("""pwd; echo "$SET_ME"; echo "${HOME-unset}"; cat""") with
        {
            WorkingDirectory = _dir.FullName,
            Environment = new Dictionary<string, string?> { ["SET_ME"] = "set", ["HOME"] = null },
            StandardInput = Encoding.UTF8.GetBytes("from stdin"),
        };

        var result = await Run(spec);

        Assert.True(result.Succeeded, result.Stderr.Text);
        Assert.Equal($"{_dir.FullName}\nset\nunset\nfrom stdin", result.Stdout.Text);
    }

    [Fact]
    public async Task Output_beyond_the_bound_keeps_the_tail_and_counts_every_byte()
    {
        var expected = string.Concat(Enumerable.Range(1, 100_000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "\n"));

        var result = await Run(new ProcessSpec("seq", ["1", "100000"]) { MaxOutputBytes = 100 });

        Assert.True(result.Succeeded);
        Assert.True(result.Stdout.Truncated);
        Assert.Equal(expected.Length, result.Stdout.TotalBytes);
        Assert.Equal(100, result.Stdout.Bytes.Count);
        Assert.Equal(expected[^100..], result.Stdout.Text);
    }

    [Fact]
    public async Task Output_within_the_bound_is_kept_whole_across_many_reads()
    {
        var expected = string.Concat(Enumerable.Range(1, 300_000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "\n"));

        var result = await Run(new ProcessSpec("seq", ["1", "300000"]) { MaxOutputBytes = 4 << 20 });

        Assert.False(result.Stdout.Truncated);
        Assert.Equal(expected, result.Stdout.Text);
    }

    [Fact]
    public async Task A_sink_receives_every_byte_of_stdout_in_order_and_the_result_keeps_none_of_it()
    {
        var expected = string.Concat(Enumerable.Range(1, 300_000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "\n"));
        var received = new MemoryStream();
        var calls = 0;

        var result = await Run(Sh("seq 1 300000; echo done >&2") with
        {
            StandardOutputSink = chunk =>
            {
                received.Write(chunk);
                calls++;
            },
        });

        Assert.True(result.Succeeded);
        Assert.Equal(expected, Encoding.UTF8.GetString(received.ToArray()));
        Assert.True(calls > 1, $"{calls} call(s): the output should arrive as the program writes it");
        Assert.Empty(result.Stdout.Bytes);
        Assert.Equal("done\n", result.Stderr.Text);
    }

    [Fact]
    public async Task A_sink_is_not_called_after_the_run_returns_even_when_a_background_process_still_writes()
    {
        var calls = 0;
        var returned = false;
        var lateCall = false;

        // The background writer leaves the program's process group, so the group kill does not stop it; it holds
        // the pipe past the drain limit, then ends on its own.
        var result = await Run(Sh("echo first; setsid sh -c 'for i in $(seq 1 60); do echo more; sleep 0.05; done' & exit 0") with
        {
            StandardOutputSink = _ =>
            {
                lateCall |= Volatile.Read(ref returned);
                Interlocked.Increment(ref calls);
            },
        });
        Volatile.Write(ref returned, true);
        var callsAtReturn = Volatile.Read(ref calls);
        await Run(Sh("sleep 0.3")); // long enough for the writer's next lines to reach a pump that had not stopped

        Assert.True(result.Succeeded);
        Assert.False(lateCall);
        Assert.Equal(callsAtReturn, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task A_cut_inside_a_multibyte_character_starts_the_text_at_the_next_whole_character()
    {
        // "é" is two bytes; keeping 5 bytes of "xéé\n" style output cuts one in half.
        var result = await Run(Sh("printf 'aéééé'") with { MaxOutputBytes = 5 });

        Assert.True(result.Stdout.Truncated);
        Assert.Equal("éé", result.Stdout.Text);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_program_that_outlives_its_timeout_is_killed_with_its_children()
    {
        var result = await Run(Sh("sleep 600 & echo $!; wait") with { Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(ProcessOutcome.TimedOut, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.False(IsAlive(Pid(result)), "the child sleep survived the timeout");
    }

    [Fact(Timeout = 120_000)]
    public async Task Background_processes_the_program_leaves_behind_are_killed_when_it_exits()
    {
        var result = await Run(Sh("sleep 600 >/dev/null 2>&1 & echo $!"));

        Assert.True(result.Succeeded);
        Assert.False(IsAlive(Pid(result)), "the background sleep outlived the program");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_background_process_holding_the_output_open_is_killed_rather_than_waited_for()
    {
        // Without the group kill the pipe stays open for ten minutes and only the drain limit would end the read.
        var result = await Run(Sh("sleep 600 & echo $!"));

        Assert.True(result.Succeeded);
        Assert.False(IsAlive(Pid(result)));
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancellation_kills_the_program_and_its_children_and_says_so()
    {
        var fifo = Path.Combine(_dir.FullName, "ready");
        Assert.True((await Run(new ProcessSpec("mkfifo", [fifo]))).Succeeded);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var run = Run(Sh("""sleep 600 & echo $! > "$1"; wait""", fifo), cancel.Token);
        var pid = int.Parse((await File.ReadAllTextAsync(fifo, TestContext.Current.CancellationToken)).Trim(), CultureInfo.InvariantCulture);
        Assert.True(IsAlive(pid));
        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(ProcessOutcome.Cancelled, result.Outcome);
        Assert.False(IsAlive(pid), "the child sleep survived cancellation");
    }

    [Fact]
    public async Task A_program_that_does_not_read_its_input_still_finishes()
    {
        var result = await Run(new ProcessSpec("true", []) { StandardInput = new byte[4 << 20] });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task A_missing_program_fails_to_start_with_a_message_naming_it()
    {
        var result = await Run(new ProcessSpec("no-such-program-mcpctx", ["x"]));

        Assert.Equal(ProcessOutcome.FailedToStart, result.Outcome);
        Assert.Null(result.ExitCode);
        Assert.Equal("cannot run 'no-such-program-mcpctx': not found on PATH", result.Error);
    }

    [Fact]
    public async Task A_program_path_that_is_not_executable_fails_to_start()
    {
        var file = Path.Combine(_dir.FullName, "script.sh");
        await File.WriteAllTextAsync(file, "echo hi\n", TestContext.Current.CancellationToken);

        var result = await Run(new ProcessSpec(file, []));

        Assert.Equal(ProcessOutcome.FailedToStart, result.Outcome);
        Assert.Equal($"cannot run '{file}': no such executable file", result.Error);
    }

    [Fact]
    public async Task A_missing_working_directory_fails_to_start_naming_it()
    {
        var missing = Path.Combine(_dir.FullName, "gone");

        var result = await Run(new ProcessSpec("pwd", []) { WorkingDirectory = missing });

        Assert.Equal(ProcessOutcome.FailedToStart, result.Outcome);
        Assert.Equal($"cannot run 'pwd': the working directory '{missing}' does not exist", result.Error);
    }

    private static int Pid(ProcessResult result) => int.Parse(result.Stdout.Text.Trim(), CultureInfo.InvariantCulture);

    /// <summary>Alive means it exists and is not a zombie waiting to be reaped by whoever adopted it.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
