using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Git;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>
/// Compares a project's context with its repository: the files git lists for the project (the context
/// file's directory), read by the scanners, against what the context claims; and what changed in git
/// since <c>verified.commit</c>. Read-only; expected failures (no repository, a context file that does
/// not parse) come back as data.
/// </summary>
public static class DriftDetector
{
    /// <summary>Checks the context <paramref name="store"/> serves against the repository it sits in.</summary>
    public static async Task<DriftOutcome> CheckAsync(ContextStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var snapshot = store.Read();
        var contextName = Path.GetFileName(store.FilePath);
        if (snapshot.HasSyntaxErrors)
        {
            return DriftOutcome.Failure($"{store.FilePath} does not parse, so it cannot be compared with the repository; fix it first: "
                + string.Join("; ", snapshot.Diagnostics.Take(3).Select(d => $"{contextName}:{d}")));
        }

        var projectDirectory = Path.GetDirectoryName(store.FilePath)!;
        var opened = await GitRepository.OpenAsync(projectDirectory, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!opened.Succeeded)
        {
            return DriftOutcome.Failure($"drift reads the project's files through git, and {opened.Error}; run git init there (and commit) first");
        }

        var repository = opened.Value!;
        var prefix = await repository.PrefixOfAsync(projectDirectory, cancellationToken).ConfigureAwait(false);
        var listed = prefix.Succeeded ? await repository.ListFilesUnderAsync(prefix.Value!, cancellationToken).ConfigureAwait(false) : default;
        var head = await repository.CurrentCommitAsync(cancellationToken).ConfigureAwait(false);
        if (!prefix.Succeeded || !listed.Succeeded || !head.Succeeded)
        {
            return DriftOutcome.Failure(prefix.Error ?? listed.Error ?? head.Error!);
        }

        var context = ProjectContext.From(snapshot.Model);
        var notes = new List<ScanNote>();
        if (!File.Exists(store.FilePath))
        {
            notes.Add(new ScanNote(null, 0, $"no context file exists yet at {store.FilePath}: everything the repository defines is unlisted; mcpctx init proposes a first one"));
        }

        notes.AddRange(snapshot.Diagnostics.Select(d => new ScanNote(contextName, d.Line, "the context itself: " + d.Message)));
        var scan = RepositoryScanner.Scan(Path.Combine(repository.Root, prefix.Value!), RepositoryFiles.OfProject(listed.Value!), cancellationToken);
        notes.AddRange(scan.Notes);

        var (changes, renames) = await ChangesAsync(repository, context, snapshot.Model, contextName, prefix.Value!, head.Value, notes, cancellationToken).ConfigureAwait(false);
        var attribution = new ServiceAttribution(context.Services, scan);
        var findings = WorkflowChecks.Check(context, scan, renames, notes)
            .Concat(ServiceChecks.Check(context, scan, attribution))
            .Concat(PathChecks.Check(context, scan, renames))
            .Select(f => f with { KeyLine = LineOf(snapshot, f.Key) })
            .OrderBy(f => f.KeyLine)
            .ToList();

        return DriftOutcome.Success(new DriftReport
        {
            ContextFile = store.FilePath,
            Revision = snapshot.Revision,
            RepositoryRoot = repository.Root,
            ProjectPrefix = prefix.Value!,
            Head = head.Value,
            VerifiedCommit = context.Verified?.Commit,
            Findings = findings,
            Changes = changes,
            Notes = notes,
            FilesListed = scan.Files.Count,
            FilesScanned = scan.ScannedFiles,
            Fix = FixPlan.Combine(findings),
        });
    }

    /// <summary>
    /// Records the checked-out commit and the time as <c>verified.commit</c> / <c>verified.at</c>, through the
    /// store and only if the file is still at <paramref name="expectedRevision"/>. Refused while the check
    /// finds drift: a context known to be wrong is not recorded as verified.
    /// </summary>
    public static async Task<DriftAcceptResult> AcceptAsync(ContextStore store, string expectedRevision, string actor, string reason, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(expectedRevision);
        var outcome = await CheckAsync(store, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return DriftAcceptResult.Refused(null, [outcome.Error]);
        }

        var report = outcome.Report;
        if (!report.InSync)
        {
            return DriftAcceptResult.Refused(report, [$"the context disagrees with the repository in {report.Findings.Count} place(s); nothing was recorded. Fix each finding (its operations, or the repository) and accept again"]);
        }

        if (report.Head is null)
        {
            return DriftAcceptResult.Refused(report, [$"the repository at {report.RepositoryRoot} has no commit yet; commit first, then accept"]);
        }

        var now = (time ?? TimeProvider.System).GetUtcNow();
        var at = TomlDateTime.FromDateTimeOffset(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
        var write = store.Update(expectedRevision,
            [ContextOperation.Set("verified.commit", report.Head), new ContextOperation(ContextOperationKind.Set, TomlPath.FromKeys("verified", "at"), at)],
            actor, reason, cancellationToken);
        return write.Status == ContextWriteStatus.Written
            ? DriftAcceptResult.Success(report, write, report.Head, at.ToString())
            : DriftAcceptResult.Refused(report, write.Problems, write);
    }

    private static async Task<(VerifiedChanges?, IReadOnlyDictionary<string, string>)> ChangesAsync(
        GitRepository repository, ProjectContext context, TomlTable model, string contextName, string prefix, string? head, List<ScanNote> notes, CancellationToken cancellationToken)
    {
        VerifiedChanges? changes = null;
        IReadOnlyList<GitChangedFile> changed = [];
        var verified = context.Verified?.Commit;
        if (verified is null)
        {
            notes.Add(new ScanNote(contextName, 0, "no verified.commit: changes since the context was last checked cannot be listed; review the context, then run mcpctx drift --accept"));
        }
        else
        {
            var commit = await repository.ResolveCommitAsync(verified, cancellationToken).ConfigureAwait(false);
            if (commit.Succeeded && commit.Value is null)
            {
                notes.Add(new ScanNote(contextName, 0, $"verified.commit {verified} is not a commit of this repository (a shallow clone, rewritten history or a copied file); changes since then cannot be listed"));
            }
            else
            {
                var diff = commit.Succeeded ? await repository.ChangedFilesAsync(commit.Value!, cancellationToken: cancellationToken).ConfigureAwait(false) : default;
                if (!diff.Succeeded)
                {
                    notes.Add(new ScanNote(contextName, 0, $"changes since verified.commit {verified} cannot be listed: {commit.Error ?? diff.Error}"));
                }
                else
                {
                    changed = diff.Value!;
                    changes = new ChangeClassifier(context, model, contextName).Classify(verified, changed, prefix);
                }
            }
        }

        // Without a verified commit, renames still show between the last commit and the working tree.
        if (changes is null && head is not null)
        {
            var uncommitted = await repository.ChangedFilesAsync(head, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = uncommitted.Succeeded ? uncommitted.Value! : [];
        }

        var renames = changed.Where(c => c.Status == GitChangeStatus.Renamed && c.OldPath!.StartsWith(prefix, StringComparison.Ordinal) && c.Path.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(c => c.OldPath![prefix.Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Path[prefix.Length..], StringComparer.Ordinal);
        return (changes, renames);
    }

    /// <summary>The line of <paramref name="key"/> in the file, or of the nearest table above it that is written there.</summary>
    private static int LineOf(ContextSnapshot snapshot, string key)
    {
        if (!TomlPath.TryParse(key, out var path, out _))
        {
            return 0;
        }

        for (var count = path.Count; count > 0; count--)
        {
            if (snapshot.Document.GetPosition(path.Take(count)) is { } position)
            {
                return position.Line;
            }
        }

        return 0;
    }
}
