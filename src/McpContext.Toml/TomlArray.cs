using System.Collections.ObjectModel;

namespace McpContext.Toml;

/// <summary>A TOML array. Elements may mix types, as TOML 1.0 allows.</summary>
public sealed class TomlArray : Collection<object>
{
    /// <summary>Creates an empty array.</summary>
    public TomlArray()
    {
    }

    /// <summary>Creates an array holding <paramref name="items"/>.</summary>
    public TomlArray(IEnumerable<object> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>True when the array was written as <c>[[name]]</c> sections; such arrays may be extended, static ones may not.</summary>
    internal bool IsArrayOfTables { get; set; }

    /// <inheritdoc />
    protected override void InsertItem(int index, object item)
    {
        TomlTable.ValidateValue(item);
        base.InsertItem(index, item);
    }

    /// <inheritdoc />
    protected override void SetItem(int index, object item)
    {
        TomlTable.ValidateValue(item);
        base.SetItem(index, item);
    }
}
