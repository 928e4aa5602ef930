using System.CommandLine;
using System.CommandLine.Parsing;

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
            CheckCommand.Create(stdin, stdout, stderr),
            ApproveCommand.Create(stdout, stderr),
            HookCommand.Create(stdout, stderr),
            DriftCommand.Create(stdout, stderr),
            InitCommand.Create(stdout, stderr),
            TaskCommands.Create(stdout, stderr),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // A usage error exits 2, as every command documents, not System.CommandLine's default 1.
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"mcpctx: {error.Message}").ConfigureAwait(false);
            }

            var names = new List<string>();
            for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
            {
                names.Insert(0, result == parse.RootCommandResult ? "mcpctx" : result.Command.Name);
            }

            await stderr.WriteLineAsync($"usage: {string.Join(' ', names)} --help").ConfigureAwait(false);
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);
    }
}
