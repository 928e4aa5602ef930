using System.Text;
using McpContext.Core.Diffs;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Diffs;

/// <summary>Cutting a diff that arrives in pieces into parts of whole files, on diffs real git produces.</summary>
public sealed class DiffSplitterTests : IAsyncLifetime
{
    private TempGitRepo _repo = null!;

    public async ValueTask InitializeAsync() => _repo = await TempGitRepo.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ManyFilesDiffAsync()
    {
        for (var i = 0; i < 40; i++)
        {
            _repo.Write($"svc/file{i:00}.conf", string.Concat(Enumerable.Range(0, 12).Select(n => $"line {n} of {i}\n")));
        }

        await _repo.CommitAllAsync("initial");
        for (var i = 0; i < 40; i++)
        {
            if (i % 9 == 4)
            {
                _repo.Delete($"svc/file{i:00}.conf");
            }
            else
            {
                _repo.Write($"svc/file{i:00}.conf", string.Concat(Enumerable.Range(0, 12).Select(n => n == 5 ? $"changed ünïcode {i}\n" : $"line {n} of {i}\n")) + "diff --git inside a line\n");
            }
        }

        _repo.Write("svc/new.conf", "new\n");
        await _repo.GitAsync("add", "-A");
        return await _repo.GitAsync("diff", "--cached", "--no-color", "-M");
    }

    private static List<DiffPart> Split(string text, int partBytes, int pieceBytes)
    {
        var splitter = new DiffSplitter(partBytes);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var at = 0; at < bytes.Length; at += pieceBytes)
        {
            splitter.Write(bytes.AsSpan(at, Math.Min(pieceBytes, bytes.Length - at)));
        }

        splitter.Complete();
        var parts = new List<DiffPart>();
        while (splitter.Parts.TryRead(out var part))
        {
            parts.Add(part);
        }

        Assert.True(splitter.Parts.Completion.IsCompleted);
        return parts;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(300, 7)]
    [InlineData(2000, 4096)]
    [InlineData(1 << 20, 65536)]
    public async Task Parts_are_whole_files_that_parse_to_what_the_whole_diff_parses_to(int partBytes, int pieceBytes)
    {
        var text = await ManyFilesDiffAsync();
        var whole = UnifiedDiff.Parse(text);

        var parts = Split(text, partBytes, pieceBytes);

        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        var line = 1;
        foreach (var part in parts)
        {
            Assert.Equal(line, part.FirstLine);
            Assert.StartsWith("diff --git ", part.Text, StringComparison.Ordinal);
            line += part.Text.Count(c => c == '\n');
        }

        Assert.All(parts.SkipLast(1), p => Assert.True(Encoding.UTF8.GetByteCount(p.Text) >= partBytes));
        var parsed = parts.Select(p => UnifiedDiff.Parse(p.Text, p.FirstLine)).ToList();
        Assert.All(parsed, p => Assert.Empty(p.Problems));
        var files = parsed.SelectMany(p => p.Files).ToList();
        Assert.Equal(whole.Files.Select(Describe), files.Select(Describe));
        Assert.Equal(41, files.Count);
    }

    [Fact]
    public void Problems_in_a_later_part_carry_their_line_in_the_whole_diff()
    {
        const string text = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/y b/y\n--- a/y\n+++ b/y\n@@ -1 +1,2 @@\n-a\n+b\n";

        var parts = Split(text, 1, 3);

        Assert.Equal([1, 7], parts.Select(p => p.FirstLine));
        var problem = Assert.Single(UnifiedDiff.Parse(parts[1].Text, parts[1].FirstLine).Problems);
        Assert.Equal(UnifiedDiff.Parse(text).Problems.Single(), problem);
        Assert.Equal(10, problem.Line);
    }

    private static string Describe(FileDiff file) =>
        $"{file.Kind} {file.OldPath} {file.NewPath} @{file.DiffLine}: " + string.Join(" | ", file.Hunks.SelectMany(h => h.Lines).Select(l => $"{l.Kind}{l.DiffLine}/{l.OldNumber}/{l.NewNumber}:{l.Text}"));
}
