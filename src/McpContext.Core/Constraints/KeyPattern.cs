using McpContext.Toml;

namespace McpContext.Core.Constraints;

/// <summary>
/// A context key pattern from a rule's <c>keys</c> or <c>constraints.locked</c>: keys joined by dots, where
/// <c>*</c> stands for any one key or array index (<c>services.*.port</c>, <c>known_issues[*].status</c>).
/// </summary>
public sealed class KeyPattern
{
    private readonly TomlPathSegment?[] _segments;

    private KeyPattern(string text, TomlPathSegment?[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern; quoted keys (<c>"a.b"</c>) may hold dots.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KeyPattern? pattern, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        var segments = new List<TomlPathSegment?>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                var inner = close < 0 ? "" : text[(i + 1)..close];
                if (inner == "*")
                {
                    segments.Add(null);
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(TomlPathSegment.ForIndex(index));
                }
                else
                {
                    error = $"'{text}' is not a key pattern: expected [n] or [*] at position {i + 1}";
                    return false;
                }

                i = close + 1;
            }
            else if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    error = $"'{text}' is not a key pattern: the quoted key at position {i + 1} is not closed";
                    return false;
                }

                segments.Add(TomlPathSegment.ForKey(text[(i + 1)..close]));
                i = close + 1;
            }
            else
            {
                var end = text.IndexOfAny(['.', '['], i);
                end = end < 0 ? text.Length : end;
                var key = text[i..end].Trim();
                if (key.Length == 0)
                {
                    error = $"'{text}' is not a key pattern: an empty key at position {i + 1}";
                    return false;
                }

                segments.Add(key == "*" ? null : TomlPathSegment.ForKey(key));
                i = end;
            }

            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (i == text.Length)
                {
                    error = $"'{text}' is not a key pattern: it ends with a dot";
                    return false;
                }
            }
            else if (i < text.Length && text[i] != '[')
            {
                error = $"'{text}' is not a key pattern: expected a dot at position {i + 1}";
                return false;
            }
        }

        if (segments.Count == 0)
        {
            error = "a key pattern cannot be empty";
            return false;
        }

        pattern = new KeyPattern(text, [.. segments]);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether a change at <paramref name="path"/> concerns the pattern: the path lies under a key the pattern
    /// names (<c>deployment.rollback</c> covers <c>deployment.rollback.required</c>), or replaces a value the
    /// pattern lies under (a short-form <c>services.blue = 3001</c> for <c>services.*.port</c>).
    /// </summary>
    public bool Matches(TomlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var count = Math.Min(path.Count, _segments.Length);
        for (var i = 0; i < count; i++)
        {
            if (_segments[i] is { } segment && segment != path.Segments[i])
            {
                return false;
            }
        }

        return count > 0;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
