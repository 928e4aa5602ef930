using McpContext.Core.Context;
using McpContext.Core.Context.Formats;
using McpContext.Core.Context.Model;
using McpContext.Core.Diffs;
using McpContext.Core.Paths;
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

        // McpContext's own state (the journal, the lock) is not part of a change: an approval written to the
        // journal must not change the id of the change it approves.
        if (RepositoryPath(Path.Combine(Path.GetDirectoryName(store.FilePath)!, ".mcpcontext")) is { } state)
        {
            files.RemoveAll(f => f.Paths.All(p => p.StartsWith(state + "/", StringComparison.Ordinal)));
        }

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

        var modelProblems = new List<ModelProblem>();
        var context = ProjectContext.Read(rulesDocument?.Model ?? Empty, modelProblems);
        var rules = RuleSet.Compile(context.Constraints, modelProblems);
        var ruleErrors = modelProblems.Where(p => p.Path.Count > 0 && p.Path.Segments[0].Key == "constraints").Concat(rules.Problems)
            .Select(p => $"{contextName}:{Position(rulesDocument, p.Path)}{p.Path}: {p.Message}").ToList();
        if (ruleErrors.Count > 0)
        {
            return Failed(ruleErrors);
        }

        var keyChanges = ContextKeyChange.Compare(before?.Model ?? Empty, after?.Model ?? Empty);
        TaskScope? task = null;
        if (request.TaskId is { } taskId)
        {
            var found = tasks.Find(taskId);
            if (found.Scope is null)
            {
                return Failed([$"task_id: {found.Error}"]);
            }

            task = found.Scope;
        }

        var checks = new ChangeChecks(context, rules, files, keyChanges, contextPath, ReadCurrentFile);
        checks.ContextValidity(contextName, before, after);
        checks.Secrets(request.ContextPatch);
        checks.LockedKeys();
        checks.Rules();
        checks.ProtectedPorts();
        if (task is not null)
        {
            checks.TaskScope(task);
        }

        checks.FrozenDocuments(tasks.FrozenDocuments());

        var changeId = ChangeIdentity.Compute(files, request.ContextPatch);
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
            ContextRevision = revision,
            Findings = findings,
            Flags = context.Constraints?.Flags ?? [],
            Knowledge = RelatedKnowledge(context, files),
            Files = files,
            KeyChanges = keyChanges,
            Task = task,
        }, []);
    }

    private static ValidationResult Failed(IReadOnlyList<string> errors) => new(null, errors);

    private static List<ChangedFile> CollectFiles(ChangeRequest request, List<string> errors)
    {
        var files = new List<ChangedFile>();
        if (request.Diff is { } text)
        {
            var diff = UnifiedDiff.Parse(text);
            errors.AddRange(diff.Problems.Select(p => $"diff {p}"));
            files.AddRange(diff.Files.Select(f => new ChangedFile(f.Path, ChangeKinds.From(f.Kind))
            {
                OldPath = f.Kind == DiffChangeKind.Rename ? f.OldPath : null,
                Diff = f,
            }));
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
        var touched = contextPath is null ? null : files.FirstOrDefault(f => f.Path == contextPath || f.OldPath == contextPath);
        if (request.ContextVersions is { } versions && (versions.Before is not null || (touched is not null && versions.After is not null)))
        {
            revision = ContextStore.Hash(versions.Before ?? versions.After ?? []);
            before = versions.Before is null ? null : ContextDocument.Parse(store.Format, versions.Before);
            after = touched is null ? before : versions.After is null ? null : ContextDocument.Parse(store.Format, versions.After);
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

    private static List<RelatedKnowledge> RelatedKnowledge(ProjectContext context, IReadOnlyList<ChangedFile> files)
    {
        var touched = files.SelectMany(f => f.Paths).Distinct(StringComparer.Ordinal).ToList();
        var related = new List<RelatedKnowledge>();
        foreach (var item in context.KnownIssues.Cast<KnowledgeItem>().Concat(context.Lessons))
        {
            var globs = item.Paths.Select(p => PathGlob.TryParse(p, out var g, out _) ? g : null).OfType<PathGlob>().ToList();
            if (globs.Count == 0)
            {
                continue;
            }

            var matched = new List<string>();
            foreach (var path in touched)
            {
                foreach (var glob in globs)
                {
                    if (glob.IsMatch(path))
                    {
                        matched.Add(path);
                        break;
                    }
                }
            }

            if (matched.Count > 0)
            {
                related.Add(new RelatedKnowledge(item, matched));
            }
        }

        return related;
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
