using System.CommandLine;
using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Diffs;
using McpContext.Core.Git;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx check</c>: the change validator for people and pipelines. Exit 0 allow, 1 deny or
/// needs_approval, 2 a usage or input error (a bad diff, an unknown task, a broken rule, no repository).
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var staged = new Option<bool>("--staged") { Description = "Check what is staged for the next commit (the pre-commit hook runs this)." };
        var range = new Option<string>("--range") { HelpName = "A..B", Description = "Check commits: A..B (B against A), A...B (B against the merge base), or A (the working tree against A)." };
        var diff = new Option<string>("--diff") { HelpName = "FILE", Description = "Check a unified diff (git format) read from FILE, or from stdin with -." };
        var task = new Option<string>("--task") { HelpName = "ID", Description = "The task the change is for: files outside its Files to modify are reported." };
        var format = new Option<string>("--format") { Description = "text (default), json (the validate_change result) or github (workflow annotations).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var root = new Option<string>("--root") { HelpName = "DIR", Description = "Where to look for the repository and the context file (default: the working directory)." };
        var command = new Command("check", "Check a change against the project's constraints: by default every uncommitted change to tracked files.") { staged, range, diff, task, format, root };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Options(result.GetValue(staged), result.GetValue(range), result.GetValue(diff), result.GetValue(task), result.GetValue(format)!, result.GetValue(root)),
            stdin, stdout, stderr, cancellationToken));
        return command;
    }

    private sealed record Options(bool Staged, string? Range, string? Diff, string? Task, string Format, string? Root);

    private static async Task<int> RunAsync(Options options, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var report = new CheckOutput(options.Format, stdout, stderr);
        if ((options.Staged ? 1 : 0) + (options.Range is null ? 0 : 1) + (options.Diff is null ? 0 : 1) > 1)
        {
            return report.Errors(["give at most one of --staged, --range and --diff"]);
        }

        var start = Path.GetFullPath(options.Root ?? ".");
        if (!Directory.Exists(start))
        {
            return report.Errors([$"--root '{options.Root}' is not a directory"]);
        }

        if (ContextFileLocator.Find(start) is not { } contextFile)
        {
            return report.Errors([$"no {string.Join(", ", ContextFileLocator.FileNames)} at or above '{start}'; there are no constraints to check against"]);
        }

        var git = await GitRepository.OpenAsync(start, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var store = new ContextStore(contextFile, new ContextStoreOptions { WatchForChanges = false });
        var repositoryRoot = git.Succeeded ? git.Value!.Root : Path.GetDirectoryName(contextFile)!;
        var validator = new ChangeValidator(store, repositoryRoot, new LedgerTaskScopes(repositoryRoot));
        ValidationResult result;
        if (options.Diff is { } diffFile)
        {
            var request = await FromDiffFileAsync(diffFile, stdin, options.Task).ConfigureAwait(false);
            if (request.Request is null)
            {
                return report.Errors([request.Error!]);
            }

            result = validator.Validate(request.Request);
        }
        else if (git.Succeeded)
        {
            var checkedChange = await CheckGitChangeAsync(git.Value!, validator, options, contextFile, cancellationToken).ConfigureAwait(false);
            if (checkedChange.Result is null)
            {
                return report.Errors([checkedChange.Error!]);
            }

            result = checkedChange.Result;
        }
        else
        {
            return report.Errors([$"{git.Error}; --staged, --range and the default (uncommitted changes) read git, use --diff FILE otherwise"]);
        }

        return result.Succeeded ? report.Verdict(result.Report) : report.Errors(result.Errors);
    }

    private static async Task<(ChangeRequest? Request, string? Error)> FromDiffFileAsync(string file, TextReader stdin, string? task)
    {
        if (file != "-" && !File.Exists(file))
        {
            return (null, $"--diff: no such file '{file}'");
        }

        var text = file == "-" ? await stdin.ReadToEndAsync().ConfigureAwait(false) : await File.ReadAllTextAsync(file).ConfigureAwait(false);
        return (new ChangeRequest { Diff = text, TaskId = task }, null);
    }

    /// <summary>
    /// Checks the change git describes while git is still writing the diff: git reads objects on one core while
    /// the parts it has written are parsed and checked on the other.
    /// </summary>
    private static async Task<(ValidationResult? Result, string? Error)> CheckGitChangeAsync(GitRepository git, ChangeValidator validator, Options options, string contextFile, CancellationToken cancellationToken)
    {
        var source = options.Staged ? GitDiffSource.Staged : options.Range is { } range ? GitDiffSource.Range(range) : GitDiffSource.WorkingTree;
        var diff = new DiffSplitter();
        var diffing = git.DiffAsync(source, diff.Write, cancellationToken);
        var versions = await ContextVersionsAsync(git, options, contextFile, cancellationToken).ConfigureAwait(false);
        var validating = versions.Error is null
            ? Task.Run(() => validator.ValidateAsync(new ChangeRequest { TaskId = options.Task, ContextVersions = versions.Versions }, diff.Parts, cancellationToken), cancellationToken)
            : null;
        var diffed = await diffing.ConfigureAwait(false);
        diff.Complete();
        var result = validating is null ? null : await validating.ConfigureAwait(false);
        return !diffed.Succeeded ? (null, diffed.Error) : versions.Error is not null ? (null, versions.Error) : (result, null);
    }

    /// <summary>
    /// The context file before and after the change. The rules that judge a change are those of the context
    /// it starts from, read from git, never from an edited but unstaged file.
    /// </summary>
    private static async Task<(ContextVersions? Versions, string? Error)> ContextVersionsAsync(GitRepository git, Options options, string contextFile, CancellationToken cancellationToken)
    {
        // Before the first commit HEAD names nothing, so there is no "before".
        var (baseRevision, target) = ("HEAD", (string?)null);
        if (options.Range is { } range)
        {
            var ends = await git.ResolveRangeAsync(range, cancellationToken).ConfigureAwait(false);
            if (!ends.Succeeded)
            {
                return (null, ends.Error);
            }

            (baseRevision, target) = (ends.Value.Base, ends.Value.Target);
        }

        var path = Path.GetRelativePath(git.Root, contextFile).Replace('\\', '/');
        string[] names = options.Staged ? [$"{baseRevision}:{path}", $":{path}"]
            : target is not null ? [$"{baseRevision}:{path}", $"{target}:{path}"]
            : [$"{baseRevision}:{path}"];
        var blobs = await git.ReadBlobsAsync(names, cancellationToken).ConfigureAwait(false);
        if (!blobs.Succeeded)
        {
            return (null, blobs.Error);
        }

        var after = names.Length == 2 ? blobs.Value![1]
            : File.Exists(contextFile) ? await File.ReadAllBytesAsync(contextFile, cancellationToken).ConfigureAwait(false) : null;
        return (new ContextVersions(blobs.Value![0], after), null);
    }
}
