using System.Text;
using McpContext.Core.Drift;

namespace McpContext.Cli;

/// <summary>
/// A drift report as GitHub Actions workflow commands: an error annotation on the context file's line for
/// each finding, a warning for each note, a notice for the changes since the verified commit. Paths are
/// relative to the repository root, as GitHub expects them.
/// </summary>
internal static class GitHubAnnotations
{
    public static string Render(DriftReport report)
    {
        var text = new StringBuilder();
        var context = report.ProjectPrefix + Path.GetFileName(report.ContextFile);
        foreach (var finding in report.Findings)
        {
            var message = new StringBuilder(finding.Message);
            if (finding.Evidence.Count > 0)
            {
                message.Append("\nevidence: ").Append(string.Join("; ", finding.Evidence));
            }

            if (finding.Operations.Count > 0)
            {
                message.Append("\nfix: ").Append(string.Join("; ", finding.Operations));
            }

            Command(text, "error", context, finding.KeyLine, $"drift {finding.Kind}: {finding.Key}", message.ToString());
        }

        foreach (var note in report.Notes)
        {
            Command(text, "warning", report.ProjectPrefix + (note.File ?? Path.GetFileName(report.ContextFile)), note.Line, "drift note", note.Message);
        }

        if (report.Changes is { Files.Count: > 0 } changes)
        {
            var files = string.Join("\n", changes.Files.Select(c => $"{c.Path} ({string.Join(", ", c.Reasons)})"));
            Command(text, "notice", context, 0, "changed since verified.commit", $"{changes.Files.Count} file(s) that matter to the context changed since {changes.Since}:\n{files}");
        }

        text.Append(report.InSync ? "drift: in sync\n" : $"drift: {report.Findings.Count} finding(s)\n");
        return text.ToString();
    }

    private static void Command(StringBuilder text, string kind, string file, int line, string title, string message)
    {
        text.Append("::").Append(kind).Append(" file=").Append(Property(file));
        if (line > 0)
        {
            text.Append(",line=").Append(line);
        }

        text.Append(",title=").Append(Property(title)).Append("::").Append(Data(message)).Append('\n');
    }

    // The escaping GitHub's runner reverses: data escapes %, CR and LF; properties also : and ,.
    private static string Data(string value) => value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string value) => Data(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
