using System.Globalization;

namespace McpContext.Core.Ledger;

/// <summary>Task priorities as people write them (<c>high</c>, <c>P1</c>, <c>1</c>), as numbers: lower runs first.</summary>
public static class TaskPriority
{
    /// <summary>The priority of a task that states none: medium.</summary>
    public const int Default = 2;

    /// <summary>The lowest priority (the largest number) there is.</summary>
    public const int Lowest = 4;

    private static readonly string[] Labels = ["critical", "high", "medium", "low", "lowest"];

    private static readonly Dictionary<string, int> Words = new(StringComparer.Ordinal)
    {
        ["critical"] = 0, ["urgent"] = 0, ["blocker"] = 0, ["highest"] = 0,
        ["high"] = 1, ["important"] = 1,
        ["medium"] = 2, ["normal"] = 2, ["default"] = 2, ["moderate"] = 2,
        ["low"] = 3, ["minor"] = 3,
        ["lowest"] = 4, ["trivial"] = 4, ["someday"] = 4,
    };

    /// <summary>Reads <c>critical</c>, <c>high</c>, <c>medium</c>, <c>low</c>, <c>lowest</c> (and the usual synonyms), <c>P0</c>–<c>P4</c> or <c>0</c>–<c>4</c>.</summary>
    public static bool TryParse(string? text, out int priority)
    {
        var key = (text ?? "").Trim().ToLowerInvariant();
        if (Words.TryGetValue(key, out priority))
        {
            return true;
        }

        var digits = key.StartsWith('p') ? key[1..] : key;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out priority) && priority <= Lowest)
        {
            return true;
        }

        priority = Default;
        return false;
    }

    /// <summary><c>P1 (high)</c>.</summary>
    public static string Describe(int priority) => string.Create(CultureInfo.InvariantCulture, $"P{priority} ({Label(priority)})");

    /// <summary><c>high</c> for 1.</summary>
    public static string Label(int priority) => Labels[Math.Clamp(priority, 0, Lowest)];

    internal const string Expected = "critical, high, medium, low, lowest, or P0 to P4 (lower runs first)";
}
