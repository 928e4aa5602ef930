namespace McpContext.Core.Git;

/// <summary>Working with a project that lives in a directory of a repository: its place in the repository, and its files.</summary>
public static class GitProjectFiles
{
    /// <summary>
    /// Where <paramref name="directory"/> is inside the working tree: its path from the top, with <c>/</c> and
    /// a trailing <c>/</c>, or empty at the top. Asked of git in that directory, so symbolic links on the way
    /// there cannot put it "outside" the repository.
    /// </summary>
    public static async Task<GitResult<string>> PrefixOfAsync(this GitRepository repository, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(directory);
        var result = await repository.RunAsync(["-C", Path.GetFullPath(directory), "rev-parse", "--show-prefix"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? GitResult.Success<string>(result.Stdout.Text.TrimEnd('\n'))
            : GitResult.Failure<string>($"git rev-parse --show-prefix in '{directory}' failed: {result.Error ?? result.Stderr.Text.Trim()}");
    }

    /// <summary>
    /// The files under <paramref name="prefix"/> (from <see cref="PrefixOfAsync"/>) that exist in the working
    /// tree: tracked ones not deleted, and untracked ones that are not ignored. Paths are relative to the
    /// prefix, with <c>/</c>.
    /// </summary>
    public static async Task<GitResult<IReadOnlyList<string>>> ListFilesUnderAsync(this GitRepository repository, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(prefix);
        var scope = prefix.Length == 0 ? "." : prefix;
        var listing = repository.RunAsync(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "--", scope], cancellationToken);
        var deleted = repository.RunAsync(["ls-files", "-z", "--deleted", "--full-name", "--", scope], cancellationToken);
        var files = await listing.ConfigureAwait(false);
        var gone = await deleted.ConfigureAwait(false);
        foreach (var result in new[] { files, gone })
        {
            if (!result.Succeeded)
            {
                return GitResult.Failure<IReadOnlyList<string>>($"git ls-files failed in {repository.Root}: {result.Error ?? result.Stderr.Text.Trim()}");
            }

            if (result.Stdout.Truncated)
            {
                return GitResult.Failure<IReadOnlyList<string>>($"git ls-files in {repository.Root}: the list of files is too large to read");
            }
        }

        var removed = gone.Stdout.Text.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return GitResult.Success<IReadOnlyList<string>>([.. files.Stdout.Text.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => !removed.Contains(f) && f.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f[prefix.Length..])
            .Distinct(StringComparer.Ordinal)]);
    }
}
