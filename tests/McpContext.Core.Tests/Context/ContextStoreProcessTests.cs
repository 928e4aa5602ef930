using System.Diagnostics;
using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Core.Tests.Context;

/// <summary>The store shared by real processes: concurrent writers, and writers killed with SIGKILL mid-write.</summary>
public sealed class ContextStoreProcessTests : IDisposable
{
    private static readonly string Writer = Path.Combine(AppContext.BaseDirectory, "McpContext.TestWriter.dll");

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-procs-");

    private string ContextFile => Path.Combine(_dir.FullName, "project-context.toml");

    public void Dispose() => _dir.Delete(recursive: true);

    private static Process StartWriter(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Writer);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the writer");
    }

    [Fact]
    public async Task Four_processes_making_200_revision_checked_edits_each_lose_none()
    {
        File.WriteAllText(ContextFile, "# shared by four writers\nproject = \"concurrency\"\n");
        var writers = Enumerable.Range(0, 4).Select(i => StartWriter("edits", ContextFile, $"p{i}", "200")).ToList();
        var outputs = await Task.WhenAll(writers.Select(async w =>
        {
            var stdout = await w.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = await w.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await w.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (w.ExitCode, stdout, stderr);
        }));

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, o.stderr));
        var model = TomlDocument.Parse(File.ReadAllBytes(ContextFile)).Model;
        for (var p = 0; p < 4; p++)
        {
            var table = (TomlTable)model[$"p{p}"];
            Assert.Equal(200, table.Count);
            Assert.All(Enumerable.Range(0, 200), i => Assert.Equal((long)i, table[$"k{i}"]));
        }

        Assert.StartsWith("# shared by four writers\n", File.ReadAllText(ContextFile), StringComparison.Ordinal);
        Assert.Equal(800, new ContextStore(ContextFile, new ContextStoreOptions { WatchForChanges = false }).Journal.ReadAll().Count);
        foreach (var writer in writers)
        {
            writer.Dispose();
        }
    }

    [Fact]
    public async Task A_writer_killed_at_random_moments_never_leaves_a_torn_file()
    {
        File.WriteAllText(ContextFile, "project = \"kill\"\n");
        var random = new Random(20261121);
        var seen = new HashSet<string>();
        for (var kill = 0; kill < 200; kill++)
        {
            using var writer = StartWriter("churn", ContextFile);
            var writesBeforeKill = random.Next(1, 4);
            for (var n = 0; n < writesBeforeKill; n++)
            {
                var line = await writer.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
                if (line is null || !line.StartsWith("wrote ", StringComparison.Ordinal))
                {
                    // Only on failure: reading stderr to the end waits for the writer to exit.
                    Assert.Fail($"writer said '{line}': {await writer.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
                }
            }

            writer.Kill(); // SIGKILL: no finally blocks, no flushes
            await writer.WaitForExitAsync(TestContext.Current.CancellationToken);

            var document = TomlDocument.Parse(File.ReadAllBytes(ContextFile));
            Assert.False(document.HasErrors, $"kill {kill}: torn file: {string.Join("; ", document.Diagnostics)}");
            var version = (string)document.Model["version"];
            var body = (TomlArray)document.Model["body"];
            Assert.Equal(2000, body.Count);
            Assert.All(body, item => Assert.StartsWith(version + "-", (string)item, StringComparison.Ordinal));
            seen.Add(version);
        }

        Assert.Equal(["a", "b"], seen.Order());
    }
}
