using System.Diagnostics;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>Claims raced by real, separate processes sharing one ledger on disk.</summary>
public sealed class LedgerProcessTests
{
    private static readonly string Writer = Path.Combine(AppContext.BaseDirectory, "McpContext.TestWriter.dll");

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Writer);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the test writer");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> FinishAsync(Process process)
    {
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Six_processes_claiming_one_task_at_the_same_moment_give_it_to_exactly_one()
    {
        using var project = await LedgerProject.CreateAsync();
        project.WriteTask("A");
        await project.DriveToAsync("A", TaskState.Ready);
        var claimers = Enumerable.Range(1, 6).Select(i => Start("claim", project.Root, "A", $"worker-{i}")).ToList();

        // Every process has its ledger open and waits; "go" releases them together.
        foreach (var claimer in claimers)
        {
            await claimer.StandardInput.WriteLineAsync("go");
            claimer.StandardInput.Close();
        }

        var results = await Task.WhenAll(claimers.Select(FinishAsync));

        Assert.All(results, r => Assert.True(r.Exit == 0, r.Stderr));
        var winners = results.Select((r, i) => (r.Stdout.Trim(), Owner: $"worker-{i + 1}")).Where(r => r.Item1 == "claimed").ToList();
        var winner = Assert.Single(winners).Owner;
        Assert.All(results.Select(r => r.Stdout.Trim()).Where(s => s != "claimed"), s =>
            Assert.Matches($"^refused: A is already claimed by {winner} until .* left\\); a second claimer is refused while the lease lives$", s));
        var task = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false }).Find("A")!;
        Assert.True(task.IsTrusted, task.Progress.Problem);
        Assert.Equal(["transition", "claimed"], task.Progress.Events.Select(e => e.Kind));
        Assert.Equal(winner, task.Progress.Claim!.Owner);
        foreach (var claimer in claimers)
        {
            claimer.Dispose();
        }
    }

    [Fact]
    public async Task Four_processes_working_through_thirty_tasks_claim_each_exactly_once()
    {
        using var project = await LedgerProject.CreateAsync();
        var ids = Enumerable.Range(1, 30).Select(i => $"T{i:D2}").ToList();
        foreach (var id in ids)
        {
            project.WriteTask(id);
            await project.DriveToAsync(id, TaskState.Ready);
        }

        var workers = Enumerable.Range(1, 4).Select(i => Start("claim-next", project.Root, $"worker-{i}")).ToList();
        var results = await Task.WhenAll(workers.Select(FinishAsync));

        Assert.All(results, r => Assert.True(r.Exit == 0, r.Stderr));
        var claimed = results.SelectMany(r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => l["claimed ".Length..]).ToList();
        Assert.Equal(ids, claimed.Order(StringComparer.Ordinal));
        var snapshot = new TaskLedger(project.Root, new LedgerOptions { WatchForChanges = false }).Read();
        Assert.All(snapshot.Tasks, t =>
        {
            Assert.True(t.IsTrusted, t.Progress.Problem);
            Assert.Equal(TaskState.InProgress, t.State);
            Assert.Single(t.Progress.Events, e => e.Kind == "claimed");
        });
        foreach (var worker in workers)
        {
            worker.Dispose();
        }
    }
}
