using System.Text.Json;
using McpContext.Toml;

namespace McpContext.Core.Context.Model;

/// <summary>A problem found while reading the typed model: the key path and what is wrong there.</summary>
internal readonly record struct ModelProblem(TomlPath Path, string Message);

/// <summary>
/// Reads one table into typed values, leniently: a value of the wrong type becomes a problem and is left
/// out of the typed model, and every key nobody asked for is kept as extra data so nothing is dropped.
/// </summary>
internal sealed class ModelReader(TomlTable table, TomlPath at, List<ModelProblem> problems)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public TomlPath At => at;

    public List<ModelProblem> Problems => problems;

    public object? Raw(string key)
    {
        _read.Add(key);
        return table.TryGetValue(key, out var value) ? value : null;
    }

    public string? String(string key) => Typed<string>(key, "a string");

    public long? Integer(string key) => Raw(key) switch
    {
        null => null,
        long l => l,
        var other => Mismatch<long?>(key, "an integer", other),
    };

    public bool? Bool(string key) => Raw(key) switch
    {
        null => null,
        bool b => b,
        var other => Mismatch<bool?>(key, "true or false", other),
    };

    /// <summary>A TOML date or date-time, or a string (JSON and YAML have no date type); returned as text.</summary>
    public string? Date(string key) => Raw(key) switch
    {
        null => null,
        TomlDateTime { Kind: not TomlDateTimeKind.LocalTime } dt => dt.ToString(),
        string s => s,
        var other => Mismatch<string>(key, "a date (YYYY-MM-DD) or date-time", other),
    };

    public string? OneOf(string key, IReadOnlyList<string> allowed)
    {
        var value = String(key);
        return value is null || IsOneOf(value, allowed, at.Append(key)) ? value : null;
    }

    /// <summary>An array of strings; with <paramref name="allowed"/>, other strings are problems and left out too.</summary>
    public IReadOnlyList<string> Strings(string key, IReadOnlyList<string>? allowed = null)
    {
        switch (Raw(key))
        {
            case null:
                return [];
            case TomlArray array:
                var strings = new List<string>(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is string s)
                    {
                        if (allowed is null || IsOneOf(s, allowed, at.Append(key).Append(i)))
                        {
                            strings.Add(s);
                        }
                    }
                    else
                    {
                        problems.Add(new(at.Append(key).Append(i), $"expected a string, found {TomlModel.Describe(array[i])}"));
                    }
                }

                return strings;
            case var other:
                return Mismatch<IReadOnlyList<string>>(key, "an array of strings", other) ?? [];
        }
    }

    public ModelReader? Table(string key) => Raw(key) switch
    {
        null => null,
        TomlTable child => new ModelReader(child, at.Append(key), problems),
        var other => Mismatch<ModelReader>(key, "a table", other),
    };

    /// <summary>Tables in an array of tables; anything else in it is a problem.</summary>
    public IEnumerable<ModelReader> Tables(string key)
    {
        switch (Raw(key))
        {
            case null:
                yield break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is TomlTable item)
                    {
                        yield return new ModelReader(item, at.Append(key).Append(i), problems);
                    }
                    else
                    {
                        problems.Add(new(at.Append(key).Append(i), $"expected a table, found {TomlModel.Describe(array[i])}"));
                    }
                }

                yield break;
            case var other:
                Mismatch<object>(key, "an array of tables", other);
                yield break;
        }
    }

    /// <summary>The keys nobody read, as JSON, or null when there are none.</summary>
    public Dictionary<string, JsonElement>? Extra()
    {
        Dictionary<string, JsonElement>? extra = null;
        foreach (var (key, value) in table)
        {
            if (!_read.Contains(key))
            {
                (extra ??= new(StringComparer.Ordinal))[key] = JsonSerializer.SerializeToElement(ContextJson.ToNode(value), ProjectContextJson.Default.JsonNode);
            }
        }

        return extra;
    }

    public T? Mismatch<T>(string key, string expected, object found)
    {
        problems.Add(new(at.Append(key), $"expected {expected}, found {TomlModel.Describe(found)}"));
        return default;
    }

    private bool IsOneOf(string value, IReadOnlyList<string> allowed, TomlPath path)
    {
        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        problems.Add(new(path, $"'{value}' is not one of: {string.Join(", ", allowed)}"));
        return false;
    }

    private T? Typed<T>(string key, string expected)
        where T : class => Raw(key) switch
        {
            null => null,
            T value => value,
            var other => Mismatch<T>(key, expected, other),
        };
}
