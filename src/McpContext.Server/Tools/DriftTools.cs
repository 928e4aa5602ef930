using System.ComponentModel;
using McpContext.Core.Context;
using McpContext.Core.Drift;
using McpContext.Server.Context;
using McpContext.Server.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>drift</c> toolset: compare the context with the repository it describes, and record that it
/// was checked. Thin over <see cref="DriftDetector"/>; the CLI's <c>mcpctx drift</c> runs the same code.
/// </summary>
[McpServerToolType]
internal sealed class DriftTools(ContextWorkspace workspace)
{
    // Enough for any real project; a repository with more findings than this needs its context rebuilt (mcpctx init).
    private const int MaxListed = 100;

    [McpServerTool(Name = "drift_check", Title = "Check the context against the repository", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(DriftCheckOutput))]
    [Description("Compares the project context with the repository's files (compose, Dockerfiles, nginx, Kubernetes, GitHub Actions, GitLab CI, .NET settings, package.json, .env files, Procfiles, listed through git): workflows missing, renamed or unlisted, ports that disagree, services no file mentions or nobody listed, knowledge paths that no longer exist. Each finding names the context key, the evidence (file:line) and the context_update operations that fix it; fix holds them all in one list. Also lists the files changed since verified.commit that matter to the context. Call it before planning.")]
    public async Task<CallToolResult> DriftCheck(McpServer server, CancellationToken cancellationToken = default)
    {
        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var outcome = await DriftDetector.CheckAsync(store, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return ToolResults.Error(outcome.Error);
        }

        return ToolResults.Success(DriftOutputs.From(outcome.Report, MaxListed), ServerJsonContext.Default.DriftCheckOutput, DriftOutputs.ToText(outcome.Report, MaxListed));
    }

    [McpServerTool(Name = "drift_accept", Title = "Record the context as verified", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(DriftAcceptOutput))]
    [Description("Records the checked-out commit and the current time as verified.commit and verified.at, after checking the context against the repository: refused while drift_check finds anything, and refused if the context changed since expected_revision. Call it once the context has been reviewed and is true.")]
    public async Task<CallToolResult> DriftAccept(
        McpServer server,
        [Description("The context revision you checked, as drift_check (or context_get) returned it.")] string expected_revision,
        [Description("Why the context can be recorded as verified, in a sentence; recorded in the history.")] string reason = "checked against the repository: in sync",
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(expected_revision))
        {
            return ToolResults.InvalidArgument("expected_revision", "expected the revision returned by drift_check");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ToolResults.InvalidArgument("reason", "expected a sentence saying why the context can be recorded as verified");
        }

        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var result = await DriftDetector.AcceptAsync(store, expected_revision, ContextTools.Actor(server), reason, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Recorded)
        {
            var prefix = result.Write?.Status == ContextWriteStatus.Conflict ? "conflict, nothing was recorded" : "refused, nothing was recorded";
            var findings = result.Report?.Findings.Take(10).Select(f => $"\n- {f.Key}: {f.Message} [{f.Kind}]") ?? [];
            return ToolResults.Error($"{prefix}: {string.Join("; ", result.Problems)}{string.Concat(findings)}");
        }

        var written = result.Write!.Snapshot!;
        return ToolResults.Success(
            new DriftAcceptOutput(result.Commit!, result.At!, written.Revision, expected_revision, store.FilePath),
            ServerJsonContext.Default.DriftAcceptOutput,
            $"recorded verified.commit = {result.Commit}, verified.at = {result.At}; {store.FilePath} is now at revision {written.Revision}");
    }
}
