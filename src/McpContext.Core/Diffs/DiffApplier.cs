using System.Text;

namespace McpContext.Core.Diffs;

/// <summary>Applies one file's hunks to a text, exactly (no fuzz, no offsets), forwards or in reverse.</summary>
public static class DiffApplier
{
    /// <summary>
    /// The text after <paramref name="file"/>'s hunks, applied to <paramref name="text"/> as the old version;
    /// with <paramref name="reverse"/>, the text before them, applied to <paramref name="text"/> as the new
    /// version. Null when the hunks do not fit <paramref name="text"/> line for line.
    /// </summary>
    public static string? TryApply(string text, FileDiff file, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var lines = SplitKeepingEnds(text);
        var output = new StringBuilder(text.Length);
        var position = 0;
        foreach (var hunk in file.Hunks)
        {
            var (start, count) = reverse ? (hunk.NewStart, hunk.NewCount) : (hunk.OldStart, hunk.OldCount);

            // An empty side names the line after which the other side goes, not a line of its own.
            var index = count == 0 ? start : start - 1;
            if (index < position || index > lines.Count)
            {
                return null;
            }

            for (; position < index; position++)
            {
                output.Append(lines[position]);
            }

            foreach (var line in hunk.Lines)
            {
                var full = line.NoNewlineAtEnd ? line.Text : line.Text + "\n";
                var inSource = line.Kind == ' ' || line.Kind == (reverse ? '+' : '-');
                var inTarget = line.Kind == ' ' || line.Kind == (reverse ? '-' : '+');
                if (inSource)
                {
                    if (position >= lines.Count || !string.Equals(lines[position], full, StringComparison.Ordinal))
                    {
                        return null;
                    }

                    position++;
                }

                if (inTarget)
                {
                    output.Append(full);
                }
            }
        }

        for (; position < lines.Count; position++)
        {
            output.Append(lines[position]);
        }

        return output.ToString();
    }

    private static List<string> SplitKeepingEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..next]);
            start = next;
        }

        return lines;
    }
}
