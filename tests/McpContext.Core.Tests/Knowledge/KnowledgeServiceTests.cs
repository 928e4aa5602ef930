using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Knowledge;

namespace McpContext.Core.Tests.Knowledge;

public sealed class KnowledgeServiceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-knowledge-");
    private readonly ContextStore _store;
    private readonly KnowledgeService _knowledge;

    public KnowledgeServiceTests()
    {
        var file = Path.Combine(_dir.FullName, "project-context.toml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "repo-files", "examples", "wp-edge-core", "project-context.toml"), file);
        _store = new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });
        _knowledge = new KnowledgeService(_store, new FixedClock());
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Delete(recursive: true);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
    }

    [Fact]
    public void List_filters_by_kind_status_tag_and_path()
    {
        Assert.Equal(["KI-001", "KI-003"], _knowledge.List(new KnowledgeQuery { Kind = KnowledgeKind.KnownIssue, Status = "open" }).Select(i => i.Id));
        Assert.Equal(["KI-001", "KI-002", "L-002"], _knowledge.List(new KnowledgeQuery { Tag = "CI", Path = ".github/workflows/build.yml" }).Select(i => i.Id));
        Assert.Equal(["L-001"], _knowledge.List(new KnowledgeQuery { Path = "deploy/nginx/conf.d/upstream-active.conf" }).Select(i => i.Id));
        Assert.Equal(["KI-003", "L-001"], _knowledge.List(new KnowledgeQuery { Path = "deploy" }).Select(i => i.Id));
        Assert.Equal(8, _knowledge.List(new KnowledgeQuery()).Count);
    }

    [Fact]
    public void Add_picks_the_next_id_dates_it_today_and_journals_the_write()
    {
        var result = _knowledge.Add(new NewKnowledge(KnowledgeKind.Lesson, "Pin the JetPack version in the runner image") { Tags = ["jetson"], Paths = ["ci/runner/**"] }, "codex", "learned in the runner upgrade", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Written, result.Write.Status);
        Assert.Equal("L-004", result.Id);
        var lesson = Assert.IsType<Lesson>(_knowledge.Find("L-004"));
        Assert.Equal(("Pin the JetPack version in the runner image", "2026-11-21"), (lesson.Title, lesson.Learned));
        Assert.Contains("[[lessons]]\nid = \"L-004\"", File.ReadAllText(_store.FilePath), StringComparison.Ordinal);
        Assert.Equal("learned in the runner upgrade", _store.Journal.ReadAll()[^1].Reason);
    }

    [Fact]
    public void Resolve_closes_a_known_issue_with_its_resolution_and_date()
    {
        var result = _knowledge.Resolve("KI-001", "build.yml is dispatched by auto-tag.yml with gh workflow run", "codex", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Written, result.Write.Status);
        var issue = Assert.IsType<KnownIssue>(_knowledge.Find("KI-001"));
        Assert.Equal(("resolved", "2026-11-21", "build.yml is dispatched by auto-tag.yml with gh workflow run"), (issue.Status, issue.Resolved, issue.Resolution));
        Assert.Empty(_store.Read().Diagnostics);
    }

    [Theory]
    [InlineData("KI-404", "resolved", "no known issue has id 'KI-404'; known issue ids: KI-001, KI-002, KI-003")]
    [InlineData("L-001", "resolved", "'L-001' is a lesson, not a known issue; only known issues are resolved")]
    [InlineData("KI-001", "open", "status 'open' does not close an issue; use one of: mitigated, resolved, wont_fix")]
    public void Resolve_refuses_what_it_cannot_do_and_says_why(string id, string status, string expected)
    {
        var result = _knowledge.Resolve(id, "done", "codex", status: status, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Rejected, result.Write.Status);
        Assert.Equal(expected, Assert.Single(result.Write.Problems));
    }

    [Fact]
    public void A_stated_revision_is_honoured_and_a_stale_one_is_a_conflict()
    {
        var stale = _store.Read().Revision;
        _knowledge.Add(new NewKnowledge(KnowledgeKind.Decision, "One"), "a", "r", cancellationToken: TestContext.Current.CancellationToken);

        var result = _knowledge.Add(new NewKnowledge(KnowledgeKind.Decision, "Two"), "b", "r", stale, TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Conflict, result.Write.Status);
        Assert.Equal(["D-001", "D-002", "D-003"], _knowledge.List(new KnowledgeQuery { Kind = KnowledgeKind.Decision }).Select(d => d.Id));
    }

    [Fact]
    public void Adding_a_secret_is_refused_naming_the_field_not_the_value()
    {
        var result = _knowledge.Add(new NewKnowledge(KnowledgeKind.KnownIssue, "Registry login fails") { Details = "use token ghp_Qx7mZ2pL9vR4sT8wY1bN6cD3fG5hJ0kA2eU4" }, "codex", "r", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Rejected, result.Write.Status);
        Assert.Contains("known_issues", result.Write.Problems[0], StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_Qx7m", string.Join("\n", result.Write.Problems), StringComparison.Ordinal);
    }
}
