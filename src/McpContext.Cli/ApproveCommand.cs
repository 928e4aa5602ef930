using System.CommandLine;
using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Git;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx approve RULE --change ID --reason TEXT</c>: a person approves a needs_approval rule for one
/// change, recorded in the journal with who and why. Deliberately a command for people, not an MCP tool.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rule = new Argument<string>("rule") { Description = "The rule id (R-004) or built-in check (locked-key, locked-value, task-scope, frozen-spec) to approve." };
        var change = new Option<string>("--change") { HelpName = "ID", Description = "The change id mcpctx check or validate_change printed.", Required = true };
        var reason = new Option<string>("--reason") { HelpName = "TEXT", Description = "Why this change may break the rule; recorded in the journal.", Required = true };
        var by = new Option<string>("--by") { HelpName = "NAME", Description = "Who approves (default: git's user.name and user.email)." };
        var root = new Option<string>("--root") { HelpName = "DIR", Description = "Where to look for the context file (default: the working directory)." };
        var command = new Command("approve", "Approve a needs_approval rule for one change (people only: agents must not approve their own changes).") { rule, change, reason, by, root };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(rule)!, result.GetValue(change)!, result.GetValue(reason)!, result.GetValue(by), result.GetValue(root), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string rule, string change, string reason, string? by, string? root, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var start = Path.GetFullPath(root ?? ".");
        if (ContextFileLocator.Find(start) is not { } contextFile)
        {
            await stderr.WriteLineAsync($"mcpctx approve: no {string.Join(", ", ContextFileLocator.FileNames)} at or above '{start}'").ConfigureAwait(false);
            return 2;
        }

        var actor = by ?? await GitIdentityAsync(start, cancellationToken).ConfigureAwait(false) ?? Environment.UserName;
        using var store = new ContextStore(contextFile, new ContextStoreOptions { WatchForChanges = false });
        if (Approvals.Approve(store, rule, change, actor, reason, cancellationToken) is { } refusal)
        {
            await stderr.WriteLineAsync($"mcpctx approve: {refusal}").ConfigureAwait(false);
            return 1;
        }

        await stdout.WriteLineAsync($"approved {rule} for change {change} by {actor}; recorded in {store.Journal.FilePath}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<string?> GitIdentityAsync(string directory, CancellationToken cancellationToken)
    {
        var git = await GitRepository.OpenAsync(directory, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!git.Succeeded)
        {
            return null;
        }

        var name = (await git.Value!.ConfigValueAsync("user.name", cancellationToken).ConfigureAwait(false)).Value;
        var email = (await git.Value.ConfigValueAsync("user.email", cancellationToken).ConfigureAwait(false)).Value;
        return name is null ? email : email is null ? name : $"{name} <{email}>";
    }
}
