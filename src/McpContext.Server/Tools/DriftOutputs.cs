using System.Globalization;
using System.Text;
using System.Text.Json;
using McpContext.Core.Context;
using McpContext.Core.Drift;
using McpContext.Core.Git;
using McpContext.Server.Json;

namespace McpContext.Server.Tools;

/// <summary>
/// A drift report as the <c>drift_check</c> tool returns it, as JSON and as text. The CLI's
/// <c>mcpctx drift</c> prints the same two forms, so the tool and the command can never disagree.
/// </summary>
public static class DriftOutputs
{
    /// <summary>The report as the tool's structured content, whole (for the command line).</summary>
    public static string ToJson(DriftReport report) =>
        JsonSerializer.Serialize(From(report, int.MaxValue), ServerJsonContext.Default.DriftCheckOutput);

    /// <summary>The report as text a person reads: the findings with evidence and fixes, the changes since verified, the notes; at most <paramref name="limit"/> of each.</summary>
    public static string ToText(DriftReport report, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var context = Path.GetFileName(report.ContextFile);
        var at = report.Head is null ? "no commit yet" : $"commit {report.Head[..Math.Min(12, report.Head.Length)]}";
        text.Append(CultureInfo.InvariantCulture, $"{context} at revision {report.Revision} against {report.FilesListed} files ({report.FilesScanned} read) at {at}: ");
        text.Append(report.InSync ? "in sync\n" : $"{report.Findings.Count} finding(s)\n");
        foreach (var finding in report.Findings.Take(limit))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{context}:{finding.KeyLine}: {finding.Key}: {finding.Message} [{finding.Kind}]\n");
            foreach (var evidence in finding.Evidence)
            {
                text.Append(CultureInfo.InvariantCulture, $"  evidence: {evidence}\n");
            }

            foreach (var operation in finding.Operations)
            {
                text.Append(CultureInfo.InvariantCulture, $"  fix: {operation}\n");
            }
        }

        if (report.Findings.Count > limit)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n... and {report.Findings.Count - limit} more findings (mcpctx drift lists them all)\n");
        }

        if (report.Changes is { } changes)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nchanged since verified.commit {changes.Since[..Math.Min(12, changes.Since.Length)]}: {changes.Files.Count} file(s) that matter, {changes.OtherFiles} other(s)\n");
            foreach (var change in changes.Files.Take(limit))
            {
                var path = change.OldPath is null ? change.Path : $"{change.OldPath} -> {change.Path}";
                text.Append(CultureInfo.InvariantCulture, $"  {Status(change.Status)} {path} ({string.Join(", ", change.Reasons)})\n");
            }

            More(text, changes.Files.Count, limit, "changed files");
        }

        if (report.Notes.Count > 0)
        {
            text.Append("\nnotes:\n");
            foreach (var note in report.Notes.Take(limit))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {note}\n");
            }

            More(text, report.Notes.Count, limit, "notes");
        }

        return text.ToString();
    }

    private static void More(StringBuilder text, int count, int limit, string what)
    {
        if (count > limit)
        {
            text.Append(CultureInfo.InvariantCulture, $"  ... and {count - limit} more {what} (mcpctx drift lists them all)\n");
        }
    }

    internal static DriftCheckOutput From(DriftReport report, int limit)
    {
        ArgumentNullException.ThrowIfNull(report);
        var changes = report.Changes is { } c
            ? new DriftChangesOutput(c.Since, [.. c.Files.Take(limit).Select(f => new DriftChangeOutput(Status(f.Status), f.Path, f.OldPath, f.Reasons))], Math.Max(0, c.Files.Count - limit), c.OtherFiles)
            : null;
        return new DriftCheckOutput(
            report.InSync,
            report.Revision,
            report.ContextFile,
            report.RepositoryRoot,
            report.ProjectPrefix,
            report.Head,
            report.VerifiedCommit,
            report.FilesListed,
            report.FilesScanned,
            [.. report.Findings.Take(limit).Select(f => new DriftFindingOutput(f.Kind, f.Key, f.KeyLine, f.Message,
                [.. f.Evidence.Select(e => new DriftEvidenceOutput(e.File, e.Line, e.Detail))], [.. f.Operations.Select(Operation)]))],
            Math.Max(0, report.Findings.Count - limit),
            changes,
            [.. report.Notes.Take(limit).Select(n => new DriftNoteOutput(n.File, n.Line, n.Message))],
            Math.Max(0, report.Notes.Count - limit),
            [.. report.Fix.Select(Operation)]);
    }

    private static DriftOperationOutput Operation(ContextOperation operation) => new(
        operation.Kind.ToString().ToLowerInvariant(),
        operation.Path.ToString(),
        operation.Value is null ? null : ContextJson.ToNode(operation.Value));

    private static string Status(GitChangeStatus status) => status switch
    {
        GitChangeStatus.TypeChanged => "type_changed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
