using System.CommandLine;
using McpContext.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx serve</c>: the MCP server over stdio, for Codex and IDE agents. stdout carries only protocol
/// messages; every log line and error goes to stderr.
/// </summary>
internal static class ServeCommand
{
    private static readonly string[] Levels = ["trace", "debug", "information", "warning", "error", "critical", "none"];

    public static Command Create(TextWriter stderr)
    {
        var root = new Option<string>("--root")
        {
            Description = "The project directory (or its context file). Default: the client's first file:// root, else the nearest directory at or above the working directory holding a project-context file, else the git root, else the working directory.",
        };
        var logLevel = new Option<string>("--log-level")
        {
            Description = "The least severe log level written to stderr.",
            DefaultValueFactory = _ => "warning",
        };
        logLevel.AcceptOnlyFromAmong(Levels);
        var toolsets = new Option<string>("--toolsets")
        {
            Description = $"Comma-separated toolsets to offer: {string.Join("; ", Toolsets.All.Select(t => $"{t.Name} = {t.Description}"))}. Default: {string.Join(",", Toolsets.Defaults)}.",
        };
        var readOnly = new Option<bool>("--read-only") { Description = "Offer no tool that writes (context_update and the like are absent)." };

        var command = new Command("serve", "Run the MCP server over stdio (for Codex, VS Code, Claude Code, Cursor).") { root, logLevel, toolsets, readOnly };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(root), result.GetValue(logLevel)!, result.GetValue(toolsets), result.GetValue(readOnly), stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? root, string logLevel, string? toolsets, bool readOnly, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (root is not null && !Directory.Exists(root) && !File.Exists(root))
        {
            await stderr.WriteLineAsync($"mcpctx serve: --root '{root}' does not exist").ConfigureAwait(false);
            return 2;
        }

        var names = toolsets?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!Toolsets.TryResolve(names, out _, out var error))
        {
            await stderr.WriteLineAsync($"mcpctx serve: --toolsets: {error}").ConfigureAwait(false);
            return 2;
        }

        var settings = new ServerSettings
        {
            Root = root is null ? null : Path.GetFullPath(root),
            Toolsets = names,
            ReadOnly = readOnly,
            LogLevel = Enum.Parse<LogLevel>(logLevel, ignoreCase: true),
        };
        using var host = ContextServer.Build(settings, mcp => mcp.WithStdioServerTransport());
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
