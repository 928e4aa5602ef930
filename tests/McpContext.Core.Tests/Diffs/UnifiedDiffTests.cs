using McpContext.Core.Diffs;
using McpContext.Core.Processes;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Diffs;

/// <summary>The parser on diffs real git produces, and on broken ones.</summary>
public sealed class UnifiedDiffTests : IAsyncLifetime
{
    private TempGitRepo _repo = null!;

    public async ValueTask InitializeAsync() => _repo = await TempGitRepo.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<UnifiedDiff> StagedAsync(params string[] options)
    {
        await _repo.GitAsync("add", "-A");
        var text = await _repo.GitAsync(["diff", "--cached", "--no-color", "-M", .. options]);
        var diff = UnifiedDiff.Parse(text);
        Assert.Empty(diff.Problems);
        return diff;
    }

    [Fact]
    public async Task Added_modified_and_deleted_files_carry_their_kind_paths_and_numbered_lines()
    {
        _repo.Write("edit.txt", "one\ntwo\nthree\n");
        _repo.Write("gone.txt", "bye\n");
        await _repo.CommitAllAsync();
        _repo.Write("edit.txt", "one\n2\nthree\nfour\n");
        _repo.Delete("gone.txt");
        _repo.Write("new.txt", "hello\nworld\n");

        var diff = await StagedAsync();

        var edit = diff.Files.Single(f => f.Path == "edit.txt");
        Assert.Equal(DiffChangeKind.Modify, edit.Kind);
        Assert.Equal(("edit.txt", "edit.txt"), (edit.OldPath, edit.NewPath));
        Assert.Equal([("2", 2), ("four", 4)], edit.AddedLines.Select(l => (l.Text, l.NewNumber)));
        Assert.Equal([("two", 2)], edit.RemovedLines.Select(l => (l.Text, l.OldNumber)));
        var gone = diff.Files.Single(f => f.Path == "gone.txt");
        Assert.Equal((DiffChangeKind.Delete, "gone.txt", null, "100644"), (gone.Kind, gone.OldPath, gone.NewPath, gone.OldMode));
        var added = diff.Files.Single(f => f.Path == "new.txt");
        Assert.Equal((DiffChangeKind.Add, null, "new.txt", "100644"), (added.Kind, added.OldPath, added.NewPath, added.NewMode));
        Assert.Equal(["hello", "world"], added.AddedLines.Select(l => l.Text));
    }

    [Fact]
    public async Task Each_added_line_knows_its_line_in_the_diff()
    {
        _repo.Write("a.txt", "x\n");
        await _repo.CommitAllAsync();
        _repo.Write("a.txt", "x\ny\n");
        await _repo.GitAsync("add", "-A");
        var text = await _repo.GitAsync("diff", "--cached");

        var line = UnifiedDiff.Parse(text).Files.Single().AddedLines.Single();

        Assert.Equal("+y", text.Split('\n')[line.DiffLine - 1]);
    }

    [Fact]
    public async Task Renames_with_and_without_changes_and_copies_keep_both_paths()
    {
        var body = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        _repo.Write("deploy/old.sh", body);
        _repo.Write("src/moved.txt", body);
        _repo.Write("src/original.txt", body + "original\n");
        await _repo.CommitAllAsync();
        Directory.CreateDirectory(_repo.PathOf("scripts"));
        await _repo.GitAsync("mv", "deploy/old.sh", "scripts/new.sh");
        File.Move(_repo.PathOf("src/moved.txt"), _repo.PathOf("src/renamed.txt"));
        _repo.Write("src/renamed.txt", body + "extra\n");
        _repo.Write("src/copy.txt", body + "original\n");

        var diff = await StagedAsync("-C", "--find-copies-harder");

        var pure = diff.Files.Single(f => f.NewPath == "scripts/new.sh");
        Assert.Equal((DiffChangeKind.Rename, "deploy/old.sh", 100), (pure.Kind, pure.OldPath, pure.Similarity));
        Assert.Empty(pure.Hunks);
        var edited = diff.Files.Single(f => f.NewPath == "src/renamed.txt");
        Assert.Equal((DiffChangeKind.Rename, "src/moved.txt"), (edited.Kind, edited.OldPath));
        Assert.Equal(["extra"], edited.AddedLines.Select(l => l.Text));
        var copy = diff.Files.Single(f => f.NewPath == "src/copy.txt");
        Assert.Equal((DiffChangeKind.Copy, "src/original.txt"), (copy.Kind, copy.OldPath));
    }

    [Fact]
    public async Task A_mode_change_is_a_modification_with_both_modes_and_no_hunks()
    {
        _repo.Write("run.sh", "echo hi\n");
        await _repo.CommitAllAsync();
        Assert.True((await ProcessRunner.RunAsync(new ProcessSpec("chmod", ["+x", _repo.PathOf("run.sh")]), TestContext.Current.CancellationToken)).Succeeded);

        var file = (await StagedAsync()).Files.Single();

        Assert.Equal((DiffChangeKind.Modify, "100644", "100755"), (file.Kind, file.OldMode, file.NewMode));
        Assert.Empty(file.Hunks);
    }

    [Fact]
    public async Task Binary_files_are_marked_binary_in_both_git_forms_and_the_next_file_still_parses()
    {
        _repo.WriteBytes("logo.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]);
        _repo.Write("z.txt", "after\n");

        var plain = await StagedAsync();
        var patch = await StagedAsync("--binary");

        foreach (var diff in new[] { plain, patch })
        {
            Assert.Equal(["logo.png", "z.txt"], diff.Files.Select(f => f.Path));
            Assert.True(diff.Files[0].IsBinary);
            Assert.Equal(DiffChangeKind.Add, diff.Files[0].Kind);
            Assert.Equal(["after"], diff.Files[1].AddedLines.Select(l => l.Text));
        }
    }

    [Fact]
    public async Task No_newline_at_end_of_file_marks_the_line_it_follows()
    {
        _repo.Write("a.txt", "one\ntwo");
        await _repo.CommitAllAsync();
        _repo.Write("a.txt", "one\nTWO");

        var file = (await StagedAsync()).Files.Single();

        Assert.True(file.RemovedLines.Single().NoNewlineAtEnd);
        Assert.True(file.AddedLines.Single().NoNewlineAtEnd);
        Assert.Equal("TWO", file.AddedLines.Single().Text);
    }

    [Fact]
    public async Task Quoted_paths_with_tabs_quotes_and_unicode_and_unquoted_paths_with_spaces_are_decoded()
    {
        _repo.Write("t\tb.txt", "1\n");
        _repo.Write("say \"hi\".txt", "2\n");
        _repo.Write("café/ü.txt", "3\n");
        _repo.Write("dir with space/f i.txt", "4\n");
        await _repo.CommitAllAsync();
        _repo.Write("t\tb.txt", "1\nx\n");
        _repo.Write("say \"hi\".txt", "2\nx\n");
        _repo.Write("café/ü.txt", "3\nx\n");
        _repo.Write("dir with space/f i.txt", "4\nx\n");
        Directory.CreateDirectory(_repo.PathOf("nëw dir"));
        await _repo.GitAsync("mv", "café/ü.txt", "nëw dir/ü 2.txt");

        var paths = (await StagedAsync()).Files.Select(f => (f.OldPath, f.NewPath)).Order();

        Assert.Equal(
            [("café/ü.txt", "nëw dir/ü 2.txt"), ("dir with space/f i.txt", "dir with space/f i.txt"), ("say \"hi\".txt", "say \"hi\".txt"), ("t\tb.txt", "t\tb.txt")],
            paths);
    }

    [Fact]
    public async Task A_plain_diff_u_with_timestamps_parses_and_drops_the_a_and_b_prefixes()
    {
        _repo.Write("a/x.conf", "listen 3001;\n");
        _repo.Write("b/x.conf", "listen 3005;\n");
        var result = await ProcessRunner.RunAsync(new ProcessSpec("diff", ["-u", "a/x.conf", "b/x.conf"]) { WorkingDirectory = _repo.Root }, TestContext.Current.CancellationToken);
        Assert.Contains("\t", result.Stdout.Text.Split('\n')[0], StringComparison.Ordinal);

        var diff = UnifiedDiff.Parse(result.Stdout.Text);

        Assert.Empty(diff.Problems);
        var file = diff.Files.Single();
        Assert.Equal((DiffChangeKind.Modify, "x.conf", "x.conf"), (file.Kind, file.OldPath, file.NewPath));
        Assert.Equal("listen 3005;", file.AddedLines.Single().Text);
    }

    [Fact]
    public async Task Format_patch_mail_headers_and_signature_around_the_diff_are_ignored()
    {
        _repo.Write("a.txt", "1\n");
        await _repo.CommitAllAsync();
        _repo.Write("a.txt", "1\n2\n");
        await _repo.CommitAllAsync("second");
        var patch = await _repo.GitAsync("format-patch", "-1", "--stdout");
        Assert.Contains("Subject: [PATCH] second", patch, StringComparison.Ordinal);

        var diff = UnifiedDiff.Parse(patch);

        Assert.Empty(diff.Problems);
        Assert.Equal(["2"], diff.Files.Single().AddedLines.Select(l => l.Text));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("")]
    public void The_last_line_reads_the_same_whether_or_not_the_diff_ends_with_a_line_break(string end)
    {
        var text = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+last" + end;

        var diff = UnifiedDiff.Parse(text);

        Assert.Empty(diff.Problems);
        Assert.Equal("last" + (end == "\r\n" ? "\r" : ""), diff.Files.Single().AddedLines.Single().Text);
    }

    [Fact]
    public void An_empty_diff_is_valid_and_has_no_files()
    {
        var diff = UnifiedDiff.Parse("");

        Assert.Empty(diff.Files);
        Assert.Empty(diff.Problems);
    }

    [Theory]
    [InlineData("just some text\nnot a diff\n", "line 1: no file in it: a unified diff has 'diff --git a/... b/...' or '--- a/...' and '+++ b/...' lines before each file's hunks")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n", "line 4: the hunk ends early: the diff stops with 0 old and 1 new line(s) of it still to come")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n?c\n", "line 7: expected a hunk line starting with ' ', '+', '-' or '\\', found '?c' (the hunk at line 4 still has 1 old and 1 new line(s) to come)")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n", "line 7: unexpected text between files: '+c'")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n-b\n", "line 6: the hunk at line 4 (@@ -1 +1 @@) has more removed lines than its header counts")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -one +1 @@\n", "line 4: malformed hunk header '@@ -one +1 @@': expected '@@ -start,count +start,count @@'")]
    [InlineData("diff --git a/x b/x\n--- a/x\n@@ -1 +1 @@\n-a\n+b\n", "line 2: a '---' line must be followed by a '+++' line")]
    [InlineData("diff --git a/../../etc/passwd b/../../etc/passwd\n--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", "line 1: the path '../../etc/passwd' is not inside the repository: diff paths are relative and never go up with '..'")]
    [InlineData("--- /etc/hosts\n+++ /etc/hosts\n@@ -1 +1 @@\n-a\n+b\n", "line 1: the path '/etc/hosts' is not inside the repository: diff paths are relative and never go up with '..'")]
    [InlineData("diff --git a/x y b/z w b/q\nnew file mode 100644\n", "line 1: cannot tell the file names from 'diff --git a/x y b/z w b/q'")]
    public void A_malformed_diff_is_reported_with_the_line_that_breaks_it(string text, string expected)
    {
        var diff = UnifiedDiff.Parse(text);

        Assert.Equal(expected, diff.Problems[0].ToString());
    }

    [Fact]
    public void After_a_broken_file_the_next_file_is_still_read()
    {
        var diff = UnifiedDiff.Parse("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n?\ndiff --git a/y b/y\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n");

        Assert.Equal("line 5: expected a hunk line starting with ' ', '+', '-' or '\\', found '?' (the hunk at line 4 still has 1 old and 1 new line(s) to come)", Assert.Single(diff.Problems).ToString());
        Assert.Equal("y", Assert.Single(diff.Files).Path);
    }

    [Fact]
    public async Task Applying_a_real_diff_forwards_gives_the_new_text_and_in_reverse_the_old_text()
    {
        var before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nno newline";
        var after = "A\nb\nc\nd\ne\nf\ng\nh\ni\ninserted\nj\nk\nl\nstill none";
        _repo.Write("f.txt", before);
        await _repo.CommitAllAsync();
        _repo.Write("f.txt", after);

        var file = (await StagedAsync()).Files.Single();

        Assert.Equal(2, file.Hunks.Count);
        Assert.Equal(after, DiffApplier.TryApply(before, file));
        Assert.Equal(before, DiffApplier.TryApply(after, file, reverse: true));
        Assert.Null(DiffApplier.TryApply(after, file));
        Assert.Null(DiffApplier.TryApply("unrelated\n", file, reverse: true));
    }

    [Fact]
    public async Task Applying_a_new_file_diff_to_nothing_gives_the_file()
    {
        _repo.Write("n.txt", "x\ny\n");

        var file = (await StagedAsync()).Files.Single();

        Assert.Equal("x\ny\n", DiffApplier.TryApply("", file));
        Assert.Equal("", DiffApplier.TryApply("x\ny\n", file, reverse: true));
    }
}
