using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace McpContext.Core.Ledger;

/// <summary>
/// Finds the path in a Files to Modify item: the first backtick span, else a link's target, else the
/// first word that looks like a path (it has a <c>/</c>, a <c>.</c> or a <c>*</c>, or is a well-known
/// file name such as <c>Makefile</c>). The rest of the item is its note. Paths must stay inside the
/// repository: absolute paths and <c>..</c> are refused.
/// </summary>
internal static partial class FilePaths
{
    private static readonly HashSet<string> WellKnownNames = new(
        ["Makefile", "Dockerfile", "Containerfile", "Justfile", "Rakefile", "Gemfile", "Procfile", "Vagrantfile", "Jenkinsfile", "LICENSE", "README", "CHANGELOG", "CODEOWNERS"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads one item; on failure <paramref name="problem"/> says why and <paramref name="isUnsafe"/> tells a bad path from no path.</summary>
    public static bool TryRead(string item, [NotNullWhen(true)] out TaskFileEntry? entry, out string problem, out bool isUnsafe)
    {
        entry = null;
        isUnsafe = false;
        string? path = null;
        string rest;
        var spans = MarkdownText.CodeSpans(item);
        if (spans.Count > 0)
        {
            path = spans[0].Content;
            rest = item[..spans[0].Start] + " " + item[spans[0].End..];
        }
        else if (Link().Match(item) is { Success: true } link && IsPathLike(link.Groups[2].Value))
        {
            path = link.Groups[2].Value;
            rest = item[..link.Index] + " " + link.Groups[1].Value + " " + item[(link.Index + link.Length)..];
        }
        else
        {
            var plain = item.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Trim();
            var first = plain.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            var token = first.Length == 0 ? "" : first[0].TrimEnd(':', ',', ';').Trim('"', '\'');
            if (IsPathLike(token))
            {
                path = token;
                rest = first.Length > 1 ? first[1] : "";
            }
            else
            {
                rest = item;
            }
        }

        if (path is null)
        {
            problem = $"no file path in '{Clip(item)}'; write one path per item, e.g. `src/Ledger/TaskLedger.cs` (a note may follow)";
            return false;
        }

        var normalized = path.Replace('\\', '/').Trim();
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        if (normalized.StartsWith('/') || normalized.StartsWith('~') || DriveLetter().IsMatch(normalized))
        {
            isUnsafe = true;
            problem = $"'{path}' is absolute; paths are relative to the repository root";
            return false;
        }

        if (normalized.Split('/').Contains(".."))
        {
            isUnsafe = true;
            problem = $"'{path}' uses '..'; paths stay inside the repository, relative to its root";
            return false;
        }

        if (normalized.Length == 0)
        {
            problem = $"an empty path in '{Clip(item)}'";
            return false;
        }

        var note = NoteEdges().Replace(rest, "").Trim();
        entry = new TaskFileEntry(normalized, note.Length == 0 ? null : note, 0);
        problem = "";
        return true;
    }

    private static bool IsPathLike(string token) =>
        token.Length > 0 && !token.Contains("://", StringComparison.Ordinal) && token.Any(char.IsLetterOrDigit) && !token.EndsWith('.') &&
        (token.Contains('/') || token.Contains('\\') || token.Contains('.') || token.Contains('*') || WellKnownNames.Contains(token));

    private static string Clip(string text) => text.Length <= 60 ? text : text[..59] + "…";

    [GeneratedRegex(@"\[([^\]]*)\]\(([^)\s]+)[^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"^[A-Za-z]:[/\\]", RegexOptions.CultureInvariant)]
    private static partial Regex DriveLetter();

    // Separators around a note: "`a.cs` — add X", "a.cs (new)", "a.cs: the model".
    [GeneratedRegex(@"^[\s\-–—:,(]+|[\s)]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NoteEdges();
}
