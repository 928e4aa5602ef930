using System.Diagnostics;

namespace McpContext.Cli.Tests;

/// <summary>Runs the built <c>mcpctx</c> as a real child process.</summary>
internal static class Mcpctx
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "mcpctx.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(byte[]? stdin, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start mcpctx");
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cancel);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancel);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
