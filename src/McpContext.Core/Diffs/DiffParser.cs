using System.Globalization;
using System.Text;

namespace McpContext.Core.Diffs;

/// <summary>The line-by-line reader behind <see cref="UnifiedDiff.Parse(string, int)"/>.</summary>
internal sealed class DiffParser
{
    // Past this many problems the input is not a diff with a slip in it; more messages would not help.
    private const int MaxProblems = 20;

    // Lines as offsets into the text: a large diff has hundreds of thousands of lines, and only the hunk
    // lines' text and the header lines need strings of their own.
    private readonly string _text;
    private readonly List<int> _starts = [];
    private readonly List<FileDiff> _files = [];
    private readonly List<DiffProblem> _problems = [];
    private readonly int _firstLine;
    private int _i;

    /// <param name="text">The diff, or a part of one that starts at a line of its own.</param>
    /// <param name="firstLine">The line number of <paramref name="text"/>'s first line in the whole diff.</param>
    public DiffParser(string text, int firstLine = 1)
    {
        _text = text;
        _firstLine = firstLine;
        for (var start = 0; start < text.Length;)
        {
            _starts.Add(start);
            var end = text.IndexOf('\n', start);
            start = end < 0 ? text.Length : end + 1;
        }

        // Where a line after the last would start, so every line ends one character (its line feed) before the next start.
        _starts.Add(text.EndsWith('\n') ? text.Length : text.Length + 1);
    }

    private int Count => _starts.Count - 1;

    public UnifiedDiff Parse()
    {
        // Text before the first file (a commit message from git format-patch, say) is not part of the diff.
        while (_i < Count && !StartsFile(_i))
        {
            _i++;
        }

        if (_i == Count && !string.IsNullOrWhiteSpace(_text))
        {
            Problem(0, "no file in it: a unified diff has 'diff --git a/... b/...' or '--- a/...' and '+++ b/...' lines before each file's hunks");
        }

        while (_i < Count && _problems.Count < MaxProblems)
        {
            var line = Header(_i);
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                ParseGitFile();
            }
            else if (StartsFile(_i))
            {
                ParsePlainFile();
            }
            else if (line.Length == 0 || line.StartsWith("diff ", StringComparison.Ordinal) || line.StartsWith("Only in ", StringComparison.Ordinal))
            {
                // Blank lines, and the separators diff -r writes between files.
                _i++;
            }
            else if (line == "-- ")
            {
                // git format-patch's signature: the version line after it is not diff text.
                SkipToNextFile(_i + 1);
            }
            else
            {
                Problem(_i, $"unexpected text between files: '{Clip(line)}'");
                SkipToNextFile(_i + 1);
            }
        }

        return new UnifiedDiff(_files, _problems);
    }

    private void ParseGitFile()
    {
        var start = _i;
        var (oldName, newName) = SplitGitHeader(Header(_i)["diff --git ".Length..]);
        oldName = StripPrefix(oldName, "a/");
        newName = StripPrefix(newName, "b/");
        var file = new FileDiff { Kind = DiffChangeKind.Modify, DiffLine = Number(start) };
        for (_i++; _i < Count; _i++)
        {
            var line = Header(_i);
            if (Rest(line, "old mode ") is { } oldMode)
            {
                file = file with { OldMode = oldMode };
            }
            else if (Rest(line, "new mode ") is { } newMode)
            {
                file = file with { NewMode = newMode };
            }
            else if (Rest(line, "deleted file mode ") is { } deletedMode)
            {
                file = file with { Kind = DiffChangeKind.Delete, OldMode = deletedMode };
            }
            else if (Rest(line, "new file mode ") is { } addedMode)
            {
                file = file with { Kind = DiffChangeKind.Add, NewMode = addedMode };
            }
            else if (Rest(line, "rename from ") is { } renameFrom)
            {
                (file, oldName) = (file with { Kind = DiffChangeKind.Rename }, ParseName(renameFrom));
            }
            else if (Rest(line, "rename to ") is { } renameTo)
            {
                newName = ParseName(renameTo);
            }
            else if (Rest(line, "copy from ") is { } copyFrom)
            {
                (file, oldName) = (file with { Kind = DiffChangeKind.Copy }, ParseName(copyFrom));
            }
            else if (Rest(line, "copy to ") is { } copyTo)
            {
                newName = ParseName(copyTo);
            }
            else if (Rest(line, "similarity index ") is { } similarity)
            {
                file = file with { Similarity = int.TryParse(similarity.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? percent : null };
            }
            else if (!line.StartsWith("dissimilarity index ", StringComparison.Ordinal) && !line.StartsWith("index ", StringComparison.Ordinal))
            {
                break;
            }
        }

        if (_i < Count && Header(_i).StartsWith("Binary files ", StringComparison.Ordinal))
        {
            file = file with { IsBinary = true };
            _i++;
        }
        else if (_i < Count && Header(_i) == "GIT binary patch")
        {
            // Base85 blocks (literal/delta), ended by the next file.
            file = file with { IsBinary = true };
            SkipToNextFile(_i + 1, gitOnly: true);
        }
        else if (_i < Count && Header(_i).StartsWith("--- ", StringComparison.Ordinal))
        {
            if (!ReadFileNames(out var fromDash, out var fromPlus))
            {
                return;
            }

            oldName = fromDash is null ? oldName : StripPrefix(fromDash, "a/");
            newName = fromPlus is null ? newName : StripPrefix(fromPlus, "b/");
        }

        var oldPath = file.Kind == DiffChangeKind.Add ? null : oldName;
        var newPath = file.Kind == DiffChangeKind.Delete ? null : newName;
        if ((file.Kind != DiffChangeKind.Add && oldPath is null) || (file.Kind != DiffChangeKind.Delete && newPath is null))
        {
            Problem(start, $"cannot tell the file names from '{Clip(Header(start))}'");
            SkipToNextFile(_i);
            return;
        }

        Finish(file with { OldPath = oldPath, NewPath = newPath }, start);
    }

    private void ParsePlainFile()
    {
        var start = _i;
        if (!ReadFileNames(out var oldName, out var newName))
        {
            return;
        }

        // diff -u writes the names as given; a/ and b/ on both sides are the usual prefixes of a patch meant for -p1.
        if (oldName?.StartsWith("a/", StringComparison.Ordinal) != false && newName?.StartsWith("b/", StringComparison.Ordinal) != false)
        {
            oldName = StripPrefix(oldName, "a/");
            newName = StripPrefix(newName, "b/");
        }

        var kind = oldName is null ? DiffChangeKind.Add : newName is null ? DiffChangeKind.Delete : DiffChangeKind.Modify;
        if (oldName is null && newName is null)
        {
            Problem(start, "both file names are /dev/null");
            SkipToNextFile(_i);
            return;
        }

        // Without git's headers a differing old name is a backup (file.orig), not a rename: the change is to the new file.
        Finish(new FileDiff { Kind = kind, OldPath = kind == DiffChangeKind.Modify ? newName : oldName, NewPath = newName, DiffLine = Number(start) }, start);
    }

    /// <summary>Reads the <c>---</c>/<c>+++</c> pair at the cursor; null names are <c>/dev/null</c>.</summary>
    private bool ReadFileNames(out string? oldName, out string? newName)
    {
        oldName = newName = null;
        if (_i + 1 >= Count || !Header(_i + 1).StartsWith("+++ ", StringComparison.Ordinal))
        {
            Problem(_i, "a '---' line must be followed by a '+++' line");
            SkipToNextFile(_i + 1);
            return false;
        }

        oldName = ParseName(Header(_i)[4..], timestamped: true);
        newName = ParseName(Header(_i + 1)[4..], timestamped: true);
        _i += 2;
        return true;
    }

    private void Finish(FileDiff file, int start)
    {
        foreach (var path in new[] { file.OldPath, file.NewPath })
        {
            if (path is not null && !IsInside(path))
            {
                Problem(start, $"the path '{path}' is not inside the repository: diff paths are relative and never go up with '..'");
                SkipToNextFile(_i);
                return;
            }
        }

        var hunks = new List<DiffHunk>();
        while (_i < Count && Line(_i).StartsWith("@@", StringComparison.Ordinal))
        {
            if (ParseHunk() is not { } hunk)
            {
                return;
            }

            hunks.Add(hunk);
        }

        _files.Add(file with { Hunks = hunks });
    }

    private DiffHunk? ParseHunk()
    {
        var at = _i;
        if (!TryParseHunkHeader(Header(at), out var oldStart, out var oldCount, out var newStart, out var newCount))
        {
            Problem(at, $"malformed hunk header '{Clip(Header(at))}': expected '@@ -start,count +start,count @@'");
            SkipToNextFile(at + 1);
            return null;
        }

        var lines = new List<HunkLine>(oldCount + newCount);
        int oldLeft = oldCount, newLeft = newCount, oldNumber = oldStart, newNumber = newStart;
        for (_i = at + 1; oldLeft > 0 || newLeft > 0; _i++)
        {
            if (_i >= Count)
            {
                Problem(at, $"the hunk ends early: the diff stops with {oldLeft} old and {newLeft} new line(s) of it still to come");
                return null;
            }

            var line = Line(_i);

            // An empty line is a context line whose leading space an editor or mailer stripped.
            var kind = line.IsEmpty ? ' ' : line[0];
            var text = line.IsEmpty ? "" : new string(line[1..]);
            switch (kind)
            {
                case ' ' when oldLeft > 0 && newLeft > 0:
                    lines.Add(new HunkLine(' ', text, Number(_i), oldNumber++, newNumber++));
                    oldLeft--;
                    newLeft--;
                    break;
                case '-' when oldLeft > 0:
                    lines.Add(new HunkLine('-', text, Number(_i), oldNumber++, 0));
                    oldLeft--;
                    break;
                case '+' when newLeft > 0:
                    lines.Add(new HunkLine('+', text, Number(_i), 0, newNumber++));
                    newLeft--;
                    break;
                case '\\':
                    MarkNoNewline(lines);
                    break;
                case ' ' or '-' or '+':
                    Problem(_i, $"the hunk at line {Number(at)} ({Clip(Header(at))}) has more {(kind == '+' ? "added" : kind == '-' ? "removed" : "context")} lines than its header counts");
                    SkipToNextFile(_i + 1);
                    return null;
                default:
                    Problem(_i, $"expected a hunk line starting with ' ', '+', '-' or '\\', found '{Clip(Header(_i))}' (the hunk at line {Number(at)} still has {oldLeft} old and {newLeft} new line(s) to come)");
                    SkipToNextFile(_i + 1);
                    return null;
            }
        }

        if (_i < Count && Line(_i).StartsWith('\\'))
        {
            MarkNoNewline(lines);
            _i++;
        }

        return new DiffHunk(Number(at), oldStart, oldCount, newStart, newCount, lines);
    }

    private static void MarkNoNewline(List<HunkLine> lines)
    {
        if (lines.Count > 0)
        {
            lines[^1] = lines[^1] with { NoNewlineAtEnd = true };
        }
    }

    private static bool TryParseHunkHeader(string line, out int oldStart, out int oldCount, out int newStart, out int newCount)
    {
        oldStart = oldCount = newStart = newCount = 0;
        var span = line.AsSpan();
        if (!span.StartsWith("@@ -") || !TryRange(ref span, 4, out oldStart, out oldCount) || !span.StartsWith(" +") || !TryRange(ref span, 2, out newStart, out newCount))
        {
            return false;
        }

        return span.StartsWith(" @@");
    }

    private static bool TryRange(ref ReadOnlySpan<char> span, int skip, out int start, out int count)
    {
        span = span[skip..];
        count = 1;
        if (!TryNumber(ref span, out start))
        {
            return false;
        }

        if (span.StartsWith(","))
        {
            span = span[1..];
            return TryNumber(ref span, out count);
        }

        return true;
    }

    private static bool TryNumber(ref ReadOnlySpan<char> span, out int value)
    {
        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            digits++;
        }

        var ok = int.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value);
        span = span[digits..];
        return ok;
    }

    private bool StartsFile(int i)
    {
        var line = Header(i);
        return line.StartsWith("diff --git ", StringComparison.Ordinal)
            || (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < Count && Header(i + 1).StartsWith("+++ ", StringComparison.Ordinal)
                && i + 2 < Count && Line(i + 2).StartsWith("@@", StringComparison.Ordinal));
    }

    private void SkipToNextFile(int from, bool gitOnly = false)
    {
        _i = from;
        while (_i < Count && !(gitOnly ? Header(_i).StartsWith("diff --git ", StringComparison.Ordinal) : StartsFile(_i)))
        {
            _i++;
        }
    }

    private void Problem(int index, string message) => _problems.Add(new DiffProblem(Number(index), message));

    /// <summary>The 1-based line number, in the whole diff, of the line at <paramref name="index"/> of this text.</summary>
    private int Number(int index) => _firstLine + index;

    /// <summary>A header line without the carriage return a CRLF diff leaves on it.</summary>
    private string Header(int i)
    {
        var line = Line(i);
        return new string(line.EndsWith('\r') ? line[..^1] : line);
    }

    /// <summary>Line <paramref name="i"/> without its line feed.</summary>
    private ReadOnlySpan<char> Line(int i) => _text.AsSpan(_starts[i], _starts[i + 1] - 1 - _starts[i]);

    private static string? Rest(string line, string prefix) => line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : null;

    private static string Clip(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 79), "…");

    private static string? StripPrefix(string? name, string prefix) =>
        name is not null && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;

    private static bool IsInside(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !(path.Length > 1 && path[1] == ':')
        && !path.Split('/').Any(segment => segment == "..");

    /// <summary>The two names of <c>diff --git A B</c>, either of which may be quoted; null when they cannot be told apart.</summary>
    private static (string? Old, string? New) SplitGitHeader(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var (first, after) = ReadQuoted(rest);
            return after.StartsWith(' ') ? (first, ParseName(after[1..])) : (first, null);
        }

        var quoted = rest.IndexOf(" \"", StringComparison.Ordinal);
        if (quoted >= 0)
        {
            return (rest[..quoted], ParseName(rest[(quoted + 1)..]));
        }

        // Unquoted names may hold spaces; the usual case is the same name twice ("a/x y b/x y").
        if (rest.Length % 2 == 1 && rest[rest.Length / 2] == ' ')
        {
            var (left, right) = (rest[..(rest.Length / 2)], rest[(rest.Length / 2 + 1)..]);
            if (left.Length > 2 && right.Length > 2 && left[2..] == right[2..])
            {
                return (left, right);
            }
        }

        var split = rest.IndexOf(" b/", StringComparison.Ordinal);
        return split >= 0 && rest.IndexOf(" b/", split + 1, StringComparison.Ordinal) < 0 ? (rest[..split], rest[(split + 1)..]) : (null, null);
    }

    /// <summary>A file name as git writes it: C-quoted, or raw up to a tab (diff -u puts a timestamp after one).</summary>
    private static string? ParseName(string text, bool timestamped = false)
    {
        string name;
        if (text.StartsWith('"'))
        {
            name = ReadQuoted(text).Value;
        }
        else
        {
            var tab = timestamped ? text.IndexOf('\t', StringComparison.Ordinal) : -1;
            name = tab >= 0 ? text[..tab] : text;
        }

        return name == "/dev/null" ? null : name;
    }

    /// <summary>Decodes a C-style quoted name (<c>\t</c>, <c>\"</c>, <c>\\</c>, octal bytes of UTF-8); returns it and the text after the closing quote.</summary>
    private static (string Value, string After) ReadQuoted(string text)
    {
        var bytes = new List<byte>(text.Length);
        var i = 1;
        for (; i < text.Length && text[i] != '"'; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }

            var c = text[++i];
            if (c is >= '0' and <= '7' && i + 2 < text.Length)
            {
                bytes.Add((byte)(((c - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
                i += 2;
                continue;
            }

            bytes.Add(c switch
            {
                'a' => 7,
                'b' => 8,
                't' => 9,
                'n' => 10,
                'v' => 11,
                'f' => 12,
                'r' => 13,
                _ => (byte)c,
            });
        }

        return (Encoding.UTF8.GetString([.. bytes]), i < text.Length ? text[(i + 1)..] : "");
    }
}
