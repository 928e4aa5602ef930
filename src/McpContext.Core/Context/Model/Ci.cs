using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpContext.Core.Context.Model;

/// <summary>The CI pipeline: <c>[ci]</c>.</summary>
public sealed record Ci
{
    /// <summary>The CI system (github-actions, gitlab-ci, ...).</summary>
    public string? Pipeline { get; init; }

    /// <summary>Where jobs run, including self-hosted runner labels.</summary>
    public string? Runner { get; init; }

    /// <summary>The workflow files, as paths relative to the repository root.</summary>
    public IReadOnlyList<string> Workflows { get; init; } = [];

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    internal static Ci Read(ModelReader r) => new()
    {
        Pipeline = r.String("pipeline"),
        Runner = r.String("runner"),
        Workflows = r.Strings("workflows"),
        Extra = r.Extra(),
    };
}
