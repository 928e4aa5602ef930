using McpContext.Core.Git;
using McpContext.Core.Processes;

namespace McpContext.Core.Ledger;

/// <summary>
/// Runs a task's runnable completion criteria through <see cref="ProcessRunner"/>: each with
/// <c>sh -c</c> in the project root, its own process group, a timeout and a bounded output tail; and
/// says at which commit, and whether the working tree held uncommitted changes.
/// </summary>
internal static class TaskChecks
{
    public static async Task<(TaskEvidence? Evidence, string? Error)> RunAsync(string root, IReadOnlyList<string> excluded, IReadOnlyList<TaskCheck> checks, TimeSpan timeout, int tailBytes, CancellationToken cancellationToken)
    {
        var repository = await GitRepository.OpenAsync(root, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!repository.Succeeded)
        {
            return (null, $"evidence is tied to a commit, and {repository.Error}");
        }

        var git = repository.Value!;
        var head = await git.CurrentCommitAsync(cancellationToken).ConfigureAwait(false);
        if (!head.Succeeded)
        {
            return (null, head.Error);
        }

        if (head.Value is null)
        {
            return (null, "evidence is tied to a commit, and the repository has none yet: commit first");
        }

        var dirty = await IsDirtyAsync(git, excluded, cancellationToken).ConfigureAwait(false);
        if (dirty.Error is not null)
        {
            return (null, dirty.Error);
        }

        var results = new List<CommandEvidence>();
        foreach (var check in checks)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var spec = (OperatingSystem.IsWindows()
                ? new ProcessSpec("cmd.exe", ["/d", "/s", "/c", check.Command])
                : new ProcessSpec("/bin/sh", ["-c", check.Command])) with
            {
                WorkingDirectory = root,
                Timeout = timeout,
                MaxOutputBytes = tailBytes,
            };
            var run = await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
            results.Add(new CommandEvidence(
                check.Command,
                check.Line,
                run.Outcome switch
                {
                    ProcessOutcome.Exited => "exited",
                    ProcessOutcome.TimedOut => "timed_out",
                    ProcessOutcome.Cancelled => "cancelled",
                    _ => "failed_to_start",
                },
                run.ExitCode,
                (long)run.Duration.TotalMilliseconds,
                run.Stdout.Text,
                run.Stderr.Text,
                run.Stdout.TotalBytes + run.Stderr.TotalBytes,
                run.Error));
        }

        var passed = results.Count == checks.Count && results.All(r => r.Passed);
        return (new TaskEvidence(head.Value, dirty.Value, passed, results), null);
    }

    /// <summary>Uncommitted changes (untracked files included, ignored ones not) outside <paramref name="excluded"/> directories of the project.</summary>
    private static async Task<(bool Value, string? Error)> IsDirtyAsync(GitRepository git, IReadOnlyList<string> excluded, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "status", "--porcelain", "-z", "--untracked-files=normal", "--", "." };
        foreach (var directory in excluded)
        {
            var relative = Path.GetRelativePath(git.Root, directory).Replace('\\', '/');
            if (!relative.StartsWith("..", StringComparison.Ordinal))
            {
                arguments.Add($":(exclude){relative}");
            }
        }

        var status = await git.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return status.Succeeded
            ? (status.Stdout.TotalBytes > 0, null)
            : (false, $"git status failed (exit {status.ExitCode}): {status.Stderr.Text.Trim()}");
    }
}
