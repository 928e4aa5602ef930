using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace McpContext.Toml;

/// <summary>
/// A TOML table: string keys to values, in the order they were defined. Values are <see cref="string"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="TomlDateTime"/>,
/// <see cref="TomlArray"/> or <see cref="TomlTable"/>.
/// </summary>
public sealed class TomlTable : IDictionary<string, object>, IReadOnlyDictionary<string, object>
{
    // Most tables in real files hold a handful of keys; a linear scan beats hashing there and saves
    // allocating a dictionary per table. The index is built only once a table grows past this size.
    private const int IndexThreshold = 8;

    private readonly List<Entry> _entries = [];
    private Dictionary<string, int>? _index;

    /// <summary>How the table came to exist; the parser uses it to enforce TOML's definition rules.</summary>
    internal TableOrigin Origin { get; set; }

    /// <summary>Offset in the source where the table was defined, or -1 when built in code.</summary>
    internal int SourceOffset { get; set; } = -1;

    /// <inheritdoc cref="IDictionary{TKey, TValue}.this" />
    public object this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"key '{key}' is not in the table");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ValidateText(key, nameof(key));
            ValidateValue(value);
            var i = IndexOf(key);
            if (i >= 0)
            {
                _entries[i] = _entries[i] with { Value = value };
            }
            else
            {
                AddEntry(key, value, -1);
            }
        }
    }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ICollection<string> Keys => _entries.ConvertAll(e => e.Key);

    /// <inheritdoc />
    public ICollection<object> Values => _entries.ConvertAll(e => e.Value);

    IEnumerable<string> IReadOnlyDictionary<string, object>.Keys => Keys;

    IEnumerable<object> IReadOnlyDictionary<string, object>.Values => Values;

    bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;

    /// <inheritdoc />
    public void Add(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateText(key, nameof(key));
        ValidateValue(value);
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"key '{key}' is already in the table", nameof(key));
        }

        AddEntry(key, value, -1);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = null;
            return false;
        }

        value = _entries[i].Value;
        return true;
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _entries.RemoveAt(i);
        _index = null;
        if (_entries.Count > IndexThreshold)
        {
            BuildIndex();
        }

        return true;
    }

    /// <inheritdoc />
    public void Clear()
    {
        _entries.Clear();
        _index = null;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var e in _entries)
        {
            yield return new KeyValuePair<string, object>(e.Key, e.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) =>
        TryGetValue(item.Key, out var v) && Equals(v, item.Value);

    void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)this).Contains(item) && Remove(item.Key);

    /// <summary>Offset in the source where <paramref name="key"/> was first defined, or -1.</summary>
    internal int GetSourceOffset(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? -1 : _entries[i].SourceOffset;
    }

    /// <summary>Adds a key the caller has already checked is absent.</summary>
    internal void AddParsed(string key, object value, int sourceOffset) => AddEntry(key, value, sourceOffset);

    private void AddEntry(string key, object value, int sourceOffset)
    {
        _entries.Add(new Entry(key, value, sourceOffset));
        if (_index is not null)
        {
            _index[key] = _entries.Count - 1;
        }
        else if (_entries.Count > IndexThreshold)
        {
            BuildIndex();
        }
    }

    private void BuildIndex()
    {
        _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _entries.Count; i++)
        {
            _index[_entries[i].Key] = i;
        }
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal static void ValidateValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is string s)
        {
            ValidateText(s, nameof(value));
        }

        if (value is not (string or long or double or bool or TomlDateTime or TomlArray or TomlTable))
        {
            throw new ArgumentException(
                $"a TOML value must be string, long, double, bool, TomlDateTime, TomlArray or TomlTable, not {value.GetType().Name}",
                nameof(value));
        }
    }

    /// <summary>TOML text is Unicode: a string with half a surrogate pair cannot be written to a file.</summary>
    internal static void ValidateText(string text, string parameter)
    {
        if (ScalarDecoder.FindUnpairedSurrogate(text) is var i and >= 0)
        {
            throw new ArgumentException($"the text holds an unpaired surrogate U+{(int)text[i]:X4} at index {i}; TOML text must be valid Unicode", parameter);
        }
    }

    private readonly record struct Entry(string Key, object Value, int SourceOffset);
}

/// <summary>How a table was created; TOML forbids defining the same table twice in different ways.</summary>
internal enum TableOrigin : byte
{
    /// <summary>Built in code, not parsed.</summary>
    Code,

    /// <summary>Created as a parent of a <c>[a.b]</c> header; a later <c>[a]</c> may still define it.</summary>
    Implicit,

    /// <summary>Defined by its own <c>[header]</c>.</summary>
    Header,

    /// <summary>Created by a dotted key such as <c>a.b = 1</c>.</summary>
    Dotted,

    /// <summary>An inline table <c>{ ... }</c>: closed once written.</summary>
    Inline,

    /// <summary>An element of an array of tables <c>[[a]]</c>.</summary>
    ArrayElement,
}
