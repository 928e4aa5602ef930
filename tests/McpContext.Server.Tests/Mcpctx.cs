using ModelContextProtocol.Client;

namespace McpContext.Server.Tests;

/// <summary>The built <c>mcpctx</c> apphost beside the tests, started the way MCP clients start it.</summary>
internal static class Mcpctx
{
    public static readonly string Directory = AppContext.BaseDirectory;

    public static readonly string AppHost = Path.Combine(Directory, OperatingSystem.IsWindows() ? "mcpctx.exe" : "mcpctx");

    /// <summary>
    /// The environment Codex gives a stdio server: HOME and PATH, nothing else (no DOTNET_ROOT), with the
    /// built mcpctx first on PATH.
    /// </summary>
    public static Dictionary<string, string?> MinimalEnvironment() => new()
    {
        ["HOME"] = Environment.GetEnvironmentVariable("HOME"),
        ["PATH"] = Directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
    };

    /// <summary>Starts <paramref name="command"/> (resolved on the minimal PATH) over stdio and connects the SDK's client to it.</summary>
    public static async Task<McpClient> ConnectAsync(string command, IEnumerable<string> arguments, string workingDirectory)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = Resolve(command),
            Arguments = [.. arguments],
            WorkingDirectory = workingDirectory,
            InheritEnvironmentVariables = false,
            EnvironmentVariables = MinimalEnvironment(),
            Name = "mcpctx",
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-06-18" }, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static string Resolve(string command) =>
        Path.IsPathRooted(command) ? command
        : MinimalEnvironment()["PATH"]!.Split(Path.PathSeparator).Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists)
          ?? throw new FileNotFoundException($"'{command}' is not on PATH");
}
