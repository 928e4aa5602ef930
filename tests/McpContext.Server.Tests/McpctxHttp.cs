using System.Diagnostics;
using System.Text;

namespace McpContext.Server.Tests;

/// <summary>The built <c>mcpctx serve --http</c> as a child process: started, read for its endpoints, stopped with SIGTERM.</summary>
internal sealed class McpctxHttp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly Task _reading;

    private McpctxHttp(Process process, IReadOnlyList<Uri> endpoints, StringBuilder stderr)
    {
        _process = process;
        Endpoints = endpoints;
        _stderr = stderr;
        _reading = ReadRestAsync(process, stderr);
    }

    /// <summary>The endpoints the server printed ("listening on ...").</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    public Uri Endpoint => Endpoints[0];

    /// <summary>Starts <c>mcpctx serve --http</c> with <paramref name="arguments"/> and waits for its endpoints.</summary>
    public static async Task<McpctxHttp> StartAsync(IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string?>? environment = null, int expectedEndpoints = 1)
    {
        var start = new ProcessStartInfo(Mcpctx.AppHost) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Path.GetTempPath() };
        start.Environment.Clear();
        foreach (var (name, value) in Mcpctx.MinimalEnvironment().Concat(environment ?? new Dictionary<string, string?>()))
        {
            start.Environment[name] = value;
        }

        foreach (var argument in new[] { "serve", "--http" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var endpoints = new List<Uri>();
        var stderr = new StringBuilder();
        var cancel = TestContext.Current.CancellationToken;
        while (endpoints.Count < expectedEndpoints && await process.StandardError.ReadLineAsync(cancel) is { } line)
        {
            stderr.AppendLine(line);
            if (line.StartsWith("mcpctx serve: listening on ", StringComparison.Ordinal))
            {
                endpoints.Add(new Uri(line["mcpctx serve: listening on ".Length..].Split(' ')[0]));
            }
        }

        Assert.True(endpoints.Count == expectedEndpoints, $"mcpctx serve --http did not start: {stderr}");
        return new McpctxHttp(process, endpoints, stderr);
    }

    private static async Task ReadRestAsync(Process process, StringBuilder stderr)
    {
        var rest = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        lock (stderr)
        {
            stderr.Append(rest);
        }
    }

    /// <summary>Sends SIGTERM (as a service manager or Ctrl+C would) and returns the exit code and everything written to stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await _reading;
        lock (_stderr)
        {
            return (_process.ExitCode, _stderr.ToString());
        }
    }

    /// <summary>Runs <c>mcpctx serve</c> with <paramref name="arguments"/> to its exit (for refusals).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Mcpctx.AppHost) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in new[] { "serve" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }
}
