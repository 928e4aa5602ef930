using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using McpContext.Core.Ledger;
using McpContext.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpContext.Bench;

/// <summary>
/// The task ledger at scale: generates a ledger of N tasks (with dependencies) and M hash-chained events
/// in a temp directory, then times a cold load without and with the ledger index, task_next and task_list (Core calls, and the MCP tools
/// through the SDK client over in-memory pipes), and a read right after one task changed. Prints
/// percentiles from Stopwatch timings; not a BenchmarkDotNet job because p99 over many calls is the figure asked for.
/// usage: McpContext.Bench ledger [TASKS] [EVENTS_PER_TASK] [CALLS]
/// </summary>
public static class LedgerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var tasks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var perTask = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var calls = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000;
        var root = Directory.CreateTempSubdirectory("mcpctx-ledger-bench-").FullName;
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the start");
            var clock = Stopwatch.StartNew();
            var events = Generate(root, tasks, perTask);
            var bytes = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ledger: {tasks:N0} tasks, {events:N0} events, {bytes / 1e6:0.0} MB on disk (generated in {clock.Elapsed.TotalSeconds:0.0} s)"));

            // Without the index (deleted before each run): every file parsed, every hash checked, the index written.
            // With it: what a restart does, reading and hashing every file and parsing none.
            var index = Path.Combine(root, ".mcpcontext", "ledger-index");
            if (!TimeLoads(root, tasks, index, withIndex: false, "load without the index (every file parsed, every line checked, index written)") ||
                !TimeLoads(root, tasks, index, withIndex: true, "load with the index (every file read and hashed, none parsed)"))
            {
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index: {new FileInfo(index).Length / 1e6:0.0} MB"));

            using var ledger = new TaskLedger(root);
            ledger.Read();
            var next = ledger.Next();
            Console.WriteLine($"task_next picks {next.Task?.Id} and explains {next.Others.Count:N0} others");
            Report("core  task_next  (TaskLedger.Next)", Time(calls, () => ledger.Next()));
            Report("core  task_list  (Read + filter + page of 100)", Time(calls, () => ledger.Read().Tasks.Where(t => t.State == TaskState.Ready).Take(100).ToList()));
            using (var unwatched = new TaskLedger(root, new LedgerOptions { WatchForChanges = false }))
            {
                unwatched.Read();
                var touched = 0;
                Report("core  task_next after one task file changed (every file re-stat'ed, that one re-parsed)", Time(20, () =>
                {
                    File.SetLastWriteTimeUtc(Path.Combine(root, "tasks", $"T-{touched % tasks:D5}.md"), DateTime.UtcNow.AddSeconds(++touched));
                    return unwatched.Next();
                }));
            }

            await ToolsAsync(root, calls).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool TimeLoads(string root, int tasks, string index, bool withIndex, string what)
    {
        var loads = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            if (!withIndex && File.Exists(index))
            {
                File.Delete(index);
            }

            using var cold = new TaskLedger(root, new LedgerOptions { WatchForChanges = false });
            var used = Process.GetCurrentProcess().TotalProcessorTime;
            var load = Stopwatch.StartNew();
            var snapshot = cold.Read();
            loads.Add(load.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - used).TotalMilliseconds);
            if (snapshot.Tasks.Count != tasks || snapshot.Tasks.Any(t => !t.IsTrusted) || !File.Exists(index))
            {
                Console.Error.WriteLine("the generated ledger did not load intact");
                return false;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: first {loads[0]:0} ms, then median {Median(loads.Skip(1)):0} ms, max {loads.Skip(1).Max():0} ms; CPU time median {Median(cpu.Skip(1)):0} ms on {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return true;
    }

    private static async Task ToolsAsync(string root, int calls)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        using var host = ContextServer.Build(new ServerSettings { Root = root, Toolsets = ["tasks"] }, mcp => mcp.WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream()));
        await host.StartAsync().ConfigureAwait(false);
        await using var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream())).ConfigureAwait(false);
        await client.CallToolAsync("task_next").ConfigureAwait(false);
        Report("tool  task_next  (MCP round trip, in-memory pipes)", await TimeAsync(calls, () => client.CallToolAsync("task_next").AsTask()).ConfigureAwait(false));
        Report("tool  task_list  (MCP round trip, first page of 100)", await TimeAsync(calls, () => client.CallToolAsync("task_list").AsTask()).ConfigureAwait(false));
        Report("tool  task_list status=ready (MCP round trip)", await TimeAsync(calls, () => client.CallToolAsync("task_list", new Dictionary<string, object?> { ["status"] = "ready" }).AsTask()).ConfigureAwait(false));
        await toServer.Writer.CompleteAsync().ConfigureAwait(false);
        await host.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the ledger: task i depends on two earlier tasks, and its log tells one of four ten-event
    /// stories (done, blocked and ready again, claimed and renewing, sent back by a reviewer).
    /// </summary>
    private static long Generate(string root, int tasks, int perTask)
    {
        var random = new Random(20261121);
        var tasksDir = Directory.CreateDirectory(Path.Combine(root, "tasks")).FullName;
        var logDir = Directory.CreateDirectory(Path.Combine(tasksDir, ".ledger")).FullName;
        var time = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        long written = 0;
        for (var i = 0; i < tasks; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"T-{i:D5}");
            var deps = i < 10 ? "" : $"depends_on: [T-{random.Next(0, i):D5}, T-{random.Next(0, i):D5}]\n";
            File.WriteAllText(Path.Combine(tasksDir, id + ".md"),
                $"---\nid: {id}\n{deps}priority: {(i % 5 == 0 ? "high" : "medium")}\ntags: [bench, area-{i % 17}]\n---\n# Task {i}: change module {i % 97}\n\n" +
                $"## Objective\n\nMake module {i % 97} do the thing the spec says, without touching the others.\n\n" +
                $"## Files to Modify\n\n- `src/module{i % 97}/Thing{i}.cs`\n- `tests/module{i % 97}/Thing{i}Tests.cs` (new)\n\n" +
                "## Steps\n\n1. Write the failing test.\n2. Make it pass.\n3. Refactor.\n\n## Completion Criteria\n\n- `dotnet test` passes\n- The reviewer agrees the module boundaries held.\n");

            var log = new System.Text.StringBuilder();
            LedgerEvent? last = null;
            void Add(LedgerEvent entry)
            {
                time = time.AddSeconds(7);
                var (line, chained) = LedgerLog.Format(entry with { Time = time }, last);
                log.Append(line);
                last = chained;
                written++;
            }

            LedgerEvent E(string kindName, string from, string to) => new() { Task = id, Seq = 0, Time = time, Actor = "codex", Kind = kindName, From = from, To = to };
            LedgerEvent Claim(string state) => E(LedgerEventKinds.Claimed, state, state == "ready" ? "in_progress" : state) with { Owner = "worker-" + (i % 8), LeaseUntil = i % 8 < 4 ? time.AddYears(10) : time.AddMinutes(30) };
            LedgerEvent Evidence(string state, bool passed) => E(LedgerEventKinds.Evidence, state, state) with
            {
                Commit = commit,
                Evidence = new TaskEvidence(commit, false, passed, [new CommandEvidence("dotnet test", 20, "exited", passed ? 0 : 1, 41_000, passed ? "Passed!  - Failed: 0, Passed: 812\n" : "Failed!  - Failed: 1, Passed: 811\n", "", 4_096)]),
            };

            // Four life stories of ten events each: done after one failed check; blocked then ready again;
            // claimed and renewing; sent back by a reviewer and claimed again.
            LedgerEvent[] story = (i % 4) switch
            {
                0 => [E("created", "draft", "draft") with { From = null, To = null, Title = $"Task {i}" }, E("transition", "draft", "ready"), Claim("ready"), Claim("in_progress"), Claim("in_progress"), E("transition", "in_progress", "verifying"), Evidence("verifying", false),
                      Evidence("verifying", true), E("transition", "verifying", "in_review") with { Commit = commit }, E("review", "in_review", "done") with { Commit = commit, Reason = "fine", Review = new TaskReview { Status = "approved", Summary = "fine", Commit = commit } }],
                1 => [E("transition", "draft", "ready"), Claim("ready"), Claim("in_progress"), Claim("in_progress"), E("transition", "in_progress", "verifying"), Evidence("verifying", false), E("transition", "verifying", "blocked") with { Reason = "waiting for the database team" },
                      E("transition", "blocked", "ready"), E("transition", "ready", "blocked") with { Reason = "again" }, E("transition", "blocked", "ready")],
                2 => [E("transition", "draft", "ready"), Claim("ready"), .. Enumerable.Range(0, 8).Select(_ => Claim("in_progress"))],
                _ => [E("transition", "draft", "ready"), Claim("ready"), E("transition", "in_progress", "verifying"), Evidence("verifying", true), E("transition", "verifying", "in_review") with { Commit = commit },
                      E("review", "in_review", "changes_requested") with { Commit = commit, Reason = "not yet", Review = new TaskReview { Status = "changes_requested", Summary = "not yet", Commit = commit, RecommendedActions = ["add a test for the empty input"] } },
                      E("transition", "changes_requested", "ready"), Claim("ready"), Claim("in_progress"), Claim("in_progress")],
            };
            foreach (var entry in story.Take(perTask))
            {
                Add(entry);
            }

            File.WriteAllText(Path.Combine(logDir, id + ".jsonl"), log.ToString());
        }

        return written;
    }

    private static List<double> Time<T>(int count, Func<T> call)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(call());
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return samples;
    }

    private static async Task<List<double>> TimeAsync(int count, Func<Task<CallToolResult>> call)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await call().ConfigureAwait(false);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            if (result.IsError == true)
            {
                throw new InvalidOperationException("a tool call failed during the benchmark");
            }
        }

        return samples;
    }

    private static void Report(string what, List<double> samples)
    {
        samples.Sort();
        double At(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: n={samples.Count}, p50 {At(0.50):0.00} ms, p99 {At(0.99):0.00} ms, max {samples[^1]:0.00} ms"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
