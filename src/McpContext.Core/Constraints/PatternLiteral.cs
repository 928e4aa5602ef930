using System.Text;

namespace McpContext.Core.Constraints;

/// <summary>
/// The literal text every match of a rule's pattern contains, read from the pattern's start: after
/// <c>^</c>, <c>\A</c>, <c>\G</c>, <c>\b</c> or <c>\B</c>, the plain and escaped punctuation characters up to the
/// first metacharacter (<c>proxy_pass</c> in <c>proxy_pass\s+http://</c>). A line without it cannot match, so
/// the pattern need not run. Patterns this reading cannot vouch for give none: an alternation at the top
/// level, a comment group, free-spacing mode, backreferences or conditionals anywhere.
/// </summary>
internal static class PatternLiteral
{
    // Shorter runs occur in most lines and would filter nothing.
    private const int MinLength = 3;

    /// <summary>The required literal of <paramref name="pattern"/> (case-sensitive), or null.</summary>
    public static string? Of(string pattern)
    {
        if (!RuleSet.IsCombinable(pattern) || pattern.Contains("(?#", StringComparison.Ordinal) || HasTopLevelAlternation(pattern))
        {
            return null;
        }

        var i = 0;
        while (i < pattern.Length && (pattern[i] == '^' || (pattern[i] == '\\' && i + 1 < pattern.Length && pattern[i + 1] is 'A' or 'G' or 'b' or 'B')))
        {
            i += pattern[i] == '^' ? 1 : 2;
        }

        var literal = new StringBuilder();
        while (i < pattern.Length)
        {
            var (c, width) = pattern[i] == '\\' ? (i + 1 < pattern.Length ? pattern[i + 1] : '\0', 2) : (pattern[i], 1);
            var escaped = width == 2;
            if (c == '\0' || (escaped && char.IsAsciiLetterOrDigit(c)) || (!escaped && IsMetacharacter(c)))
            {
                break;
            }

            // A quantifier after the character makes it optional (or repeats it): the run ends before it.
            if (i + width < pattern.Length && pattern[i + width] is '*' or '+' or '?' or '{')
            {
                break;
            }

            literal.Append(c);
            i += width;
        }

        return literal.Length >= MinLength ? literal.ToString() : null;
    }

    private static bool IsMetacharacter(char c) => c is '.' or '[' or ']' or '(' or ')' or '{' or '}' or '|' or '*' or '+' or '?' or '^' or '$';

    private static bool HasTopLevelAlternation(string pattern)
    {
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = EndOfClass(pattern, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth <= 0:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The index of the <c>]</c> that closes the class opened at <paramref name="open"/> (a <c>]</c> first in it is literal).</summary>
    private static int EndOfClass(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return pattern.Length;
    }
}
