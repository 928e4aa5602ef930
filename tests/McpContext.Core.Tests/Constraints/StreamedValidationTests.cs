using System.Text;
using McpContext.Core.Constraints;
using McpContext.Core.Diffs;
using McpContext.Core.Git;
using McpContext.Core.Tests.Context;

namespace McpContext.Core.Tests.Constraints;

/// <summary>
/// A change checked part by part while its diff arrives (how <c>mcpctx check</c> reads git) gets exactly the
/// answer the whole diff gets, findings, ids and errors alike.
/// </summary>
public sealed class StreamedValidationTests : IAsyncLifetime
{
    private static readonly string GitHubToken = "ghp_" + SecretCorpus.Body(7, 36);

    private EdgeRepo _repo = null!;

    public async ValueTask InitializeAsync() => _repo = await EdgeRepo.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A change with a finding of every kind, spread over many files.</summary>
    private async Task MakeBroadChangeAsync()
    {
        for (var i = 0; i < 30; i++)
        {
            _repo.Git.Write($"deploy/sites/site{i:00}.conf", $"server {{\n  listen {4000 + i};\n}}\n");
        }

        await _repo.Git.CommitAllAsync("sites");
        for (var i = 0; i < 30; i++)
        {
            _repo.Git.Write($"deploy/sites/site{i:00}.conf", $"server {{\n  listen {4000 + i};\n  # site {i}\n{(i % 7 == 3 ? "  # curl https://example.com/x\n" : "")}}}\n");
        }

        _repo.Edit(EdgeRepo.Upstream, "127.0.0.1:3001", "127.0.0.1:3005");
        _repo.Edit(EdgeRepo.Build, "tags: ['v*']", "tags: ['v*', 'rc*']");
        _repo.Git.Write("app/config.env", $"MODE=edge\nGITHUB_TOKEN={GitHubToken}\n");
        _repo.Git.Delete(EdgeRepo.Rollback);
        File.Move(_repo.Git.PathOf("deploy/compose/green.yml"), _repo.Git.PathOf("deploy/compose/green-slot.yml"));
        _repo.Edit("project-context.toml", "keep_previous_slot_minutes = 30", "keep_previous_slot_minutes = 5");
        await _repo.Git.GitAsync("add", "-A");
    }

    private async Task<(ValidationResult Whole, ValidationResult Streamed)> CheckBothWaysAsync(string? taskId = null, int partBytes = 64)
    {
        var git = (await GitRepository.OpenAsync(_repo.Git.Root, cancellationToken: Cancel)).Value!;
        var blobs = await git.ReadBlobsAsync(["HEAD:project-context.toml", ":project-context.toml"], Cancel);
        var request = new ChangeRequest { TaskId = taskId, ContextVersions = new ContextVersions(blobs.Value![0], blobs.Value[1]) };
        var text = (await git.DiffAsync(GitDiffSource.Staged, Cancel)).Value!;

        var splitter = new DiffSplitter(partBytes);
        var validating = _repo.Validator().ValidateAsync(request, splitter.Parts, Cancel);
        var streamed = await git.DiffAsync(GitDiffSource.Staged, splitter.Write, Cancel);
        splitter.Complete();
        Assert.True(streamed.Succeeded, streamed.Error);

        return (_repo.Validator().Validate(request with { Diff = text }), await validating);
    }

    [Fact]
    public async Task A_change_checked_part_by_part_gets_the_findings_ids_and_knowledge_of_the_whole_diff()
    {
        await MakeBroadChangeAsync();

        var (whole, streamed) = await CheckBothWaysAsync();

        Assert.True(whole.Succeeded, string.Join("\n", whole.Errors));
        Assert.True(streamed.Succeeded, string.Join("\n", streamed.Errors));
        var (w, s) = (whole.Report!, streamed.Report!);
        Assert.Equal(Verdict.Deny, s.Verdict);
        Assert.Equal((w.Verdict, w.ChangeId, w.ContextRevision), (s.Verdict, s.ChangeId, s.ContextRevision));
        Assert.Equal(w.Findings, s.Findings);
        Assert.Equal(w.Files.Select(f => (f.Path, f.Kind, f.OldPath)), s.Files.Select(f => (f.Path, f.Kind, f.OldPath)));
        Assert.Equal(w.Knowledge.Select(k => (k.Item.Id, string.Join(",", k.Files))), s.Knowledge.Select(k => (k.Item.Id, string.Join(",", k.Files))));
        Assert.Equal(w.KeyChanges.Select(k => k.Path.ToString()), s.KeyChanges.Select(k => k.Path.ToString()));

        // Every kind of finding is in it, so each check ran on the parts.
        Assert.Superset(new HashSet<string> { "secret", "locked-key", "R-003", "R-004", "R-005", "R-006" }, s.Findings.Select(f => f.Rule).ToHashSet());
        Assert.True(s.Files.Count > 30);
    }

    [Fact]
    public async Task An_unknown_task_gets_the_error_the_whole_diff_gets()
    {
        await MakeBroadChangeAsync();

        var (whole, streamed) = await CheckBothWaysAsync(taskId: "T-404");

        Assert.False(streamed.Succeeded);
        Assert.Equal(whole.Errors, streamed.Errors);
        Assert.StartsWith("task_id: ", streamed.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_rules_in_the_context_before_the_change_get_the_errors_the_whole_diff_gets()
    {
        _repo.Edit("project-context.toml", "paths = [\".github/workflows/**\"]", "paths = [\"\"]");
        await _repo.Git.CommitAllAsync("a broken glob");
        await MakeBroadChangeAsync();

        var (whole, streamed) = await CheckBothWaysAsync();

        Assert.False(streamed.Succeeded);
        Assert.Equal(whole.Errors, streamed.Errors);
        Assert.Contains("constraints.rules[3].paths[0]", streamed.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_part_gets_the_errors_of_the_whole_diff_with_its_lines()
    {
        const string text = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# wp-edge-core\n+# edge\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n+b\n";
        var git = (await GitRepository.OpenAsync(_repo.Git.Root, cancellationToken: Cancel)).Value!;
        var blobs = await git.ReadBlobsAsync(["HEAD:project-context.toml"], Cancel);
        var request = new ChangeRequest { ContextVersions = new ContextVersions(blobs.Value![0], null) };
        var splitter = new DiffSplitter(1);
        splitter.Write(Encoding.UTF8.GetBytes(text));
        splitter.Complete();

        var streamed = await _repo.Validator().ValidateAsync(request, splitter.Parts, Cancel);

        Assert.Equal(_repo.Validator().Validate(request with { Diff = text }).Errors, streamed.Errors);
        Assert.StartsWith("diff line 10: ", Assert.Single(streamed.Errors), StringComparison.Ordinal);
    }
}
