using System.Globalization;
using System.Text.RegularExpressions;

namespace McpContext.Core.Ledger;

/// <summary>The rules of <c>schemas/review.schema.json</c>, checked in C# so a bad review is refused naming the field.</summary>
public static partial class ReviewRules
{
    /// <summary>The review statuses.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["approved", "changes_requested", "rejected"];

    /// <summary>The finding severities.</summary>
    public static IReadOnlyList<string> Severities { get; } = ["critical", "major", "minor", "info"];

    /// <summary>Each problem with <paramref name="review"/>, as <c>review.field: what is wrong</c>; empty when it is fine.</summary>
    public static IReadOnlyList<string> Check(TaskReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var problems = new List<string>();
        if (!Statuses.Contains(review.Status, StringComparer.Ordinal))
        {
            problems.Add($"review.status: expected approved, changes_requested or rejected, not '{review.Status}'");
        }

        if (string.IsNullOrWhiteSpace(review.Summary))
        {
            problems.Add("review.summary: expected the verdict in a few sentences, not an empty text");
        }

        for (var i = 0; i < review.Findings.Count; i++)
        {
            var finding = review.Findings[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"review.findings[{i}]");
            if (finding is null || string.IsNullOrWhiteSpace(finding.Message))
            {
                problems.Add($"{at}.message: expected what was found, not an empty text");
                continue;
            }

            if (finding.Severity is { } severity && !Severities.Contains(severity, StringComparer.Ordinal))
            {
                problems.Add($"{at}.severity: expected critical, major, minor or info, not '{severity}'");
            }

            if (finding.Line is < 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{at}.line: expected a line number from 1, not {finding.Line}"));
            }

            if (finding.Line is not null && finding.File is null)
            {
                problems.Add($"{at}.line: a line needs the file it is in");
            }
        }

        Blank(review.MissingTests, "review.missing_tests", problems);
        Blank(review.RecommendedActions, "review.recommended_actions", problems);
        if (review.Status == "changes_requested" && review.RecommendedActions.Count == 0)
        {
            problems.Add("review.recommended_actions: a request for changes must say what to change (at least one action)");
        }

        if (review.Commit is { } commit && !CommitPattern().IsMatch(commit))
        {
            problems.Add($"review.commit: expected a commit id (7 to 64 hex digits), not '{commit}'");
        }

        return problems;
    }

    private static void Blank(IReadOnlyList<string> items, string field, List<string> problems)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i]))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]: expected text, not an empty item"));
            }
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitPattern();
}
