using System.Globalization;
using System.Text;
using McpContext.Core.Knowledge;

namespace McpContext.Core.Constraints;

/// <summary>A report as people read it: in a terminal (<c>mcpctx check</c>) and in a tool result's text.</summary>
public static class ValidationText
{
    /// <summary>The verdict line, one line per finding (<c>file:line: effect rule: message</c>), the flags, the related knowledge, and how to approve.</summary>
    public static string Render(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(Summary(report)).Append('\n');
        foreach (var finding in report.Findings)
        {
            text.Append(Where(finding)).Append(": ").Append(finding.Effect.Name()).Append(' ').Append(finding.Rule).Append(": ").Append(finding.Message).Append('\n');
            if (finding.Approval is { } approval)
            {
                text.Append(CultureInfo.InvariantCulture, $"  approved by {approval.Actor} on {approval.Time:yyyy-MM-dd}: {approval.Reason}\n");
            }
        }

        if (report.Flags.Count > 0)
        {
            text.Append("constraints to respect:\n");
            foreach (var (name, value) in report.Flags)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {name} = {value.GetRawText()}\n");
            }
        }

        if (report.Knowledge.Count > 0)
        {
            text.Append("known issues and lessons about these files:\n");
            foreach (var related in report.Knowledge)
            {
                var item = related.Item;
                var status = KnowledgeService.Status(item) is { } s ? $", {s}" : "";
                text.Append(CultureInfo.InvariantCulture, $"  {item.Id ?? "(no id)"} ({(item is Context.Model.Lesson ? "lesson" : "known issue")}{status}) {item.Title} [{string.Join(", ", related.Files)}]\n");
            }
        }

        var approvable = report.Findings.Where(f => f.Effect == RuleEffect.NeedsApproval && f.Approval is null).Select(f => f.Rule).Distinct().ToList();
        foreach (var rule in approvable)
        {
            text.Append(CultureInfo.InvariantCulture, $"a person may approve: mcpctx approve {rule} --change {report.ChangeId} --reason \"...\"\n");
        }

        return text.ToString();
    }

    /// <summary>One line: the verdict, the counts, the change id and the context revision whose rules applied.</summary>
    public static string Summary(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blocking = report.Findings.Count(f => f.Blocks);
        var files = report.Files.Count;
        return $"{report.Verdict.Name()}: {report.Findings.Count} finding(s), {blocking} blocking, in {files} file(s) and {report.KeyChanges.Count} context value(s) (change {report.ChangeId}, rules of context revision {report.ContextRevision}{(report.Task is { } task ? $", task {task.Id}" : "")})";
    }

    /// <summary>Where a finding points: <c>file:line</c>, <c>file</c>, the context key, or the change as a whole.</summary>
    public static string Where(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding switch
        {
            { Path: { } path, Line: { } line } => $"{path}:{line}",
            { Path: { } path } => path,
            { Key: { } key } => $"context {key}",
            _ => "change",
        };
    }
}
