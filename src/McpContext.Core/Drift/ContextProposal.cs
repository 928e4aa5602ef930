using System.Text;
using McpContext.Core.Context;
using McpContext.Core.Git;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>A first context proposed from a repository by <see cref="ContextProposal.ProposeAsync"/>.</summary>
/// <param name="Directory">The project directory it is for (absolute).</param>
/// <param name="Text">The proposed <c>project-context.toml</c>: every inferred value commented with its evidence.</param>
/// <param name="Services">How many services it lists.</param>
/// <param name="Workflows">How many CI files it lists.</param>
/// <param name="Notes">Files the scan could not read.</param>
/// <param name="Problems">What <see cref="ContextValidator"/> says about <paramref name="Text"/>; empty, or it is a bug.</param>
public sealed record ProposedContext(string Directory, string Text, int Services, int Workflows, IReadOnlyList<ScanNote> Notes, IReadOnlyList<string> Problems);

/// <summary>The outcome of <see cref="ContextProposal"/>: a value or a reason, never an exception for what a user can cause.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value, on success.</param>
/// <param name="Error">What went wrong, or null.</param>
public sealed record ProposalOutcome<T>(T? Value, string? Error)
{
    /// <summary>True when there is a value.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;
}

/// <summary>
/// <c>mcpctx init</c>: scans a repository with the drift scanners and proposes a <c>project-context.toml</c>
/// that is in sync with it, each inferred value commented with its evidence (file:line).
/// </summary>
public static class ContextProposal
{
    /// <summary>Proposes a context for the project in <paramref name="directory"/> (which must be inside a git working tree).</summary>
    public static async Task<ProposalOutcome<ProposedContext>> ProposeAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        var opened = await GitRepository.OpenAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!opened.Succeeded)
        {
            return new(null, $"init reads the project's files through git, and {opened.Error}; run git init there first");
        }

        var repository = opened.Value!;
        var prefix = await repository.PrefixOfAsync(full, cancellationToken).ConfigureAwait(false);
        var listed = prefix.Succeeded ? await repository.ListFilesUnderAsync(prefix.Value!, cancellationToken).ConfigureAwait(false) : default;
        var head = await repository.CurrentCommitAsync(cancellationToken).ConfigureAwait(false);
        if (!prefix.Succeeded || !listed.Succeeded || !head.Succeeded)
        {
            return new(null, prefix.Error ?? listed.Error ?? head.Error);
        }

        var files = RepositoryFiles.OfProject(listed.Value!);
        var scan = RepositoryScanner.Scan(Path.Combine(repository.Root, prefix.Value!), files, cancellationToken);
        var schema = SchemaPath(full, repository.Root);
        var writer = new ProposalWriter(scan, Path.GetFileName(full), head.Value, schema);
        var text = writer.Render();
        var document = TomlDocument.Parse(text);
        var problems = document.Diagnostics.Select(d => d.ToString())
            .Concat(document.HasErrors ? [] : ContextValidator.Validate(document).Select(d => d.ToString())).ToList();
        return new(new ProposedContext(full, text, writer.ServiceCount, writer.WorkflowCount, scan.Notes, problems), null);
    }

    /// <summary>
    /// Writes <paramref name="proposal"/> as <c>project-context.toml</c> in its directory. Refused when any
    /// context file is there, unless <paramref name="force"/>; even then only a TOML file is replaced, because
    /// a new TOML file would silently shadow a JSON or YAML one.
    /// </summary>
    public static ProposalOutcome<string> Write(ProposedContext proposal, bool force)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.Problems.Count > 0)
        {
            return new(null, "the proposal does not validate, so it was not written: " + string.Join("; ", proposal.Problems));
        }

        var target = Path.Combine(proposal.Directory, ContextFileLocator.FileName);
        var existing = ContextFileLocator.FindIn(proposal.Directory);
        if (existing is not null && !force)
        {
            return new(null, $"{existing} already exists; init never overwrites a context file without --force");
        }

        if (existing is not null && existing != target)
        {
            return new(null, $"{existing} already exists; --force replaces only {ContextFileLocator.FileName}, which would shadow it; remove {Path.GetFileName(existing)} first");
        }

        var bytes = new UTF8Encoding(false).GetBytes(proposal.Text);
        try
        {
            if (existing is null)
            {
                // CreateNew: a file that appeared since the check is never overwritten.
                using var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                stream.Write(bytes);
            }
            else
            {
                AtomicFile.Write(target, bytes);
            }
        }
        catch (IOException e) when (File.Exists(target) && existing is null)
        {
            return new(null, $"{target} appeared while init was running; nothing was written ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(null, $"cannot write {target}: {e.Message}");
        }

        return new(target, null);
    }

    // The schema path is relative to the file (the Taplo convention); a repository that ships the schema gets the real path.
    private static string SchemaPath(string directory, string repositoryRoot)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null && dir.FullName.Length >= repositoryRoot.Length; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "schemas", "project-context.schema.json");
            if (File.Exists(candidate))
            {
                var relative = Path.GetRelativePath(directory, candidate).Replace('\\', '/');
                return relative.StartsWith("../", StringComparison.Ordinal) ? relative : "./" + relative;
            }
        }

        return "./schemas/project-context.schema.json";
    }
}
