using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpContext.Core.Context.Model;

/// <summary>When the context was last checked against the repository: <c>[verified]</c>.</summary>
public sealed record Verified
{
    /// <summary>The git commit it was checked at.</summary>
    public string? Commit { get; init; }

    /// <summary>When, as an RFC 3339 date-time or a date.</summary>
    public string? At { get; init; }

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    internal static Verified Read(ModelReader r) => new()
    {
        Commit = r.String("commit"),
        At = r.Date("at"),
        Extra = r.Extra(),
    };
}
