using System.Text.Json.Serialization;

namespace McpContext.Core.Context.Model;

/// <summary>Source-generated JSON for the typed model, in the file's own snake_case key names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true
)]
[JsonSerializable(typeof(ProjectContext))]
[JsonSerializable(typeof(KnownIssue))]
[JsonSerializable(typeof(Lesson))]
[JsonSerializable(typeof(Decision))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
public sealed partial class ProjectContextJson : JsonSerializerContext;
