using System.Threading.Channels;
using McpContext.Core.Context;
using McpContext.Core.Context.Formats;
using McpContext.Core.Context.Model;
using McpContext.Core.Diffs;
using McpContext.Core.Ledger;
using McpContext.Toml;

namespace McpContext.Core.Constraints;

/// <summary>
/// Checks a proposed change against the project's constraints: the rules and locked keys of the context
/// as it is before the change, the built-in checks (secrets in added lines, locked keys, lines that define
/// a locked port, a valid context afterwards) and the task's scope; lifts findings a person approved; and
/// brings up the known issues and lessons about the touched files. <c>validate_change</c> and
/// <c>mcpctx check</c> both run this, so they cannot disagree.
/// </summary>
public sealed class ChangeValidator(ContextStore store, string repositoryRoot, ITaskScopeProvider tasks)
{
    private static readonly TomlTable Empty = [];

    /// <summary>Checks <paramref name="request"/>. Never throws on input: bad input comes back as errors.</summary>
    public ValidationResult Validate(ChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        var files = CollectFiles(request, errors);
        if (errors.Count > 0)
        {
            return Failed(errors);
        }

        RemoveOwnState(files);

        var contextPath = RepositoryPath(store.FilePath);
        var contextName = contextPath ?? Path.GetFileName(store.FilePath);
        if (!TryContextVersions(request, files, contextPath, contextName, out var revision, out var before, out var after, out var error))
        {
            return Failed([error]);
        }

        if (request.ContextPatch.Count > 0)
        {
            var basis = after ?? ContextDocument.Parse(store.Format, []);
            if (basis.Apply(request.ContextPatch, out var patchError) is not { } patched)
            {
                return Failed([$"context_patch: {patchError}"]);
            }

            after = patched;
            if (contextPath is not null && !files.Any(f => f.Path == contextPath))
            {
                files.Add(new ChangedFile(contextPath, before is null ? ChangeKind.Add : ChangeKind.Modify));
            }
        }

        // The rules in force are those of the context before the change: a change cannot weaken the rules that check it.
        var rulesDocument = before ?? after;
        if (rulesDocument is { HasErrors: true })
        {
            return Failed([$"{contextName}:{rulesDocument.SyntaxErrors[0]}: the context {(rulesDocument == before ? "before the change " : "")}does not parse, so its rules cannot be read"]);
        }

        var (context, rules, ruleProblems) = ReadRules(rulesDocument?.Model ?? Empty);
        var ruleErrors = ruleProblems.Select(p => $"{contextName}:{Position(rulesDocument, p.Path)}{p.Path}: {p.Message}").ToList();
        if (ruleErrors.Count > 0)
        {
            return Failed(ruleErrors);
        }

        if (FindTask(request, out var task) is { } taskError)
        {
            return Failed([taskError]);
        }

        var byFile = new FileByFile(context, rules, contextPath, ReadCurrentFile);
        byFile.Add(files);
        return Judge(request, new Judgement(context, rules, byFile, task, tasks.FrozenDocuments(), contextName, contextPath, before, after, revision));
    }

    /// <summary>
    /// Checks a change whose diff arrives in parts (<see cref="DiffSplitter"/> over <c>git diff</c>'s output) while
    /// the rest is still being written: each part's files are checked as it comes, so little is left when the
    /// diff ends. The result is the one <see cref="Validate"/> gives for the whole diff. Only a change with both
    /// versions of the context known and nothing besides the diff is checked part by part (the rules in force
    /// do not depend on what the diff holds then); anything else, and any input error, is left to
    /// <see cref="Validate"/> on the whole text, so errors read the same.
    /// </summary>
    /// <param name="request">The change, without its <see cref="ChangeRequest.Diff"/>.</param>
    /// <param name="diff">The diff's parts, in order.</param>
    /// <param name="cancellationToken">Stops waiting for parts.</param>
    public async Task<ValidationResult> ValidateAsync(ChangeRequest request, ChannelReader<DiffPart> diff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diff);
        var parts = new List<string>();
        var streamed = Prepare(request);
        var problems = false;
        await foreach (var part in diff.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            parts.Add(part.Text);
            if (streamed is null || problems)
            {
                continue;
            }

            var parsed = UnifiedDiff.Parse(part.Text, part.FirstLine);
            problems = parsed.Problems.Count > 0;
            var files = parsed.Files.Select(ToChangedFile).ToList();
            RemoveOwnState(files);
            streamed.ByFile.Add(files);
        }

        if (streamed is null || problems)
        {
            return Validate(request with { Diff = string.Concat(parts) });
        }

        var versions = request.ContextVersions!;
        var touched = streamed.ByFile.Files.Exists(f => Touches(f, streamed.ContextPath));
        var after = AfterVersion(versions, streamed.Before, touched);
        return Judge(request, new Judgement(streamed.Context, streamed.Rules, streamed.ByFile, streamed.Task, streamed.Frozen,
            streamed.ContextName, streamed.ContextPath, streamed.Before, after, ContextStore.Hash(versions.Before!)));
    }

    /// <summary>The rules for a change that can be checked part by part, or null when it cannot be, or has an error <see cref="Validate"/> will report.</summary>
    private Streamed? Prepare(ChangeRequest request)
    {
        if (request is not { ContextVersions.Before: { } beforeBytes, Files.Count: 0, ContextPatch.Count: 0, Diff: null })
        {
            return null;
        }

        var before = ContextDocument.Parse(store.Format, beforeBytes);
        if (before.HasErrors)
        {
            return null;
        }

        var (context, rules, ruleProblems) = ReadRules(before.Model);
        if (ruleProblems.Count > 0 || FindTask(request, out var task) is not null)
        {
            return null;
        }

        var contextPath = RepositoryPath(store.FilePath);
        return new Streamed(context, rules, task, tasks.FrozenDocuments(), contextPath, contextPath ?? Path.GetFileName(store.FilePath), before, new FileByFile(context, rules, contextPath, ReadCurrentFile));
    }

    /// <summary>What a change checked part by part starts from (the rules in force), and gathers file by file.</summary>
    private sealed record Streamed(ProjectContext Context, RuleSet Rules, TaskScope? Task, IReadOnlyList<FrozenDocument> Frozen, string? ContextPath, string ContextName, ContextDocument Before, FileByFile ByFile);

    /// <summary>Everything the verdict on a change is made from, once its files have been checked one by one.</summary>
    private sealed record Judgement(
        ProjectContext Context, RuleSet Rules, FileByFile ByFile, TaskScope? Task, IReadOnlyList<FrozenDocument> Frozen,
        string ContextName, string? ContextPath, ContextDocument? Before, ContextDocument? After, string Revision);

    /// <summary>
    /// The checks of the change as a whole, around the per-file findings, and the verdict. The order findings are
    /// gathered in only matters between findings on the same line of the same file, which all come from one
    /// file's checks, so checking files in parts gives the same sorted list as checking them at once.
    /// </summary>
    private ValidationResult Judge(ChangeRequest request, Judgement j)
    {
        var keyChanges = ContextKeyChange.Compare(j.Before?.Model ?? Empty, j.After?.Model ?? Empty);
        var files = j.ByFile.Files;
        var checks = new ChangeChecks(j.Context, j.Rules, files, keyChanges, j.ContextPath, ReadCurrentFile);
        checks.ContextValidity(j.ContextName, j.Before, j.After);
        checks.Findings.AddRange(j.ByFile.Findings);
        checks.SecretsInPatch(request.ContextPatch);
        checks.LockedKeys();
        checks.KeyRules();
        if (j.Task is not null)
        {
            checks.TaskScope(j.Task);
        }

        checks.FrozenDocuments(j.Frozen);

        var changeId = j.ByFile.ChangeId(request.ContextPatch);
        var approvals = Approvals.For(store.Journal, changeId);

        // Context keys first, then file by file and line by line; within a line, in the order the checks ran.
        var findings = checks.Findings
            .OrderBy(f => f.Path is null ? 0 : 1).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line ?? 0)
            .Select(f => f.Effect == RuleEffect.NeedsApproval && approvals.TryGetValue(f.Rule, out var approval) ? f with { Approval = approval } : f)
            .ToList();
        var verdict = findings.Any(f => f.Effect == RuleEffect.Deny) ? Verdict.Deny
            : findings.Any(f => f.Blocks) ? Verdict.NeedsApproval
            : Verdict.Allow;
        return new ValidationResult(new ValidationReport
        {
            Verdict = verdict,
            ChangeId = changeId,
            ContextRevision = j.Revision,
            Findings = findings,
            Flags = j.Context.Constraints?.Flags ?? [],
            Knowledge = j.ByFile.Knowledge(),
            Files = files,
            KeyChanges = keyChanges,
            Task = j.Task,
        }, []);
    }

    /// <summary>The context a model describes and its compiled rules, with the problems that make the rules unreadable.</summary>
    private static (ProjectContext Context, RuleSet Rules, List<ModelProblem> Problems) ReadRules(TomlTable model)
    {
        var problems = new List<ModelProblem>();
        var context = ProjectContext.Read(model, problems);
        var rules = RuleSet.Compile(context.Constraints, problems);
        return (context, rules, [.. problems.Where(p => p.Path.Count > 0 && p.Path.Segments[0].Key == "constraints").Concat(rules.Problems)]);
    }

    private static bool Touches(ChangedFile file, string? contextPath) => contextPath is not null && (file.Path == contextPath || file.OldPath == contextPath);

    /// <summary>The context after the change, from both versions read beforehand: the one before unless the change touches the file.</summary>
    private ContextDocument? AfterVersion(ContextVersions versions, ContextDocument? before, bool touched) =>
        !touched ? before : versions.After is null ? null : ContextDocument.Parse(store.Format, versions.After);

    private string? FindTask(ChangeRequest request, out TaskScope? task)
    {
        task = null;
        if (request.TaskId is not { } taskId)
        {
            return null;
        }

        var found = tasks.Find(taskId);
        task = found.Scope;
        return found.Scope is null ? $"task_id: {found.Error}" : null;
    }

    /// <summary>McpContext's own state (the journal, the lock) is not part of a change: an approval written to the journal must not change the id of the change it approves.</summary>
    private void RemoveOwnState(List<ChangedFile> files)
    {
        if (RepositoryPath(Path.Combine(Path.GetDirectoryName(store.FilePath)!, ".mcpcontext")) is { } state)
        {
            files.RemoveAll(f => f.Paths.All(p => p.StartsWith(state + "/", StringComparison.Ordinal)));
        }
    }

    private static ChangedFile ToChangedFile(FileDiff f) => new(f.Path, ChangeKinds.From(f.Kind))
    {
        OldPath = f.Kind == DiffChangeKind.Rename ? f.OldPath : null,
        Diff = f,
    };

    private static ValidationResult Failed(IReadOnlyList<string> errors) => new(null, errors);

    private static List<ChangedFile> CollectFiles(ChangeRequest request, List<string> errors)
    {
        var files = new List<ChangedFile>();
        if (request.Diff is { } text)
        {
            var diff = UnifiedDiff.Parse(text);
            errors.AddRange(diff.Problems.Select(p => $"diff {p}"));
            files.AddRange(diff.Files.Select(ToChangedFile));
        }

        for (var i = 0; i < request.Files.Count; i++)
        {
            var proposed = request.Files[i];
            var path = Normalize(proposed.Path);
            var oldPath = proposed.OldPath is null ? null : Normalize(proposed.OldPath);
            if (path is null || (proposed.OldPath is not null && oldPath is null))
            {
                var bad = path is null ? ("path", proposed.Path) : ("old_path", proposed.OldPath);
                errors.Add($"files[{i}].{bad.Item1}: '{bad.Item2}' is not a path inside the repository: give it relative to the repository root, without '..'");
                continue;
            }

            if (proposed.Kind == ChangeKind.Rename && oldPath is null)
            {
                errors.Add($"files[{i}].old_path: a rename needs the path the file comes from");
                continue;
            }

            if (files.FirstOrDefault(f => f.Path == path) is { } known)
            {
                if (known.Diff is not null && known.Kind != proposed.Kind)
                {
                    errors.Add($"files[{i}]: the list says '{path}' is a {proposed.Kind.Name()}, but the diff (line {known.Diff.DiffLine}) makes it a {known.Kind.Name()}");
                }

                continue;
            }

            files.Add(new ChangedFile(path, proposed.Kind) { OldPath = proposed.Kind == ChangeKind.Rename ? oldPath : null });
        }

        return files;
    }

    private bool TryContextVersions(ChangeRequest request, List<ChangedFile> files, string? contextPath, string contextName, out string revision, out ContextDocument? before, out ContextDocument? after, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        error = null;
        var touched = files.FirstOrDefault(f => Touches(f, contextPath));
        if (request.ContextVersions is { } versions && (versions.Before is not null || (touched is not null && versions.After is not null)))
        {
            revision = ContextStore.Hash(versions.Before ?? versions.After ?? []);
            before = versions.Before is null ? null : ContextDocument.Parse(store.Format, versions.Before);
            after = AfterVersion(versions, before, touched is not null);
            return true;
        }

        // The store serves the last good version when the file on disk is broken, which is the one whose rules hold.
        var snapshot = store.Read();
        revision = snapshot.Revision;
        before = after = File.Exists(store.FilePath) ? snapshot.Document : null;
        if (touched?.Diff is { } diff)
        {
            var current = before?.Text ?? "";
            if (DiffApplier.TryApply(current, diff) is { } forward)
            {
                after = diff.Kind == DiffChangeKind.Delete ? null : ContextDocument.Parse(store.Format, System.Text.Encoding.UTF8.GetBytes(forward));
            }
            else if (DiffApplier.TryApply(current, diff, reverse: true) is { } backward)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(backward);
                before = diff.Kind == DiffChangeKind.Add ? null : ContextDocument.Parse(store.Format, bytes);
                revision = ContextStore.Hash(bytes);
            }
            else
            {
                error = $"diff line {diff.DiffLine}: its changes to {contextName} do not fit the file on disk, applied or undone; make the diff against the current file";
                return false;
            }
        }
        else if (touched is { Kind: ChangeKind.Delete })
        {
            after = null;
        }

        return true;
    }

    private string? ReadCurrentFile(string path)
    {
        var full = Path.Combine(repositoryRoot, path);
        var info = new FileInfo(full);

        // A file too large to be configuration is not scanned for port definitions.
        return info.Exists && info.Length <= 1 << 20 ? File.ReadAllText(full) : null;
    }

    private string? RepositoryPath(string file)
    {
        var relative = Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/');
        return Normalize(relative);
    }

    /// <summary>A repository-relative path with <c>/</c>, or null when it is absolute or leaves the root.</summary>
    internal static string? Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.Length == 0 || normalized.StartsWith('/') || (normalized.Length > 1 && normalized[1] == ':')
            || normalized.Split('/').Any(s => s == "..") ? null : normalized;
    }

    private static string Position(ContextDocument? document, TomlPath path) =>
        document?.GetPosition(path) is var (line, column) ? $"{line}:{column}: " : " ";
}
