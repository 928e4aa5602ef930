using System.CommandLine;

namespace McpContext.Cli;

/// <summary>The <c>mcpctx</c> command tree. Streams are parameters so tests can run commands in-process too.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("McpContext: one shared, validated view of a project's operational reality for coding and reasoning agents.")
        {
            ShowCommand.Create(stdout, stderr),
            TomlCommands.Create(stdin, stdout, stderr),
            ServeCommand.Create(stderr),
            TaskCommands.Create(stdout, stderr),
        };

        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);
    }
}
