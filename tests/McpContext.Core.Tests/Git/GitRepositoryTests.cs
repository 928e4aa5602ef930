using McpContext.Core.Git;

namespace McpContext.Core.Tests.Git;

public sealed class GitRepositoryTests : IAsyncLifetime
{
    private TempGitRepo _repo = null!;

    public async ValueTask InitializeAsync() => _repo = await TempGitRepo.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<GitRepository> OpenAsync(string? directory = null)
    {
        var opened = await GitRepository.OpenAsync(directory ?? _repo.Root, cancellationToken: Cancel);
        Assert.True(opened.Succeeded, opened.Error);
        return opened.Value!;
    }

    [Fact]
    public async Task Opening_from_a_subdirectory_finds_the_top_of_the_working_tree()
    {
        _repo.Write("deep/er/file.txt", "x");

        var git = await OpenAsync(_repo.PathOf("deep/er"));

        Assert.Equal(_repo.Root, git.Root);
    }

    [Fact]
    public async Task Opening_outside_a_repository_or_a_missing_directory_is_an_error_naming_it()
    {
        var outside = Directory.CreateTempSubdirectory("mcpctx-nogit-");
        try
        {
            var notRepo = await GitRepository.OpenAsync(outside.FullName, cancellationToken: Cancel);
            var missing = await GitRepository.OpenAsync(Path.Combine(outside.FullName, "gone"), cancellationToken: Cancel);

            Assert.Equal($"'{outside.FullName}' is not inside a git repository", notRepo.Error);
            Assert.Equal($"'{Path.Combine(outside.FullName, "gone")}' is not a directory", missing.Error);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Listing_files_gives_tracked_and_untracked_files_but_not_ignored_ones()
    {
        _repo.Write(".gitignore", "*.log\n");
        _repo.Write("tracked.txt", "a");
        _repo.Write("dir with space/ünïcode.txt", "b");
        await _repo.CommitAllAsync();
        _repo.Write("new.txt", "c");
        _repo.Write("debug.log", "d");
        var git = await OpenAsync();

        var all = await git.ListFilesAsync(cancellationToken: Cancel);
        var trackedOnly = await git.ListFilesAsync(includeUntracked: false, Cancel);

        Assert.Equal([".gitignore", "dir with space/ünïcode.txt", "new.txt", "tracked.txt"], all.Value!.Order(StringComparer.Ordinal));
        Assert.Equal([".gitignore", "dir with space/ünïcode.txt", "tracked.txt"], trackedOnly.Value!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Staged_working_tree_and_range_diffs_show_what_each_covers()
    {
        _repo.Write("a.txt", "one\n");
        var first = await _repo.CommitAllAsync();
        _repo.Write("a.txt", "one\ntwo\n");
        var second = await _repo.CommitAllAsync();
        _repo.Write("a.txt", "one\ntwo\nstaged\n");
        await _repo.GitAsync("add", "a.txt");
        _repo.Write("a.txt", "one\ntwo\nstaged\nunstaged\n");
        var git = await OpenAsync();

        var staged = (await git.DiffAsync(GitDiffSource.Staged, Cancel)).Value!;
        var working = (await git.DiffAsync(GitDiffSource.WorkingTree, Cancel)).Value!;
        var range = (await git.DiffAsync(GitDiffSource.Range($"{first}..{second}"), Cancel)).Value!;
        var sinceFirst = (await git.DiffAsync(GitDiffSource.Range(first), Cancel)).Value!;

        Assert.Contains("+staged\n", staged, StringComparison.Ordinal);
        Assert.DoesNotContain("unstaged", staged, StringComparison.Ordinal);
        Assert.Contains("+staged\n+unstaged\n", working, StringComparison.Ordinal);
        Assert.Contains("+two\n", range, StringComparison.Ordinal);
        Assert.DoesNotContain("staged", range, StringComparison.Ordinal);
        Assert.Contains("+two\n+staged\n+unstaged\n", sinceFirst, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_output_ignores_the_users_colour_prefix_rename_and_external_diff_settings()
    {
        _repo.Write("old/name.txt", "line 1\nline 2\nline 3\nline 4\n");
        await _repo.CommitAllAsync();
        await _repo.GitAsync("config", "color.ui", "always");
        await _repo.GitAsync("config", "diff.noprefix", "true");
        await _repo.GitAsync("config", "diff.renames", "false");
        await _repo.GitAsync("config", "diff.external", "/bin/false");
        Directory.CreateDirectory(_repo.PathOf("new"));
        await _repo.GitAsync("mv", "old/name.txt", "new/name.txt");
        var git = await OpenAsync();

        var diff = await git.DiffAsync(GitDiffSource.Staged, Cancel);

        Assert.True(diff.Succeeded, diff.Error);
        Assert.Equal("diff --git a/old/name.txt b/new/name.txt\nsimilarity index 100%\nrename from old/name.txt\nrename to new/name.txt\n", diff.Value);
    }

    [Fact]
    public async Task Before_the_first_commit_staged_and_working_tree_diffs_show_every_file_as_new()
    {
        _repo.Write("first.txt", "hello\n");
        await _repo.GitAsync("add", "first.txt");
        var git = await OpenAsync();

        var staged = await git.DiffAsync(GitDiffSource.Staged, Cancel);
        var working = await git.DiffAsync(GitDiffSource.WorkingTree, Cancel);

        Assert.Contains("new file mode 100644", staged.Value, StringComparison.Ordinal);
        Assert.Contains("+hello", staged.Value, StringComparison.Ordinal);
        Assert.Contains("+hello", working.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_ends_resolve_two_dots_to_both_commits_three_dots_to_the_merge_base_and_one_revision_to_the_working_tree()
    {
        var fork = await _repo.CommitAllAsync("fork");
        await _repo.GitAsync("checkout", "-q", "-b", "side");
        _repo.Write("side.txt", "side\n");
        var side = await _repo.CommitAllAsync("side");
        await _repo.GitAsync("checkout", "-q", "-");
        _repo.Write("main.txt", "main\n");
        var main = await _repo.CommitAllAsync("main");
        var git = await OpenAsync();

        Assert.Equal((main, side), (await git.ResolveRangeAsync($"{main}..{side}", Cancel)).Value);
        Assert.Equal((fork, side), (await git.ResolveRangeAsync($"{main}...{side}", Cancel)).Value);
        Assert.Equal((main, (string?)null), (await git.ResolveRangeAsync("HEAD", Cancel)).Value);
        Assert.Equal((fork, main), (await git.ResolveRangeAsync($"{fork}..", Cancel)).Value);
        var threeDots = (await git.DiffAsync(GitDiffSource.Range($"{main}...{side}"), Cancel)).Value!;
        Assert.Contains("+side", threeDots, StringComparison.Ordinal);
        Assert.DoesNotContain("main.txt", threeDots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_naming_an_unknown_revision_is_an_error_naming_it()
    {
        await _repo.CommitAllAsync();
        var git = await OpenAsync();

        var diff = await git.DiffAsync(GitDiffSource.Range("nope..HEAD"), Cancel);

        Assert.Equal($"range 'nope..HEAD': unknown revision 'nope': no commit has that name in {_repo.Root}", diff.Error);
    }

    [Fact]
    public async Task A_revision_that_looks_like_an_option_is_never_passed_to_git_as_one()
    {
        await _repo.CommitAllAsync();
        var git = await OpenAsync();
        var target = _repo.PathOf("written-by-git");

        var diff = await git.DiffAsync(GitDiffSource.Range($"--output={target}"), Cancel);

        Assert.StartsWith($"range '--output={target}': unknown revision", diff.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task The_current_commit_is_null_before_the_first_commit_and_the_head_id_after()
    {
        var git = await OpenAsync();
        var before = await git.CurrentCommitAsync(Cancel);
        var id = await _repo.CommitAllAsync();

        var after = await git.CurrentCommitAsync(Cancel);

        Assert.True(before.Succeeded);
        Assert.Null(before.Value);
        Assert.Equal(id, after.Value);
    }

    [Fact]
    public async Task Changed_files_since_a_commit_include_renames_with_their_old_path_and_uncommitted_changes()
    {
        _repo.Write("keep.txt", "k\n");
        _repo.Write("edit.txt", "e\n");
        _repo.Write("gone.txt", "g\n");
        _repo.Write(".github/workflows/build.yml", "name: build\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
        var since = await _repo.CommitAllAsync();
        _repo.Write("edit.txt", "e2\n");
        _repo.Delete("gone.txt");
        _repo.Write("added.txt", "a\n");
        await _repo.GitAsync("add", "-A");
        await _repo.GitAsync("mv", ".github/workflows/build.yml", ".github/workflows/ci.yml");
        var until = await _repo.CommitAllAsync();
        _repo.Write("keep.txt", "k2\n");
        var git = await OpenAsync();

        var committed = await git.ChangedFilesAsync(since, until, Cancel);
        var withWorkingTree = await git.ChangedFilesAsync(since, cancellationToken: Cancel);

        Assert.Equal(
            [
                new GitChangedFile(GitChangeStatus.Renamed, ".github/workflows/ci.yml", ".github/workflows/build.yml"),
                new GitChangedFile(GitChangeStatus.Added, "added.txt"),
                new GitChangedFile(GitChangeStatus.Modified, "edit.txt"),
                new GitChangedFile(GitChangeStatus.Deleted, "gone.txt"),
            ],
            committed.Value!.OrderBy(f => f.Path, StringComparer.Ordinal));
        Assert.Contains(new GitChangedFile(GitChangeStatus.Modified, "keep.txt"), withWorkingTree.Value!);
        Assert.DoesNotContain(committed.Value!, f => f.Path == "keep.txt");
    }

    [Fact]
    public async Task Changed_files_since_an_unknown_commit_is_an_error_naming_it()
    {
        await _repo.CommitAllAsync();
        var git = await OpenAsync();

        var changed = await git.ChangedFilesAsync("0000000000000000000000000000000000000000", cancellationToken: Cancel);

        Assert.Equal($"unknown revision '0000000000000000000000000000000000000000': no commit has that name in {_repo.Root}", changed.Error);
    }

    [Fact]
    public async Task Is_ancestor_follows_history_in_one_direction_only()
    {
        var first = await _repo.CommitAllAsync("first");
        var second = await _repo.CommitAllAsync("second");
        var git = await OpenAsync();

        Assert.True((await git.IsAncestorAsync(first, second, Cancel)).Value);
        Assert.False((await git.IsAncestorAsync(second, first, Cancel)).Value);
        Assert.True((await git.IsAncestorAsync(second, second, Cancel)).Value);
        Assert.Equal($"unknown revision 'missing': no commit has that name in {_repo.Root}", (await git.IsAncestorAsync("missing", second, Cancel)).Error);
    }

    [Fact]
    public async Task Reading_files_in_one_batch_gives_the_committed_or_staged_bytes_and_null_when_absent()
    {
        var git = await OpenAsync();
        _repo.Write("ctx.toml", "port = 0\n");
        await _repo.GitAsync("add", "ctx.toml");

        // Before the first commit HEAD names nothing: that is an absent file, not an error.
        Assert.Equal([null, "port = 0\n"u8.ToArray()], (await git.ReadBlobsAsync(["HEAD:ctx.toml", ":ctx.toml"], Cancel)).Value);

        await _repo.CommitAllAsync();
        _repo.Write("ctx.toml", "port = 2\n");
        await _repo.GitAsync("add", "ctx.toml");
        _repo.Write("ctx.toml", "port = 3\n");
        _repo.Write("dir name/other file.toml", "");
        await _repo.GitAsync("add", "dir name");

        var blobs = await git.ReadBlobsAsync(["HEAD:ctx.toml", ":ctx.toml", "HEAD:missing.toml", ":dir name/other file.toml", ":missing.toml"], Cancel);

        Assert.True(blobs.Succeeded, blobs.Error);
        Assert.Equal(["port = 0\n"u8.ToArray(), "port = 2\n"u8.ToArray(), null, [], null], blobs.Value);
    }

    [Fact]
    public async Task Reading_a_directory_or_a_name_with_a_line_break_in_a_batch_is_an_error_naming_it()
    {
        _repo.Write("conf/a.toml", "a = 1\n");
        await _repo.CommitAllAsync();
        var git = await OpenAsync();

        Assert.Equal("'HEAD:conf' is a tree, not a file", (await git.ReadBlobsAsync(["HEAD:conf"], Cancel)).Error);
        Assert.Equal("git cat-file: 'HEAD:a\nb' cannot be read in a batch (it is empty or holds a line break)", (await git.ReadBlobsAsync(["HEAD:a\nb"], Cancel)).Error);
    }

    [Fact]
    public async Task The_hooks_directory_follows_core_hooks_path()
    {
        var git = await OpenAsync();
        Assert.Equal(Path.Combine(_repo.Root, ".git", "hooks"), (await git.HooksDirectoryAsync(Cancel)).Value);

        await _repo.GitAsync("config", "core.hooksPath", "tools/hooks");

        Assert.Equal(Path.Combine(_repo.Root, "tools", "hooks"), (await git.HooksDirectoryAsync(Cancel)).Value);
    }

    [Fact]
    public async Task Config_values_are_read_and_unset_ones_are_null()
    {
        var git = await OpenAsync();

        Assert.Equal("Test Person", (await git.ConfigValueAsync("user.name", Cancel)).Value);
        var unset = await git.ConfigValueAsync("mcpctx.nothing", Cancel);
        Assert.True(unset.Succeeded);
        Assert.Null(unset.Value);
    }
}
