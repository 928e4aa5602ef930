using System.CommandLine;
using McpContext.Core.Context;
using McpContext.Core.Drift;
using McpContext.Server.Tools;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx drift [PATH] [--format text|json|github] [--accept]</c>: the <c>drift_check</c> tool on the
/// command line. Exit 0 in sync, 1 on drift (or an accept that was refused), 2 on bad input.
/// </summary>
internal static class DriftCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path")
        {
            Description = $"A context file, or a directory to search upward from for {string.Join(", ", ContextFileLocator.FileNames)}.",
            DefaultValueFactory = _ => ".",
        };
        var format = new Option<string>("--format")
        {
            Description = "text (default), json (the drift_check tool's structured result) or github (workflow command annotations for GitHub Actions).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var accept = new Option<bool>("--accept") { Description = "When in sync, record the checked-out commit and the time as verified.commit / verified.at." };
        var command = new Command("drift", "Compare the project context with the repository: findings with evidence (file:line) and the context_update operations that fix them, and the files changed since verified.commit.") { path, format, accept };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(path)!, result.GetValue(format)!, result.GetValue(accept), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, string format, bool accept, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var file = ContextFileLocator.Find(path);
        if (file is null)
        {
            await stderr.WriteLineAsync($"mcpctx drift: no {string.Join(", ", ContextFileLocator.FileNames)} at or above '{Path.GetFullPath(path)}'; mcpctx init proposes one").ConfigureAwait(false);
            return 2;
        }

        using var store = new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });
        DriftReport report;
        DriftAcceptResult? accepted = null;
        if (accept)
        {
            accepted = await DriftDetector.AcceptAsync(store, store.Read().Revision, $"{Environment.UserName} (mcpctx drift --accept)", "mcpctx drift --accept: the context is in sync with the repository", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (accepted.Report is null)
            {
                await stderr.WriteLineAsync($"mcpctx drift: {string.Join("; ", accepted.Problems)}").ConfigureAwait(false);
                return 2;
            }

            report = accepted.Report;
        }
        else
        {
            var outcome = await DriftDetector.CheckAsync(store, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                await stderr.WriteLineAsync($"mcpctx drift: {outcome.Error}").ConfigureAwait(false);
                return 2;
            }

            report = outcome.Report;
        }

        await stdout.WriteAsync(format switch
        {
            "json" => DriftOutputs.ToJson(report) + "\n",
            "github" => GitHubAnnotations.Render(report),
            _ => DriftOutputs.ToText(report),
        }).ConfigureAwait(false);

        if (accepted is not null)
        {
            await stderr.WriteLineAsync(accepted.Recorded
                ? $"mcpctx drift: recorded verified.commit = {accepted.Commit}, verified.at = {accepted.At} in {file}"
                : $"mcpctx drift: nothing was recorded: {string.Join("; ", accepted.Problems)}").ConfigureAwait(false);
            return accepted.Recorded ? 0 : 1;
        }

        return report.InSync ? 0 : 1;
    }
}
