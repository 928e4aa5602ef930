using System.CommandLine;
using McpContext.Core.Drift;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx init [DIR] [--write] [--force]</c>: proposes a first <c>project-context.toml</c> from the
/// repository, every inferred value commented with its evidence. Prints it, or writes it with --write;
/// an existing context file is replaced only with --force. Exit 0 ok, 1 a proposal that does not
/// validate, 2 bad input.
/// </summary>
internal static class InitCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var directory = new Argument<string>("dir") { Description = "The project directory (inside a git working tree).", DefaultValueFactory = _ => "." };
        var write = new Option<bool>("--write") { Description = "Write project-context.toml into the directory instead of printing it." };
        var force = new Option<bool>("--force") { Description = "With --write, replace an existing project-context.toml." };
        var command = new Command("init", "Propose a project-context.toml from the repository's files (compose, nginx, workflows, ...), each inferred value commented with its evidence.") { directory, write, force };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(directory)!, result.GetValue(write), result.GetValue(force), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string directory, bool write, bool force, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (force && !write)
        {
            await stderr.WriteLineAsync("mcpctx init: --force only applies with --write (printing never overwrites anything)").ConfigureAwait(false);
            return 2;
        }

        if (!Directory.Exists(directory))
        {
            await stderr.WriteLineAsync($"mcpctx init: '{directory}' is not a directory").ConfigureAwait(false);
            return 2;
        }

        var outcome = await ContextProposal.ProposeAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            await stderr.WriteLineAsync($"mcpctx init: {outcome.Error}").ConfigureAwait(false);
            return 2;
        }

        var proposal = outcome.Value;
        foreach (var note in proposal.Notes)
        {
            await stderr.WriteLineAsync($"mcpctx init: note: {note}").ConfigureAwait(false);
        }

        if (proposal.Problems.Count > 0)
        {
            await stderr.WriteLineAsync($"mcpctx init: the proposal does not validate, which is a bug in mcpctx init: {string.Join("; ", proposal.Problems)}").ConfigureAwait(false);
            return 1;
        }

        if (!write)
        {
            await stdout.WriteAsync(proposal.Text).ConfigureAwait(false);
            return 0;
        }

        var written = ContextProposal.Write(proposal, force);
        if (!written.Succeeded)
        {
            await stderr.WriteLineAsync($"mcpctx init: {written.Error}").ConfigureAwait(false);
            return 2;
        }

        await stdout.WriteLineAsync($"wrote {written.Value}: {proposal.Services} service(s), {proposal.Workflows} CI file(s). Review it, then record it with mcpctx drift --accept.").ConfigureAwait(false);
        return 0;
    }
}
