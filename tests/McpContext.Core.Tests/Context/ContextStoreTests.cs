using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Core.Tests.Context;

public sealed class ContextStoreTests : IDisposable
{
    private const string Initial = "# Edge platform\nproject = \"edge\"\n\n[services]\nblue = 3001 # blue slot\ngreen = 3002\n";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-store-");

    private string File(string name = "project-context.toml") => Path.Combine(_dir.FullName, name);

    private ContextStore Open(string content = Initial, ContextStoreOptions? options = null)
    {
        System.IO.File.WriteAllText(File(), content);
        return new ContextStore(File(), options ?? new ContextStoreOptions { WatchForChanges = false });
    }

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Read_returns_the_value_and_a_revision_that_is_a_hash_of_the_bytes()
    {
        using var store = Open();
        var snapshot = store.Read();
        Assert.Equal("edge", snapshot.Model["project"]);
        Assert.Equal(ContextStore.Hash(System.IO.File.ReadAllBytes(File())), snapshot.Revision);
        Assert.Equal(16, snapshot.Revision.Length);
        Assert.Same(snapshot, store.Read());
    }

    [Fact]
    public void Update_writes_through_the_syntax_tree_so_comments_survive_and_journals_the_change()
    {
        using var store = Open();
        var before = store.Read();
        var result = store.Update(before.Revision, [ContextOperation.Set("services.blue", 3003L), ContextOperation.Append("current_focus", "rollback")], "codex", "move blue", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Written, result.Status);
        Assert.Equal(
            "# Edge platform\nproject = \"edge\"\ncurrent_focus = [\"rollback\"]\n\n[services]\nblue = 3003 # blue slot\ngreen = 3002\n",
            System.IO.File.ReadAllText(File()));
        Assert.Equal(ContextStore.Hash(System.IO.File.ReadAllBytes(File())), result.Snapshot!.Revision);

        var entry = Assert.Single(store.Journal.ReadAll());
        Assert.Equal(("codex", "move blue", before.Revision, result.Snapshot.Revision), (entry.Actor, entry.Reason, entry.OldRevision, entry.NewRevision));
        Assert.Equal(["set services.blue = 3003", "append current_focus = \"rollback\""], entry.Operations);
    }

    [Fact]
    public void The_journal_can_be_queried_by_path_actor_and_time_newest_first()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var store = Open(options: new ContextStoreOptions { WatchForChanges = false, Time = clock });
        var ct = TestContext.Current.CancellationToken;
        store.Update(store.Read().Revision, [ContextOperation.Set("services.blue", 3003L)], "codex", "one", ct);
        clock.Now = clock.Now.AddHours(1);
        store.Update(store.Read().Revision, [ContextOperation.Set("project", "edge-core")], "chatgpt", "two", ct);
        clock.Now = clock.Now.AddHours(1);
        store.Update(store.Read().Revision, [ContextOperation.Set("services.green", 3004L)], "codex", "three", ct);

        Assert.Equal(["three", "one"], store.Journal.Query(new ContextJournalQuery { Path = "services" }).Select(e => e.Reason));
        Assert.Equal(["one"], store.Journal.Query(new ContextJournalQuery { Path = "services.blue" }).Select(e => e.Reason));
        Assert.Equal(["two"], store.Journal.Query(new ContextJournalQuery { Actor = "ChatGPT" }).Select(e => e.Reason));
        Assert.Equal(["three", "two"], store.Journal.Query(new ContextJournalQuery { Since = clock.Now.AddHours(-1) }).Select(e => e.Reason));
        Assert.Equal(["three"], store.Journal.Query(new ContextJournalQuery { Limit = 1 }).Select(e => e.Reason));
        Assert.Empty(store.Journal.Query(new ContextJournalQuery { Path = "services..x" }));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_stale_revision_is_a_conflict_carrying_the_current_revision_and_value_and_nothing_is_written()
    {
        using var store = Open();
        var stale = store.Read().Revision;
        var first = store.Update(stale, [ContextOperation.Set("services.green", 4002L)], "a", "first", TestContext.Current.CancellationToken);
        var text = System.IO.File.ReadAllText(File());

        var second = store.Update(stale, [ContextOperation.Set("services.green", 5002L)], "b", "second", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Conflict, second.Status);
        Assert.Equal(first.Snapshot!.Revision, second.Snapshot!.Revision);
        Assert.Equal(4002L, ((TomlTable)second.Snapshot.Model["services"])["green"]);
        Assert.Equal($"the context changed since revision {stale}: it is now at revision {first.Snapshot.Revision}; re-read it and apply the change again", Assert.Single(second.Problems));
        Assert.Equal(text, System.IO.File.ReadAllText(File()));
        Assert.Single(store.Journal.ReadAll());
    }

    [Fact]
    public void Two_stores_on_one_file_racing_from_the_same_revision_let_exactly_one_win()
    {
        using var a = Open();
        using var b = new ContextStore(File(), new ContextStoreOptions { WatchForChanges = false });
        var revision = a.Read().Revision;
        using var start = new Barrier(2);
        var results = new ContextWriteResult[2];
        Parallel.Invoke(
            () => { start.SignalAndWait(TestContext.Current.CancellationToken); results[0] = a.Update(revision, [ContextOperation.Set("services.blue", 1L)], "a", "race", TestContext.Current.CancellationToken); },
            () => { start.SignalAndWait(TestContext.Current.CancellationToken); results[1] = b.Update(revision, [ContextOperation.Set("services.blue", 2L)], "b", "race", TestContext.Current.CancellationToken); });

        Assert.Single(results, r => r.Status == ContextWriteStatus.Written);
        Assert.Single(results, r => r.Status == ContextWriteStatus.Conflict);
        Assert.Single(a.Journal.ReadAll());
    }

    [Fact]
    public void A_refused_operation_refuses_the_whole_write()
    {
        using var store = Open();
        var revision = store.Read().Revision;
        var result = store.Update(revision, [ContextOperation.Set("project", "renamed"), ContextOperation.Append("project", "x")], "a", "bad", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Rejected, result.Status);
        Assert.Equal("append project: 'project' is a string, not an array; append needs an array; nothing was written", Assert.Single(result.Problems));
        Assert.Equal(Initial, System.IO.File.ReadAllText(File()));
        Assert.Empty(store.Journal.ReadAll());
    }

    [Fact]
    public void Extra_validation_problems_refuse_the_write()
    {
        using var store = Open(options: new ContextStoreOptions
        {
            WatchForChanges = false,
            Validate = model => model.ContainsKey("owner") ? [] : ["owner: every context names an owning team"],
        });
        var result = store.Update(store.Read().Revision, [ContextOperation.Set("project", "renamed")], "a", "no owner", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Rejected, result.Status);
        Assert.Equal(["owner: every context names an owning team"], result.Problems);
        Assert.Equal(Initial, System.IO.File.ReadAllText(File()));
    }

    [Fact]
    public void A_hand_edit_is_picked_up_without_a_restart()
    {
        using var store = Open();
        var before = store.Read();
        System.IO.File.WriteAllText(File(), Initial.Replace("3002", "3012", StringComparison.Ordinal));
        var after = store.Read();
        Assert.NotEqual(before.Revision, after.Revision);
        Assert.Equal(3012L, ((TomlTable)after.Model["services"])["green"]);
    }

    [Fact]
    public void A_broken_file_keeps_the_last_good_snapshot_with_the_diagnostics_and_refuses_writes()
    {
        using var store = Open();
        var good = store.Read();
        System.IO.File.WriteAllText(File(), Initial + "blue = 1\n");

        var served = store.Read();
        Assert.True(served.IsLastGood);
        Assert.Equal(good.Revision, served.Revision);
        Assert.Equal("edge", served.Model["project"]);
        Assert.Equal("7:1: duplicate key 'services.blue' first defined at 5:1", Assert.Single(served.Diagnostics).ToString());

        var write = store.Update(served.Revision, [ContextOperation.Set("project", "x")], "a", "while broken", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Rejected, write.Status);
        Assert.Equal("the context file on disk is not valid, fix it first: project-context.toml:7:1: duplicate key 'services.blue' first defined at 5:1", Assert.Single(write.Problems));
    }

    [Fact]
    public void A_blank_moment_from_a_truncating_editor_does_not_replace_the_last_good_version()
    {
        using var store = Open();
        var good = store.Read();
        System.IO.File.WriteAllText(File(), "");
        Assert.Empty(store.Read().Model);

        System.IO.File.WriteAllText(File(), Initial + "blue = 1\n");

        var served = store.Read();
        Assert.True(served.IsLastGood);
        Assert.Equal((good.Revision, "edge"), (served.Revision, served.Model["project"]));
    }

    [Fact]
    public void The_first_write_creates_a_missing_file()
    {
        using var store = new ContextStore(File(), new ContextStoreOptions { WatchForChanges = false });
        var empty = store.Read();
        Assert.Empty(empty.Model);
        var result = store.Update(empty.Revision, [ContextOperation.Set("project", "new")], "init", "create", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Written, result.Status);
        Assert.Equal("project = \"new\"\n", System.IO.File.ReadAllText(File()));
    }

    [Fact]
    public async Task Subscribers_hear_about_changes_made_by_anyone()
    {
        using var store = Open(options: new ContextStoreOptions());
        var first = store.Read();
        var heard = new TaskCompletionSource<ContextSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += (_, snapshot) => heard.TrySetResult(snapshot);

        // Another process (here: a second store) writes; the watcher must notice.
        using (var other = new ContextStore(File(), new ContextStoreOptions { WatchForChanges = false }))
        {
            Assert.Equal(ContextWriteStatus.Written, other.Update(first.Revision, [ContextOperation.Set("project", "moved")], "other", "x", TestContext.Current.CancellationToken).Status);
        }

        var snapshot = await heard.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal("moved", snapshot.Model["project"]);
    }

    [Fact]
    public void The_journal_cuts_very_long_values_and_says_so()
    {
        using var store = Open();
        var big = new string('x', 10_000);
        Assert.Equal(ContextWriteStatus.Written, store.Update(store.Read().Revision, [ContextOperation.Set("notes", big)], "a", "big", TestContext.Current.CancellationToken).Status);
        var operation = Assert.Single(Assert.Single(store.Journal.ReadAll()).Operations);
        Assert.Equal(ContextJournal.MaxOperationLength + "… (cut, 10014 characters in all)".Length, operation.Length);
        Assert.EndsWith("… (cut, 10014 characters in all)", operation, StringComparison.Ordinal);
        Assert.StartsWith("set notes = \"xxx", operation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_holding_a_secret_is_refused_naming_path_and_kind_but_never_the_value()
    {
        using var store = Open();
        var token = "ghp_" + "Zq3vX8mR2kL9pW4tY7nB5cD1fG6hJ0sA2eUi";
        var result = store.Update(store.Read().Revision, [ContextOperation.Set("ci.notes", $"runner token is {token}")], "codex", "oops", TestContext.Current.CancellationToken);

        Assert.Equal(ContextWriteStatus.Rejected, result.Status);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("ci.notes holds what looks like a GitHub token; secrets do not belong in the project context (store it in a secret manager and reference it by name); nothing was written", problem);
        Assert.DoesNotContain(token[4..12], problem, StringComparison.Ordinal);
        Assert.Equal(Initial, System.IO.File.ReadAllText(File()));
        Assert.Empty(store.Journal.ReadAll());
    }

    [Fact]
    public void A_secret_typed_into_the_file_by_hand_is_served_redacted_with_its_position()
    {
        var token = "ghp_" + "Zq3vX8mR2kL9pW4tY7nB5cD1fG6hJ0sA2eUi";
        using var store = Open(Initial + $"\n[ci]\nnotes = \"token {token}\"\n");
        var snapshot = store.Read();

        Assert.Equal("[redacted: GitHub token]", ((TomlTable)snapshot.Model["ci"])["notes"]);
        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal("9:9: ci.notes holds what looks like a GitHub token; secrets do not belong in the project context (store it in a secret manager and reference it by name); it is redacted in what is served", diagnostic.ToString());
        Assert.False(snapshot.IsLastGood);
    }
}
