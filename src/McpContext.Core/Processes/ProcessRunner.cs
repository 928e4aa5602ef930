using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace McpContext.Core.Processes;

/// <summary>
/// Runs a program and reports how it ended, as data. The program gets its own process group (on Linux,
/// through <c>setsid</c>): on timeout or cancellation the whole tree and group are killed, and when the
/// program exits, whatever it left running in its group is killed too, so nothing it started outlives
/// the run or keeps its output pipes open.
/// </summary>
public static partial class ProcessRunner
{
    private const int SigKill = 9;

    // After the program has exited, how long a process that left its group may keep the output pipes open.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private static readonly string? Setsid = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    /// <summary>Runs <paramref name="spec"/> to its end, its timeout, or <paramref name="cancellationToken"/>.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.WorkingDirectory is { } directory && !Directory.Exists(directory))
        {
            return Failed($"cannot run '{spec.FileName}': the working directory '{directory}' does not exist");
        }

        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        if (Setsid is not null)
        {
            // setsid would report a missing program as its own exit code 127; find it first to say so plainly.
            if (Resolve(spec) is not { } program)
            {
                return Failed($"cannot run '{spec.FileName}': {(spec.FileName.Contains('/', StringComparison.Ordinal) ? "no such executable file" : "not found on PATH")}");
            }

            start.FileName = Setsid;
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return Failed($"cannot run '{spec.FileName}': {e.Message}");
        }

        var stdout = new TailBuffer(spec.MaxOutputBytes);
        var stderr = new TailBuffer(spec.MaxOutputBytes);
        using var stdoutPump = new OutputPump(process.StandardOutput.BaseStream, spec.StandardOutputSink ?? stdout.Write);
        using var stderrPump = new OutputPump(process.StandardError.BaseStream, stderr.Write);
        var pumps = Task.WhenAll(stdoutPump.Drained, stderrPump.Drained);
        var feeding = FeedAsync(process.StandardInput.BaseStream, spec.StandardInput);

        using var timeout = new CancellationTokenSource(spec.Timeout ?? Timeout.InfiniteTimeSpan);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var outcome = ProcessOutcome.Exited;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = cancellationToken.IsCancellationRequested ? ProcessOutcome.Cancelled : ProcessOutcome.TimedOut;
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var duration = clock.Elapsed;
        KillGroup(process.Id);
        await WaitForGroupToDieAsync(process.Id).ConfigureAwait(false);
        await feeding.ConfigureAwait(false);
        await Task.WhenAny(pumps, Task.Delay(DrainLimit, CancellationToken.None)).ConfigureAwait(false);
        stdoutPump.Stop();
        stderrPump.Stop();
        return new ProcessResult
        {
            Outcome = outcome,
            ExitCode = process.ExitCode,
            Duration = duration,
            Stdout = stdout.ToOutput(),
            Stderr = stderr.ToOutput(),
        };
    }

    private static ProcessResult Failed(string error) => new() { Outcome = ProcessOutcome.FailedToStart, Error = error };

    private static async Task FeedAsync(Stream stdin, ReadOnlyMemory<byte>? input)
    {
        try
        {
            if (input is { } bytes)
            {
                await stdin.WriteAsync(bytes).ConfigureAwait(false);
            }

            await stdin.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The program exited (or closed stdin) without reading everything: not an error of the run.
        }
    }

    private static void KillTree(Process process)
    {
        // The tree first: it finds descendants through their parent, which they lose once the group is killed.
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // It exited meanwhile.
        }

        KillGroup(process.Id);
    }

    private static void KillGroup(int leader)
    {
        if (Setsid is not null)
        {
            // Fails with ESRCH when the group is already empty, which is the usual case.
            _ = Kill(-leader, SigKill);
        }
    }

    /// <summary>SIGKILL is not instant: wait (bounded) until no live process is left in the group, so none outlives the run.</summary>
    private static async Task WaitForGroupToDieAsync(int leader)
    {
        if (Setsid is null)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (Kill(-leader, 0) == 0 && HasLiveMember(leader) && deadline.Elapsed < DrainLimit)
        {
            await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool HasLiveMember(int group)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 4);
                if (fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] is not ("Z" or "X"))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException)
            {
                // Not a process directory, or the process went away while we looked.
            }
        }

        return false;
    }

    private static string? Resolve(ProcessSpec spec)
    {
        if (spec.FileName.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(spec.FileName, spec.WorkingDirectory ?? Environment.CurrentDirectory);
            return IsExecutable(full) ? full : null;
        }

        var path = spec.Environment.TryGetValue("PATH", out var own) ? own : Environment.GetEnvironmentVariable("PATH");
        return (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, spec.FileName))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file) =>
        !OperatingSystem.IsWindows() && File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
