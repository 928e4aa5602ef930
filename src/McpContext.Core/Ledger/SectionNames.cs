using System.Text;

namespace McpContext.Core.Ledger;

/// <summary>The four sections of a task file McpContext understands.</summary>
internal enum SectionKind
{
    None,
    Objective,
    Files,
    Steps,
    Criteria,
}

/// <summary>
/// Matches section headings loosely: case, numbering ("2. Steps"), punctuation, emoji and the usual
/// synonyms do not matter ("Acceptance criteria", "Files to change", "Plan", "Goal").
/// </summary>
internal static class SectionNames
{
    private static readonly Dictionary<string, SectionKind> Exact = new(StringComparer.Ordinal)
    {
        ["objective"] = SectionKind.Objective, ["objectives"] = SectionKind.Objective, ["goal"] = SectionKind.Objective,
        ["goals"] = SectionKind.Objective, ["aim"] = SectionKind.Objective, ["purpose"] = SectionKind.Objective,
        ["steps"] = SectionKind.Steps, ["step"] = SectionKind.Steps, ["plan"] = SectionKind.Steps, ["implementation"] = SectionKind.Steps,
        ["implementation steps"] = SectionKind.Steps, ["implementation plan"] = SectionKind.Steps, ["approach"] = SectionKind.Steps,
        ["tasks"] = SectionKind.Steps, ["todo"] = SectionKind.Steps, ["to do"] = SectionKind.Steps, ["subtasks"] = SectionKind.Steps,
        ["instructions"] = SectionKind.Steps, ["work items"] = SectionKind.Steps, ["how"] = SectionKind.Steps,
        ["definition of done"] = SectionKind.Criteria, ["done when"] = SectionKind.Criteria, ["acceptance"] = SectionKind.Criteria,
        ["verification"] = SectionKind.Criteria, ["how to verify"] = SectionKind.Criteria,
        ["affected files"] = SectionKind.Files, ["changed files"] = SectionKind.Files, ["relevant files"] = SectionKind.Files,
        ["file changes"] = SectionKind.Files, ["scope"] = SectionKind.Files,
    };

    /// <summary>The names a near-miss is compared with, as the issue format writes them.</summary>
    private static readonly string[] Canonical = ["Objective", "Files to Modify", "Files to Change", "Steps", "Completion Criteria", "Acceptance Criteria"];

    /// <summary>What a section heading names; <see cref="SectionKind.None"/> for any other section.</summary>
    public static SectionKind Classify(string heading)
    {
        var key = Normalize(heading);
        if (Exact.TryGetValue(key, out var kind))
        {
            return kind;
        }

        if (key.StartsWith("files", StringComparison.Ordinal) || key.StartsWith("file list", StringComparison.Ordinal))
        {
            return SectionKind.Files;
        }

        return key.EndsWith("criteria", StringComparison.Ordinal) || key.EndsWith("criterion", StringComparison.Ordinal) ? SectionKind.Criteria : SectionKind.None;
    }

    /// <summary>The known name an unknown heading is probably a typo of, or null.</summary>
    public static string? NearMiss(string heading)
    {
        var key = Normalize(heading);
        return key.Length < 4 ? null : Canonical.FirstOrDefault(c => Distance(key, Normalize(c)) is > 0 and <= 2);
    }

    /// <summary>Lower case letters and single spaces: "## 2. Files to Modify:" → "files to modify".</summary>
    public static string Normalize(string heading)
    {
        var text = heading.Trim();
        var start = 0;
        while (start < text.Length && (char.IsDigit(text[start]) || text[start] is '.' or ')' or ' '))
        {
            start++;
        }

        var result = new StringBuilder();
        foreach (var c in text[start..])
        {
            if (char.IsLetter(c))
            {
                result.Append(char.ToLowerInvariant(c));
            }
            else if (result.Length > 0 && result[^1] != ' ')
            {
                result.Append(' ');
            }
        }

        return result.ToString().Trim();
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>How a section kind is named in messages.</summary>
    public static string Display(SectionKind kind) => kind switch
    {
        SectionKind.Objective => "Objective",
        SectionKind.Files => "Files to Modify",
        SectionKind.Steps => "Steps",
        _ => "Completion Criteria",
    };
}
