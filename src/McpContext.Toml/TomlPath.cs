using System.Text;

namespace McpContext.Toml;

/// <summary>One step of a <see cref="TomlPath"/>: a table key, or an array index when <see cref="Key"/> is null.</summary>
public readonly record struct TomlPathSegment(string? Key, int Index)
{
    /// <summary>True for an array index.</summary>
    public bool IsIndex => Key is null;

    /// <summary>A table key.</summary>
    public static TomlPathSegment ForKey(string key) => new(key ?? throw new ArgumentNullException(nameof(key)), -1);

    /// <summary>An array index.</summary>
    public static TomlPathSegment ForIndex(int index) =>
        index >= 0 ? new(null, index) : throw new ArgumentOutOfRangeException(nameof(index));
}

/// <summary>
/// The address of a value in a document: dotted keys with optional array indices, written the way TOML
/// writes keys, e.g. <c>services.blue.port</c>, <c>known_issues[2].status</c>, <c>"blue slot".port</c>.
/// </summary>
public sealed class TomlPath : IEquatable<TomlPath>
{
    private readonly TomlPathSegment[] _segments;

    private TomlPath(TomlPathSegment[] segments) => _segments = segments;

    /// <summary>The document root.</summary>
    public static TomlPath Root { get; } = new([]);

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<TomlPathSegment> Segments => _segments;

    /// <summary>Number of steps.</summary>
    public int Count => _segments.Length;

    /// <summary>True for the document root.</summary>
    public bool IsRoot => _segments.Length == 0;

    /// <summary>The path without its last step.</summary>
    public TomlPath Parent => IsRoot ? throw new InvalidOperationException("the root has no parent") : new(_segments[..^1]);

    /// <summary>The last step.</summary>
    public TomlPathSegment Last => IsRoot ? throw new InvalidOperationException("the root has no last step") : _segments[^1];

    /// <summary>Builds a path from steps.</summary>
    public static TomlPath From(IEnumerable<TomlPathSegment> segments) => new([.. segments]);

    /// <summary>Builds a path of keys only.</summary>
    public static TomlPath FromKeys(params IEnumerable<string> keys) => new([.. keys.Select(TomlPathSegment.ForKey)]);

    /// <summary>This path with a key added.</summary>
    public TomlPath Append(string key) => new([.. _segments, TomlPathSegment.ForKey(key)]);

    /// <summary>This path with an index added.</summary>
    public TomlPath Append(int index) => new([.. _segments, TomlPathSegment.ForIndex(index)]);

    /// <summary>The first <paramref name="count"/> steps.</summary>
    public TomlPath Take(int count) => new(_segments[..count]);

    /// <summary>True when <paramref name="other"/> is this path or lies under it.</summary>
    public bool IsPrefixOf(TomlPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._segments.Length >= _segments.Length && other._segments.AsSpan(0, _segments.Length).SequenceEqual(_segments);
    }

    /// <summary>Parses a path; throws <see cref="FormatException"/> naming the column of the problem.</summary>
    public static TomlPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    /// <summary>Parses a path, or explains (with a 1-based column) why it is not one.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TomlPath? path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = null;
        var segments = new List<TomlPathSegment>();
        var i = 0;
        while (i < text.Length)
        {
            if (segments.Count > 0)
            {
                if (text[i] == '[')
                {
                    var close = text.IndexOf(']', i);
                    if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    {
                        error = $"invalid path '{text}' at column {i + 1}: expected an array index such as [0]";
                        return false;
                    }

                    segments.Add(TomlPathSegment.ForIndex(index));
                    i = close + 1;
                    continue;
                }

                if (text[i] != '.')
                {
                    error = $"invalid path '{text}' at column {i + 1}: expected '.' or '[' after '{From(segments)}'";
                    return false;
                }

                i++;
            }

            if (!TryReadKey(text, ref i, out var key))
            {
                error = $"invalid path '{text}' at column {i + 1}: expected a key (bare, \"quoted\" or 'literal')";
                return false;
            }

            segments.Add(TomlPathSegment.ForKey(key));
        }

        path = new TomlPath([.. segments]);
        error = null;
        return true;
    }

    /// <summary>A bare key, or a quoted one decoded exactly as the TOML parser decodes keys (escapes included).</summary>
    private static bool TryReadKey(string text, ref int i, out string key)
    {
        key = "";
        if (i >= text.Length)
        {
            return false;
        }

        if (text[i] is '"' or '\'')
        {
            var quote = text[i];
            var end = i + 1;
            while (end < text.Length && text[end] != quote)
            {
                end += quote == '"' && text[end] == '\\' ? 2 : 1;
            }

            if (end >= text.Length)
            {
                return false;
            }

            var kind = quote == '"' ? Syntax.TomlTokenKind.BasicString : Syntax.TomlTokenKind.LiteralString;
            var valid = true;
            var decoded = ScalarDecoder.DecodeString(text, new Syntax.TomlToken(kind, i, end + 1 - i), (_, _) => valid = false);
            if (!valid || decoded is null)
            {
                return false;
            }

            key = decoded;
            i = end + 1;
            return true;
        }

        var start = i;
        while (i < text.Length && Syntax.TomlLexer.IsBareKeyChar(text[i]))
        {
            i++;
        }

        key = text[start..i];
        return i > start;
    }

    /// <summary>The path in the same syntax <see cref="Parse"/> reads.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var s in _segments)
        {
            if (s.IsIndex)
            {
                sb.Append('[').Append(s.Index).Append(']');
            }
            else
            {
                sb.Append(sb.Length == 0 ? "" : ".").Append(TomlKeyFormatter.FormatKey(s.Key!));
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(TomlPath? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TomlPath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var s in _segments)
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }
}
