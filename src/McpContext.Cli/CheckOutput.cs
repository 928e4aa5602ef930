using System.Text;
using McpContext.Core.Constraints;
using McpContext.Server.Tools;

namespace McpContext.Cli;

/// <summary>How <c>mcpctx check</c> prints a verdict or errors in each format, and the exit code that goes with it.</summary>
internal sealed class CheckOutput(string format, TextWriter stdout, TextWriter stderr)
{
    public int Verdict(ValidationReport report)
    {
        switch (format)
        {
            case "json":
                stdout.WriteLine(ValidationJson.Serialize(report));
                break;
            case "github":
                foreach (var finding in report.Findings)
                {
                    var level = finding.Blocks ? "error" : finding.Effect == RuleEffect.Warn ? "warning" : "notice";
                    var properties = new List<string>();
                    if (finding.Path is { } path)
                    {
                        properties.Add($"file={Property(path)}");
                        if (finding.Line is { } line)
                        {
                            properties.Add($"line={line}");
                        }
                    }

                    properties.Add($"title={Property($"{finding.Effect.Name()} {finding.Rule}")}");
                    var approval = finding.Approval is { } a ? $" (approved by {a.Actor}: {a.Reason})" : "";
                    stdout.WriteLine($"::{level} {string.Join(',', properties)}::{Data(ValidationText.Where(finding) + ": " + finding.Message + approval)}");
                }

                stdout.WriteLine($"::notice title=mcpctx check::{Data(ValidationText.Summary(report))}");
                break;
            default:
                stdout.Write(ValidationText.Render(report));
                break;
        }

        return report.Verdict == Core.Constraints.Verdict.Allow ? 0 : 1;
    }

    public int Errors(IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            stderr.WriteLine($"mcpctx check: {error}");
            if (format == "github")
            {
                stdout.WriteLine($"::error title=mcpctx check::{Data(error)}");
            }
        }

        return 2;
    }

    // GitHub's workflow command escaping: data escapes %, CR and LF; property values also ':' and ','.
    private static string Data(string text) => new StringBuilder(text).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A").ToString();

    private static string Property(string text) => Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
