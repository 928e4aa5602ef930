using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;

namespace McpContext.Core.Tests.Context;

/// <summary>
/// schemas/project-context.schema.json against the examples (checked by Ajv, a validator nobody here
/// wrote) and against the C# model (keys, types and enums must match, so neither can drift alone).
/// </summary>
public sealed class SchemaTests : IDisposable
{
    private static readonly JsonObject Schema = JsonNode.Parse(File.ReadAllText(RepoFiles.Schema))!.AsObject();

    private static readonly (Type Model, string Definition)[] Pairs =
    [
        (typeof(ProjectContext), ""),
        (typeof(Service), "service"),
        (typeof(Deployment), "deployment"),
        (typeof(Rollback), "rollback"),
        (typeof(HealthChecks), "health_checks"),
        (typeof(Ci), "ci"),
        (typeof(Core.Context.Model.Constraints), "constraints"),
        (typeof(ConstraintRule), "constraint_rule"),
        (typeof(KnownIssue), "known_issue"),
        (typeof(Lesson), "lesson"),
        (typeof(Decision), "decision"),
        (typeof(Verified), "verified"),
    ];

    // Value shapes shared by several keys, not types of their own.
    private static readonly string[] SharedDefinitions = ["port", "date", "paths"];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-schema-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static JsonObject Definition(string name) => name.Length == 0 ? Schema : Schema["$defs"]![name]!.AsObject();

    [Fact]
    public void Every_example_context_validates_against_the_schema_with_ajv()
    {
        var files = RepoFiles.ContextFiles;
        var jsonFiles = files.Select((file, i) =>
        {
            var json = Path.Combine(_dir.FullName, $"{i}-{Path.GetFileName(Path.GetDirectoryName(file))}.json");
            File.WriteAllText(json, ContextJson.ToObject(RepoFiles.Read(file).Model).ToJsonString());
            return json;
        }).ToList();

        var (exit, output) = Ajv(jsonFiles);

        Assert.True(exit == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_example_names_the_schema_for_editors_and_the_path_resolves()
    {
        foreach (var file in RepoFiles.ContextFiles)
        {
            var first = File.ReadLines(Path.Combine(RepoFiles.Directory, file)).First();
            var reference = first.StartsWith("#:schema ", StringComparison.Ordinal) ? first["#:schema ".Length..]
                : first.StartsWith("# yaml-language-server: $schema=", StringComparison.Ordinal) ? first["# yaml-language-server: $schema=".Length..]
                : null;
            Assert.True(reference is not null, $"{file} does not start with a #:schema or yaml-language-server line");
            var resolved = Path.GetFullPath(Path.Combine(RepoFiles.RepositoryRoot, Path.GetDirectoryName(file)!, reference));
            Assert.True(File.Exists(resolved), $"{file} names {reference}, which is not {resolved}");
        }
    }

    [Fact]
    public void Ajv_rejects_a_context_that_breaks_the_schema()
    {
        var broken = Path.Combine(_dir.FullName, "broken.json");
        File.WriteAllText(broken, """{"services": {"web": {"port": 70000}}, "constraints": {"rules": [{"id": "R-1", "effect": "block"}]}, "verified": {"commit": "main"}}""");

        var (exit, output) = Ajv([broken]);

        Assert.Equal(1, exit);
        Assert.Contains("/services/web/port must be <= 65535", output, StringComparison.Ordinal);
        Assert.Contains("/constraints/rules/0/effect must be equal to one of the allowed values", output, StringComparison.Ordinal);
        Assert.Contains("/verified/commit must match pattern", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_model_type_has_exactly_the_keys_of_its_schema_definition()
    {
        foreach (var (model, definition) in Pairs)
        {
            var schemaKeys = Definition(definition)["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            var modelKeys = Keys(model).Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.True(schemaKeys.SequenceEqual(modelKeys), $"{model.Name} has [{string.Join(", ", modelKeys)}] but $defs/{definition} has [{string.Join(", ", schemaKeys)}]");
        }
    }

    [Fact]
    public void Every_model_property_is_of_a_type_its_schema_accepts()
    {
        foreach (var (model, definition) in Pairs)
        {
            var properties = Definition(definition)["properties"]!.AsObject();
            foreach (var (name, property) in Keys(model))
            {
                var expected = JsonType(property.PropertyType);
                var accepted = properties[name] is { } schema ? AcceptedTypes(schema) : [];
                Assert.True(accepted.Contains(expected), $"{model.Name}.{property.Name} is {expected} in C#, but $defs/{definition}/{name} accepts [{string.Join(", ", accepted)}]");
            }
        }
    }

    [Fact]
    public void Every_schema_definition_is_a_model_type_or_a_shared_value_shape()
    {
        var definitions = Schema["$defs"]!.AsObject().Select(d => d.Key).Order(StringComparer.Ordinal);
        Assert.Equal(Pairs.Select(p => p.Definition).Where(d => d.Length > 0).Concat(SharedDefinitions).Order(StringComparer.Ordinal), definitions);
    }

    [Fact]
    public void Statuses_effects_and_change_kinds_are_the_same_lists_in_the_model_and_the_schema()
    {
        Assert.Equal(KnownIssue.Statuses, Enum(Definition("known_issue")["properties"]!["status"]!));
        Assert.Equal(Decision.Statuses, Enum(Definition("decision")["properties"]!["status"]!));
        Assert.Equal(ConstraintRule.Effects, Enum(Definition("constraint_rule")["properties"]!["effect"]!));
        Assert.Equal(ConstraintRule.ChangeKinds, Enum(Definition("constraint_rule")["properties"]!["changes"]!["items"]!));
    }

    private static string[] Enum(JsonNode node) => [.. node["enum"]!.AsArray().Select(v => v!.GetValue<string>())];

    /// <summary>The keys a model type reads and writes: its public properties, minus ignored and extension data.</summary>
    private static IEnumerable<(string Name, PropertyInfo Property)> Keys(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetCustomAttribute<JsonExtensionDataAttribute>() is null)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p));

    private static string JsonType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "string";
        }

        if (type == typeof(long))
        {
            return "integer";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return "array";
        }

        return "object";
    }

    private static HashSet<string> AcceptedTypes(JsonNode schema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (schema["$ref"] is { } reference)
        {
            types.UnionWith(AcceptedTypes(Definition(reference.GetValue<string>()["#/$defs/".Length..])));
        }

        foreach (var union in new[] { "oneOf", "anyOf" })
        {
            foreach (var branch in schema[union]?.AsArray() ?? [])
            {
                types.UnionWith(AcceptedTypes(branch!));
            }
        }

        switch (schema["type"])
        {
            case JsonArray many:
                types.UnionWith(many.Select(t => t!.GetValue<string>()));
                break;
            case JsonValue one:
                types.Add(one.GetValue<string>());
                break;
        }

        if (schema["enum"] is JsonArray values && values.All(v => v!.GetValueKind() == JsonValueKind.String))
        {
            types.Add("string");
        }

        return types;
    }

    /// <summary>Runs Ajv (tools/schema-check) on <paramref name="documents"/> against <paramref name="schema"/> (default: the project-context schema).</summary>
    internal static (int Exit, string Output) Ajv(IEnumerable<string> documents, string? schema = null)
    {
        var tool = Path.Combine(RepoFiles.RepositoryRoot, "tools", "schema-check");
        Assert.True(Directory.Exists(Path.Combine(tool, "node_modules", "ajv")), $"Ajv is not installed: run `npm ci` in {tool} (.ci/run does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = tool, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "validate.mjs", schema ?? RepoFiles.Schema }.Concat(documents))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
