using System.Buffers;
using McpContext.Core.Processes;

namespace McpContext.Core.Git;

/// <summary>
/// A git working tree, read through the git CLI (run by <see cref="ProcessRunner"/>, arguments as a list).
/// Every method reports failures as data (<see cref="GitResult{T}"/>) naming the command and git's message.
/// Output does not depend on the user's git configuration: colour, external diff drivers, text
/// conversion, diff prefixes and relative paths are all pinned.
/// </summary>
public sealed class GitRepository
{
    // Diffs of whole releases can be large; far beyond this something else is wrong.
    private const int MaxOutputBytes = 1 << 30;

    private static readonly string[] DiffOptions =
        ["--no-color", "--no-ext-diff", "--no-textconv", "-M", "--src-prefix=a/", "--dst-prefix=b/", "--no-relative"];

    private static readonly Dictionary<string, string?> Environment = new(StringComparer.Ordinal)
    {
        // Never prompt, never page, never take optional locks (a read must not block a concurrent commit), English messages.
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_PAGER"] = "cat",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["LC_ALL"] = "C",
    };

    private GitRepository(string root, TimeSpan timeout)
    {
        Root = root;
        CommandTimeout = timeout;
    }

    /// <summary>The top of the working tree (absolute).</summary>
    public string Root { get; }

    /// <summary>How long any one git command may run.</summary>
    public TimeSpan CommandTimeout { get; }

    /// <summary>The repository whose working tree holds <paramref name="directory"/>.</summary>
    public static async Task<GitResult<GitRepository>> OpenAsync(string directory, TimeSpan? commandTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            return GitResult.Failure<GitRepository>($"'{full}' is not a directory");
        }

        var probe = new GitRepository(full, commandTimeout ?? TimeSpan.FromMinutes(5));
        var top = await probe.TextAsync(["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        if (!top.Succeeded)
        {
            return GitResult.Failure<GitRepository>(top.Error.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                ? $"'{full}' is not inside a git repository"
                : top.Error);
        }

        var root = top.Value!.TrimEnd('\n');
        return root.Length == 0
            ? GitResult.Failure<GitRepository>($"'{full}' is inside a git repository without a working tree")
            : GitResult.Success<GitRepository>(new GitRepository(Path.GetFullPath(root), probe.CommandTimeout));
    }

    /// <summary>The files git knows: tracked ones and, with <paramref name="includeUntracked"/>, untracked ones that are not ignored.</summary>
    public async Task<GitResult<IReadOnlyList<string>>> ListFilesAsync(bool includeUntracked = true, CancellationToken cancellationToken = default)
    {
        string[] args = includeUntracked ? ["ls-files", "-z", "--cached", "--others", "--exclude-standard"] : ["ls-files", "-z", "--cached"];
        var result = await TextAsync(args, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? GitResult.Success<IReadOnlyList<string>>([.. result.Value!.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)])
            : GitResult.Failure<IReadOnlyList<string>>(result.Error);
    }

    /// <summary>A unified diff (git format) of <paramref name="source"/>, with renames detected.</summary>
    public async Task<GitResult<string>> DiffAsync(GitDiffSource source, CancellationToken cancellationToken = default)
    {
        var text = new ArrayBufferWriter<byte>();
        var tooLarge = false;
        var result = await DiffAsync(source, chunk =>
        {
            tooLarge |= text.WrittenCount + (long)chunk.Length > MaxOutputBytes;
            if (!tooLarge)
            {
                text.Write(chunk);
            }
        }, cancellationToken).ConfigureAwait(false);
        return !result.Succeeded ? GitResult.Failure<string>(result.Error)
            : tooLarge ? GitResult.Failure<string>($"git diff: the output is larger than {MaxOutputBytes >> 20} MiB")
            : GitResult.Success<string>(System.Text.Encoding.UTF8.GetString(text.WrittenSpan));
    }

    /// <summary>
    /// A unified diff (git format) of <paramref name="source"/>, with renames detected, handed to
    /// <paramref name="output"/> as git writes it (on a reader thread, one call at a time), so it can be worked
    /// on while git is still reading objects. The result says whether git succeeded: after a failure, what
    /// <paramref name="output"/> received is not the whole diff.
    /// </summary>
    public async Task<GitResult<bool>> DiffAsync(GitDiffSource source, Action<ReadOnlySpan<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        switch (source)
        {
            case GitDiffSource.StagedSource:
                return await StreamDiffAsync(["--cached"], output, cancellationToken).ConfigureAwait(false);
            case GitDiffSource.WorkingTreeSource:
                var head = await CurrentCommitAsync(cancellationToken).ConfigureAwait(false);
                if (!head.Succeeded)
                {
                    return GitResult.Failure<bool>(head.Error);
                }

                // Before the first commit there is no HEAD: everything tracked is new, against the empty tree.
                var baseTree = head.Value ?? await EmptyTreeAsync(cancellationToken).ConfigureAwait(false);
                return await StreamDiffAsync([baseTree, "--"], output, cancellationToken).ConfigureAwait(false);
            case GitDiffSource.RangeSource(var range):
                var ends = await ResolveRangeAsync(range, cancellationToken).ConfigureAwait(false);
                if (!ends.Succeeded)
                {
                    return GitResult.Failure<bool>(ends.Error);
                }

                var (from, to) = ends.Value;
                return await StreamDiffAsync(to is null ? [from, "--"] : [from, to, "--"], output, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(source));
        }
    }

    /// <summary>The commit <c>HEAD</c> points at, or null before the first commit.</summary>
    public Task<GitResult<string?>> CurrentCommitAsync(CancellationToken cancellationToken = default) => ResolveCommitAsync("HEAD", cancellationToken);

    /// <summary>The full id of the commit <paramref name="revision"/> names, or null when it names none.</summary>
    public async Task<GitResult<string?>> ResolveCommitAsync(string revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.StartsWith('-'))
        {
            return GitResult.Success<string?>(null);
        }

        var result = await RunAsync(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken).ConfigureAwait(false);
        return result.Outcome == ProcessOutcome.Exited && result.ExitCode is 0 or 1
            ? GitResult.Success<string?>(result.ExitCode == 0 ? result.Stdout.Text.Trim() : null)
            : GitResult.Failure<string?>(Describe(["rev-parse", revision], result));
    }

    /// <summary>
    /// The files changed between <paramref name="since"/> and <paramref name="until"/> (or the working tree
    /// when null), with renames and copies detected.
    /// </summary>
    public async Task<GitResult<IReadOnlyList<GitChangedFile>>> ChangedFilesAsync(string since, string? until = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(since);
        var revisions = new List<string>();
        foreach (var revision in until is null ? [since] : new[] { since, until })
        {
            var commit = await RequireCommitAsync(revision, cancellationToken).ConfigureAwait(false);
            if (!commit.Succeeded)
            {
                return GitResult.Failure<IReadOnlyList<GitChangedFile>>(commit.Error);
            }

            revisions.Add(commit.Value!);
        }

        var result = await TextAsync(["diff", "--name-status", "-z", "-M", "-C", "--no-relative", "--no-ext-diff", .. revisions, "--"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? ParseNameStatus(result.Value!) : GitResult.Failure<IReadOnlyList<GitChangedFile>>(result.Error);
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors.</summary>
    public async Task<GitResult<bool>> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken = default)
    {
        var a = await RequireCommitAsync(ancestor, cancellationToken).ConfigureAwait(false);
        var d = await RequireCommitAsync(descendant, cancellationToken).ConfigureAwait(false);
        if (!a.Succeeded || !d.Succeeded)
        {
            return GitResult.Failure<bool>(a.Error ?? d.Error!);
        }

        string[] args = ["merge-base", "--is-ancestor", a.Value!, d.Value!];
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return result.Outcome == ProcessOutcome.Exited && result.ExitCode is 0 or 1
            ? GitResult.Success<bool>(result.ExitCode == 0)
            : GitResult.Failure<bool>(Describe(args, result));
    }

    /// <summary>
    /// The bytes of each object <paramref name="names"/> names, in order, read by one git process: a file as
    /// <c>REVISION:path</c>, or <c>:path</c> for the index. An entry is null when its name names nothing
    /// (no such file there, or a revision that does not exist yet, such as <c>HEAD</c> before the first commit).
    /// </summary>
    public async Task<GitResult<IReadOnlyList<byte[]?>>> ReadBlobsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.FirstOrDefault(n => n.Contains('\n', StringComparison.Ordinal) || n.Length == 0) is { } bad)
        {
            return GitResult.Failure<IReadOnlyList<byte[]?>>($"git cat-file: '{bad}' cannot be read in a batch (it is empty or holds a line break)");
        }

        string[] args = ["cat-file", "--batch"];
        var result = await ProcessRunner.RunAsync(new ProcessSpec("git", args)
        {
            WorkingDirectory = Root,
            Environment = Environment,
            Timeout = CommandTimeout,
            MaxOutputBytes = MaxOutputBytes,
            StandardInput = System.Text.Encoding.UTF8.GetBytes(string.Concat(names.Select(n => n + "\n"))),
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || result.Stdout.Truncated)
        {
            return GitResult.Failure<IReadOnlyList<byte[]?>>(result.Stdout.Truncated ? $"git cat-file: the output is larger than {MaxOutputBytes >> 20} MiB" : Describe(args, result));
        }

        return ParseBatch(names, (byte[])result.Stdout.Bytes);
    }

    /// <summary>Reads <c>git cat-file --batch</c> output: per name, <c>OID TYPE SIZE</c> and the content, or <c>NAME missing</c>.</summary>
    private static GitResult<IReadOnlyList<byte[]?>> ParseBatch(IReadOnlyList<string> names, byte[] output)
    {
        var blobs = new List<byte[]?>(names.Count);
        var at = 0;
        foreach (var name in names)
        {
            var end = Array.IndexOf(output, (byte)'\n', at);
            if (end < 0)
            {
                return GitResult.Failure<IReadOnlyList<byte[]?>>($"git cat-file --batch: no answer for '{name}'");
            }

            var header = System.Text.Encoding.UTF8.GetString(output, at, end - at);
            at = end + 1;
            if (header.EndsWith(" missing", StringComparison.Ordinal))
            {
                blobs.Add(null);
                continue;
            }

            var fields = header.Split(' ');
            if (fields.Length != 3 || !int.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) || size > output.Length - at)
            {
                return GitResult.Failure<IReadOnlyList<byte[]?>>($"git cat-file --batch: unexpected answer '{header}' for '{name}'");
            }

            if (fields[1] != "blob")
            {
                return GitResult.Failure<IReadOnlyList<byte[]?>>($"'{name}' is a {fields[1]}, not a file");
            }

            blobs.Add(output[at..(at + size)]);
            at += size + 1;
        }

        return GitResult.Success<IReadOnlyList<byte[]?>>(blobs);
    }

    /// <summary>The directory git runs hooks from (<c>core.hooksPath</c> when set), absolute.</summary>
    public async Task<GitResult<string>> HooksDirectoryAsync(CancellationToken cancellationToken = default)
    {
        var result = await TextAsync(["rev-parse", "--git-path", "hooks"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? GitResult.Success<string>(Path.GetFullPath(result.Value!.TrimEnd('\n'), Root)) : result;
    }

    /// <summary>A configuration value as git resolves it (repository, user, system), or null when unset.</summary>
    public async Task<GitResult<string?>> ConfigValueAsync(string key, CancellationToken cancellationToken = default)
    {
        string[] args = ["config", "--get", key];
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return result.Outcome == ProcessOutcome.Exited && result.ExitCode is 0 or 1
            ? GitResult.Success<string?>(result.ExitCode == 0 ? result.Stdout.Text.TrimEnd('\n') : null)
            : GitResult.Failure<string?>(Describe(args, result));
    }

    /// <summary>Runs git with <paramref name="arguments"/> in the working tree, with the pinned environment; for commands not wrapped here.</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(new ProcessSpec("git", arguments)
        {
            WorkingDirectory = Root,
            Environment = Environment,
            Timeout = CommandTimeout,
            MaxOutputBytes = MaxOutputBytes,
        }, cancellationToken);

    private async Task<GitResult<string>> TextAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return GitResult.Failure<string>(Describe(arguments, result));
        }

        return result.Stdout.Truncated
            ? GitResult.Failure<string>($"git {arguments[0]}: the output is larger than {MaxOutputBytes >> 20} MiB")
            : GitResult.Success<string>(result.Stdout.Text);
    }

    private async Task<GitResult<bool>> StreamDiffAsync(string[] arguments, Action<ReadOnlySpan<byte>> output, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("git", ["diff", .. DiffOptions, .. arguments])
        {
            WorkingDirectory = Root,
            Environment = Environment,
            Timeout = CommandTimeout,
            StandardOutputSink = output,
        }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? GitResult.Success(true) : GitResult.Failure<bool>(Describe(["diff", .. arguments], result));
    }

    private async Task<GitResult<string>> RequireCommitAsync(string revision, CancellationToken cancellationToken)
    {
        var commit = await ResolveCommitAsync(revision, cancellationToken).ConfigureAwait(false);
        return !commit.Succeeded ? GitResult.Failure<string>(commit.Error)
            : commit.Value is null ? GitResult.Failure<string>($"unknown revision '{revision}': no commit has that name in {Root}")
            : GitResult.Success<string>(commit.Value);
    }

    /// <summary>
    /// The two ends of a range as <see cref="GitDiffSource.Range"/> reads it: the base commit (A; for
    /// <c>A...B</c> the merge base of A and B) and the target commit (B), or null for the working tree when
    /// the range is a single revision.
    /// </summary>
    public async Task<GitResult<(string Base, string? Target)>> ResolveRangeAsync(string range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        var (separator, parts) = range.Contains("...", StringComparison.Ordinal) ? ("...", range.Split("...", 2))
            : range.Contains("..", StringComparison.Ordinal) ? ("..", range.Split("..", 2))
            : ("", [range]);
        var commits = new List<string>();
        foreach (var part in parts)
        {
            // git reads an empty side of a range as HEAD.
            var commit = await RequireCommitAsync(part.Length == 0 ? "HEAD" : part, cancellationToken).ConfigureAwait(false);
            if (!commit.Succeeded)
            {
                return GitResult.Failure<(string, string?)>($"range '{range}': {commit.Error}");
            }

            commits.Add(commit.Value!);
        }

        if (separator != "...")
        {
            return GitResult.Success<(string, string?)>((commits[0], commits.Count > 1 ? commits[1] : null));
        }

        string[] args = ["merge-base", commits[0], commits[1]];
        var mergeBase = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return mergeBase.Succeeded
            ? GitResult.Success<(string, string?)>((mergeBase.Stdout.Text.Trim(), commits[1]))
            : GitResult.Failure<(string, string?)>($"range '{range}': {(mergeBase.ExitCode == 1 ? "the two sides have no common history" : Describe(args, mergeBase))}");
    }

    private async Task<string> EmptyTreeAsync(CancellationToken cancellationToken)
    {
        // The empty tree's id depends on the repository's hash function (SHA-1 or SHA-256), so ask.
        var result = await RunAsync(["hash-object", "-t", "tree", "--stdin"], cancellationToken).ConfigureAwait(false);
        return result.Stdout.Text.Trim();
    }

    private static GitResult<IReadOnlyList<GitChangedFile>> ParseNameStatus(string output)
    {
        var fields = output.Split('\0');
        var files = new List<GitChangedFile>();
        for (var i = 0; i + 1 < fields.Length && fields[i].Length > 0; i += 2)
        {
            var code = fields[i][0];
            GitChangeStatus? status = code switch
            {
                'A' => GitChangeStatus.Added,
                'M' => GitChangeStatus.Modified,
                'D' => GitChangeStatus.Deleted,
                'R' => GitChangeStatus.Renamed,
                'C' => GitChangeStatus.Copied,
                'T' => GitChangeStatus.TypeChanged,
                _ => null,
            };
            if (status is null)
            {
                return GitResult.Failure<IReadOnlyList<GitChangedFile>>($"git diff --name-status: unexpected status '{fields[i]}'");
            }

            if (code is 'R' or 'C')
            {
                if (i + 2 >= fields.Length)
                {
                    return GitResult.Failure<IReadOnlyList<GitChangedFile>>($"git diff --name-status: '{fields[i]}' without its second path");
                }

                files.Add(new GitChangedFile(status.Value, fields[i + 2], fields[i + 1]));
                i++;
            }
            else
            {
                files.Add(new GitChangedFile(status.Value, fields[i + 1]));
            }
        }

        return GitResult.Success<IReadOnlyList<GitChangedFile>>(files);
    }

    private static string Describe(string[] arguments, ProcessResult result)
    {
        var command = "git " + string.Join(' ', arguments.Take(3));
        return result.Outcome switch
        {
            ProcessOutcome.FailedToStart => $"{command}: git is not installed or cannot be run ({result.Error})",
            ProcessOutcome.TimedOut => $"{command}: timed out",
            ProcessOutcome.Cancelled => $"{command}: cancelled",
            _ => $"{command} failed (exit {result.ExitCode}): {FirstLines(result.Stderr.Text)}",
        };
    }

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : string.Join("; ", lines.Take(3));
    }
}
