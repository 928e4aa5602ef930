using System.Text.RegularExpressions;

namespace McpContext.Core.Ledger;

/// <summary>A backtick code span in a line of Markdown: where it is and what it holds.</summary>
internal readonly record struct CodeSpan(int Start, int End, string Content);

/// <summary>The few pieces of Markdown syntax a task file needs: headings, list items, fences, code spans.</summary>
internal static partial class MarkdownText
{
    /// <summary>An ATX heading: up to three spaces, one to six '#', text, optional closing '#'s.</summary>
    public static bool TryHeading(string line, out int level, out string text)
    {
        var match = FirstMark(line) == '#' ? AtxHeading().Match(line) : Match.Empty;
        if (!match.Success)
        {
            level = 0;
            text = "";
            return false;
        }

        level = match.Groups[1].Length;
        text = ClosingHashes().Replace(match.Groups[2].Value, "").Trim();
        return true;
    }

    /// <summary>A heading written as a line of its own in bold (<c>**Objective**</c>) or as <c>Objective:</c>.</summary>
    public static bool TryPseudoHeading(string line, out string text)
    {
        var last = line.AsSpan().TrimEnd(" \t");
        var match = FirstMark(line) is '*' or '_' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') && last[^1] is ':' or '*' or '_' ? PseudoHeading().Match(line) : Match.Empty;
        text = match.Success ? (match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value).Trim().TrimEnd(':').Trim() : "";
        return match.Success;
    }

    /// <summary>A setext underline (<c>===</c> or <c>---</c>) making the line above a heading of level 1 or 2.</summary>
    public static int SetextLevel(string line)
    {
        var match = FirstMark(line) is '=' or '-' ? SetextUnderline().Match(line) : Match.Empty;
        return !match.Success ? 0 : match.Groups[1].Value[0] == '=' ? 1 : 2;
    }

    /// <summary>The opening or closing line of a fenced code block: the fence characters and the info string.</summary>
    public static bool TryFence(string line, out string fence, out string info)
    {
        var match = FirstMark(line) is '`' or '~' ? Fence().Match(line) : Match.Empty;
        fence = match.Success ? match.Groups[1].Value : "";
        info = match.Success ? match.Groups[2].Value.Trim() : "";
        return match.Success;
    }

    /// <summary>A list item: its indentation and its text after the marker (<c>-</c>, <c>*</c>, <c>+</c>, <c>1.</c>, <c>1)</c>).</summary>
    public static bool TryListItem(string line, out int indent, out string text)
    {
        var first = line.AsSpan().TrimStart(" \t");
        var match = first.Length > 0 && (first[0] is '-' or '*' or '+' || char.IsDigit(first[0])) ? ListItem().Match(line) : Match.Empty;
        indent = match.Success ? match.Groups[1].Value.Replace("\t", "    ", StringComparison.Ordinal).Length : 0;
        text = match.Success ? match.Groups[3].Value : "";
        return match.Success;
    }

    /// <summary>Splits a GitHub task-list checkbox (<c>[ ]</c>, <c>[x]</c>) off an item's text.</summary>
    public static string StripCheckbox(string text, out bool? isChecked)
    {
        var match = Checkbox().Match(text);
        if (!match.Success)
        {
            isChecked = null;
            return text;
        }

        isChecked = match.Groups[1].Value is "x" or "X";
        return match.Groups[2].Value;
    }

    /// <summary>The code spans of a line, in order: a run of n backticks up to the next run of exactly n.</summary>
    public static List<CodeSpan> CodeSpans(string text)
    {
        var spans = new List<CodeSpan>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }

            var run = Run(text, i);
            var close = i + run;
            while (close < text.Length)
            {
                if (text[close] == '`')
                {
                    var length = Run(text, close);
                    if (length == run)
                    {
                        break;
                    }

                    close += length;
                    continue;
                }

                close++;
            }

            if (close >= text.Length)
            {
                // An unmatched run is literal backticks.
                i += run;
                continue;
            }

            spans.Add(new CodeSpan(i, close + run, text[(i + run)..close].Trim()));
            i = close + run;
        }

        return spans;
    }

    /// <summary>Leading spaces (a tab counts four).</summary>
    public static int Indent(string line)
    {
        var width = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width += 4;
            }
            else
            {
                break;
            }
        }

        return width;
    }

    /// <summary>
    /// The character after up to three spaces: each pattern below needs a particular one there, and
    /// testing it first spares a regex run on most lines of a task file.
    /// </summary>
    private static char FirstMark(string line)
    {
        var i = 0;
        while (i < 3 && i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i < line.Length ? line[i] : '\0';
    }

    private static int Run(string text, int start)
    {
        var end = start;
        while (end < text.Length && text[end] == '`')
        {
            end++;
        }

        return end - start;
    }

    [GeneratedRegex(@"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"(?:^|[ \t]+)#+[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClosingHashes();

    [GeneratedRegex(@"^ {0,3}(?:\*\*([^*]+?)\*\*:?|__([^_]+?)__:?|([A-Za-z][A-Za-z /&-]{2,40}):)[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PseudoHeading();

    [GeneratedRegex(@"^ {0,3}(=+|-+)[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^ {0,3}(`{3,}|~{3,})(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\[([ xX])\][ \t]*(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Checkbox();
}
