using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>
/// The ledger index (<c>.mcpcontext/ledger-index</c>) spares a start the parsing and checking of files
/// whose bytes it has seen; it is never trusted for a file whose bytes changed, and a damaged index is
/// just rebuilt.
/// </summary>
public sealed class LedgerIndexTests
{
    private const int HeaderLength = 20 + 4 + 32;

    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private static readonly Type[] Recorded =
    [
        typeof(TaskSpec), typeof(TaskFileEntry), typeof(TaskItem), typeof(TaskCriterion), typeof(TaskSection), typeof(LedgerDiagnostic),
        typeof(LedgerEvent), typeof(TaskEvidence), typeof(CommandEvidence), typeof(TaskReview), typeof(ReviewFinding),
    ];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>A task file and a log that between them set every member of every type the index records.</summary>
    private static async Task<LedgerProject> RichAsync()
    {
        var project = await LedgerProject.CreateAsync();
        project.WriteTask("B");
        project.WriteTask("A", """
            ---
            id: A
            title: Everything at once
            depends_on: [B]
            priority: high
            tags: [core, index]
            executor: codex
            reviewer: chatgpt
            owner_team: platform
            ---
            # Everything at once

            ## Objective

            Do A.

            ## Files to Modify

            - `src/A.cs` (new)

            ## Steps

            - [x] Write it.

            ## Completion Criteria

            - `dotnet test` passes

            ## Notes

            Remember the index.

            """);
        var zone = TimeSpan.FromHours(2);
        var time = new DateTimeOffset(2026, 11, 21, 12, 0, 0, zone);
        var commit = new string('c', 40);
        LedgerEvent E(string kind, string? from, string? to) => new() { Task = "A", Seq = 0, Time = time, Actor = "w", Kind = kind, From = from, To = to };
        LedgerEvent[] events =
        [
            E("created", null, null) with { Title = "Everything at once", Sha256 = new string('a', 64), Reason = "made" },
            E("transition", "draft", "ready") with { Commit = commit },
            E("claimed", "ready", "in_progress") with { Owner = "w", LeaseUntil = time.AddMinutes(1) },
            E("claimed", "in_progress", "in_progress") with { Owner = "v", LeaseUntil = time.AddHours(1), TookOverFrom = "w" },
            E("transition", "in_progress", "verifying"),
            E("evidence", "verifying", "verifying") with { Evidence = new TaskEvidence(commit, true, false, [new CommandEvidence("nope", 20, "failed_to_start", null, 3, "", "", 0, "no such program"), new CommandEvidence("dotnet build", 20, "exited", 1, 9_000, "", "error\n", 6)]) },
            E("evidence", "verifying", "verifying") with { Commit = commit, Evidence = new TaskEvidence(commit, false, true, [new CommandEvidence("dotnet test", 20, "exited", 0, 41_000, "Passed!\n", "warn\n", 4_096)]) },
            E("transition", "verifying", "in_review") with { Commit = commit },
            E("review", "in_review", "changes_requested") with
            {
                Commit = commit,
                Reason = "not yet",
                Review = new TaskReview
                {
                    Status = "changes_requested", Summary = "not yet", Commit = commit, Reviewer = "chatgpt", MissingTests = ["the empty input"], RecommendedActions = ["add a test"],
                    Findings = [new ReviewFinding("off by one", "major", "src/A.cs", 12)],
                },
            },
        ];
        var log = new StringBuilder();
        LedgerEvent? last = null;
        foreach (var entry in events)
        {
            var (line, written) = LedgerLog.Format(entry, last);
            log.Append(line);
            last = written;
        }

        project.Git.Write("tasks/.ledger/A.jsonl", log.ToString());
        return project;
    }

    private static string IndexPath(LedgerProject project) => Path.Combine(project.Root, ".mcpcontext", "ledger-index");

    /// <summary>A new ledger's first read, as a new process would see it.</summary>
    private static string Fresh(LedgerProject project)
    {
        using var ledger = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false });
        return Describe(ledger.Read());
    }

    /// <summary>Everything a read establishes, members the JSON of the types leaves out included.</summary>
    private static string Describe(LedgerSnapshot snapshot) => JsonSerializer.Serialize(
        new
        {
            Tasks = snapshot.Tasks.Select(t => new
            {
                t.Spec,
                t.State,
                t.Progress.Claim,
                t.Progress.StateReason,
                t.Progress.OpenActions,
                t.Progress.Problem,
                t.Progress.ProblemLine,
                Events = t.Progress.Events.Select(e => new { Event = e, e.Hash, e.Line }),
                t.Diagnostics,
            }),
            snapshot.LedgerDiagnostics,
        },
        Json);

    [Fact]
    public async Task A_restart_reads_from_the_index_exactly_what_parsing_and_checking_the_files_gives()
    {
        using var project = await RichAsync();
        Assert.False(File.Exists(IndexPath(project)));
        var parsed = Fresh(project);
        Assert.True(File.Exists(IndexPath(project)));

        var indexed = Fresh(project);

        Assert.Equal(parsed, indexed);
        using var ledger = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false });
        var task = ledger.Read().Find("A")!;
        Assert.True(task.IsTrusted, task.Progress.Problem);
        Assert.Equal(TaskState.ChangesRequested, task.State);
        var unset = Unset([task.Spec, .. task.Progress.Events]);
        Assert.True(unset.Count == 0, $"the sample leaves these members unset, so the index round trip does not cover them: {string.Join(", ", unset)}");
    }

    [Fact]
    public async Task An_index_entry_is_used_for_a_file_with_the_same_bytes_and_never_for_one_whose_bytes_changed()
    {
        using var project = await RichAsync();
        Fresh(project);

        // Doctor the index (and its own hash), as only someone with write access to .mcpcontext/ could.
        Patch(IndexPath(project), "Do A.", "Do Z.");
        Assert.Contains("\"Objective\": \"Do Z.\"", Fresh(project), StringComparison.Ordinal);

        var file = Path.Combine(project.Root, "tasks", "A.md");
        var written = File.GetLastWriteTimeUtc(file);
        File.WriteAllText(file, File.ReadAllText(file).Replace("Do A.", "Do Y.", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(file, written);

        Assert.Contains("\"Objective\": \"Do Y.\"", Fresh(project), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_edited_with_its_size_and_time_restored_is_detected_after_a_restart()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.InProgress);
        Assert.DoesNotContain("cannot be trusted", Fresh(project), StringComparison.Ordinal);
        Assert.True(File.Exists(IndexPath(project)));

        var log = Path.Combine(project.Root, "tasks", ".ledger", "A.jsonl");
        var (length, written) = (new FileInfo(log).Length, File.GetLastWriteTimeUtc(log));
        File.WriteAllText(log, File.ReadAllText(log).Replace("\"owner\":\"w\"", "\"owner\":\"m\"", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(log, written);
        Assert.Equal((length, written), (new FileInfo(log).Length, File.GetLastWriteTimeUtc(log)));

        using var restarted = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false });
        var task = restarted.Read().Find("A")!;

        Assert.False(task.IsTrusted);
        Assert.Equal("line 2 was changed after it was written: its hash does not match its content", task.Progress.Problem);
    }

    public static TheoryData<string> Damage => ["missing", "empty", "truncated", "one byte flipped", "not an index", "another version", "entry bytes changed without the hash"];

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_or_foreign_index_is_ignored_and_rebuilt(string damage)
    {
        using var project = await RichAsync();
        var expected = Fresh(project);
        var path = IndexPath(project);
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "missing":
                File.Delete(path);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "truncated":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "one byte flipped":
                bytes[bytes.Length / 2] ^= 0x20;
                File.WriteAllBytes(path, bytes);
                break;
            case "not an index":
                File.WriteAllText(path, "{\"tasks\": []}\n");
                break;
            case "another version":
                bytes[20] ^= 0x7F;
                File.WriteAllBytes(path, bytes);
                break;
            default:
                var at = bytes.AsSpan().IndexOf("Do A."u8);
                bytes[at + 3] = (byte)'Z';
                File.WriteAllBytes(path, bytes);
                break;
        }

        Assert.Equal(expected, Fresh(project));

        // Rebuilt whole: a doctored copy of the new index is read, so the new one is valid.
        Patch(path, "Do A.", "Do Z.");
        Assert.Contains("\"Objective\": \"Do Z.\"", Fresh(project), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Processes_loading_and_writing_at_once_leave_an_index_that_agrees_with_the_files()
    {
        using var project = await LedgerProject.CreateAsync();
        for (var i = 0; i < 12; i++)
        {
            project.WriteTask($"T{i}");
        }

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(
            () =>
            {
                for (var round = 0; round < 5; round++)
                {
                    using var ledger = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false });
                    Assert.Equal(12, ledger.Read().Tasks.Count);
                }
            },
            Cancel));
        var writer = Task.Run(
            async () =>
            {
                for (var i = 0; i < 12; i++)
                {
                    var result = await project.Ledger.TransitionAsync($"T{i}", TaskState.Ready, "w", cancellationToken: Cancel);
                    Assert.True(result.Succeeded, result.Error);
                }
            },
            Cancel);
        await Task.WhenAll([.. readers, writer]);

        var indexed = Fresh(project);
        File.Delete(IndexPath(project));
        Assert.Equal(Fresh(project), indexed);
        Assert.Equal(12, Regex.Count(indexed, "\"State\": \"Ready\""));
    }

    /// <summary>Replaces text in an index and re-signs it with its own hash.</summary>
    private static void Patch(string path, string from, string to)
    {
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan(HeaderLength).IndexOf(Encoding.UTF8.GetBytes(from)) + HeaderLength;
        Assert.True(at >= HeaderLength, $"'{from}' is not in the index");
        Encoding.UTF8.GetBytes(to).CopyTo(bytes, at);
        SHA256.HashData(bytes.AsSpan(HeaderLength), bytes.AsSpan(HeaderLength - 32, 32));
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The settable members of the recorded types that no object reachable from <paramref name="roots"/> sets.</summary>
    private static List<string> Unset(IEnumerable<object> roots)
    {
        var set = new HashSet<string>();
        void Walk(object? value)
        {
            if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is DateTimeOffset)
            {
                return;
            }

            if (value is IEnumerable items)
            {
                foreach (var item in items)
                {
                    Walk(item);
                }

                return;
            }

            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var member = property.GetValue(value);
                if (member is not (null or false or 0 or LedgerSeverity.Error) && member is not ICollection { Count: 0 })
                {
                    set.Add($"{value.GetType().Name}.{property.Name}");
                }

                Walk(member);
            }
        }

        foreach (var root in roots)
        {
            Walk(root);
        }

        return [.. Recorded.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => $"{t.Name}.{p.Name}")).Where(m => !set.Contains(m))];
    }
}
