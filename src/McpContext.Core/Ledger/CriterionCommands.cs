using System.Text;
using System.Text.RegularExpressions;

namespace McpContext.Core.Ledger;

/// <summary>
/// Finds the commands in a completion criterion. A criterion is runnable when, apart from its backtick
/// spans, it says nothing but that they should pass:
/// <c>`dotnet test`</c>, <c>`cargo test` passes</c>, <c>Run `make check`</c>,
/// <c>Tests pass: `npm test`</c>, <c>`dotnet build` and `dotnet test` succeed</c>, <c>All tests pass (`npm test`)</c>.
/// Anything else is prose for the reviewer, and so is a span that names a file (<c>`README.md`</c>).
/// </summary>
internal static partial class CriterionCommands
{
    private const char Placeholder = '\u0001';

    // A span whose first word ends like these is a file being talked about, not a program to run.
    private static readonly string[] FileExtensions =
    [
        ".md", ".txt", ".json", ".yaml", ".yml", ".toml", ".xml", ".html", ".css", ".csv", ".lock", ".cs", ".csproj",
        ".sln", ".props", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".go", ".rs", ".java", ".kt", ".rb", ".php", ".c",
        ".h", ".cpp", ".hpp", ".swift", ".png", ".svg", ".jpg", ".conf", ".ini", ".env", ".cfg",
    ];

    /// <summary>The commands <paramref name="criterion"/> names, in order; empty when it is prose.</summary>
    public static IReadOnlyList<string> Find(string criterion)
    {
        var spans = MarkdownText.CodeSpans(criterion);
        if (spans.Count == 0)
        {
            return [];
        }

        var shape = new StringBuilder();
        var at = 0;
        foreach (var span in spans)
        {
            shape.Append(criterion, at, span.Start - at).Append(Placeholder);
            at = span.End;
        }

        shape.Append(criterion, at, criterion.Length - at);
        var text = shape.ToString().Trim().TrimEnd('.', '!', ';').Trim();
        if (!Runnable().IsMatch(text) && !PassingInParentheses().IsMatch(text))
        {
            return [];
        }

        var commands = spans.Select(s => s.Content).ToList();
        return commands.All(LooksLikeCommand) ? commands : [];
    }

    /// <summary>The commands of a fenced block in the criteria: each line, without a <c>$ </c> prompt, blank lines and comments skipped.</summary>
    public static string? FromCodeLine(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("$ ", StringComparison.Ordinal))
        {
            text = text[2..].Trim();
        }

        return text.Length == 0 || text.StartsWith('#') ? null : text;
    }

    private static bool LooksLikeCommand(string span)
    {
        if (span.Length == 0 || span.Contains('\n', StringComparison.Ordinal))
        {
            return false;
        }

        var first = span.Split(' ', 2)[0];
        return !FileExtensions.Any(e => first.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !first.EndsWith('/');
    }

    // lead-in ("Tests pass:" or "Run"), spans joined by commas/and/then/&&, and a pass phrase.
    [GeneratedRegex(
        @"^(?:[^\u0001]*:\s*)?(?:(?:run|running|execute|executing|call)\s+)?\u0001(?:\s*(?:,|and|then|&&|;|,\s*and|,\s*then)\s*\u0001)*" +
        @"(?:\s*[,:]?\s*(?:(?:passes|pass|succeeds|succeed|exits|exit|returns|return|completes|complete|runs|run|is green|are green|stays green|must|should|has no|have no|with no|without|reports no|shows no|gives no)\b.*" +
        @"|(?:and|to)\s+(?:\w+\s+){0,4}(?:pass|passes|succeed|succeeds|green|exit|exits|return|returns)\b.*))?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Runnable();

    // "All tests pass (`dotnet test`)".
    [GeneratedRegex(@"^[^\u0001]*\b(?:pass|passes|succeed|succeeds|green|builds|compiles)\b[^\u0001]*\(\s*\u0001\s*\)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PassingInParentheses();
}
