using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpContext.Core.Ledger;
using McpContext.Core.Tests.Context;
using YamlDotNet.RepresentationModel;

namespace McpContext.Core.Tests.Ledger;

/// <summary>
/// schemas/review.schema.json and schemas/task.schema.json, checked by Ajv (a validator nobody here
/// wrote) against real documents, and against the C# model so neither can drift alone.
/// </summary>
public sealed class LedgerSchemaTests : IDisposable
{
    private static readonly string ReviewSchema = Path.Combine(RepoFiles.Directory, "schemas", "review.schema.json");

    private static readonly string TaskSchema = Path.Combine(RepoFiles.Directory, "schemas", "task.schema.json");

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mcpctx-ledger-schema-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Reviews_as_the_ledger_records_them_validate_with_ajv()
    {
        TaskReview[] reviews =
        [
            new() { Status = "approved", Summary = "Good.", Commit = "0123abc", Reviewer = "chatgpt" },
            new() { Status = "changes_requested", Summary = "Not yet.", Findings = [new ReviewFinding("off by one", "major", "src/a.cs", 12), new ReviewFinding("nit")], MissingTests = ["empty input"], RecommendedActions = ["fix the loop"] },
            new() { Status = "rejected", Summary = "Wrong approach." },
        ];
        var files = reviews.Select((r, i) => Write($"review-{i}.json", JsonSerializer.Serialize(r, SnakeCase))).ToList();

        var (exit, output) = SchemaTests.Ajv(files, ReviewSchema);

        Assert.True(exit == 0, output);
        Assert.All(reviews, r => Assert.Empty(ReviewRules.Check(r)));
    }

    [Fact]
    public void Ajv_and_the_ledger_refuse_the_same_bad_review()
    {
        var bad = Write("bad.json", """{"status": "ok", "summary": " ", "findings": [{"message": "x", "severity": "blocker", "line": 0}], "commit": "main", "extra": 1}""");
        var noActions = Write("no-actions.json", """{"status": "changes_requested", "summary": "redo"}""");

        var (exit, output) = SchemaTests.Ajv([bad, noActions], ReviewSchema);

        Assert.Equal(1, exit);
        Assert.Contains($"invalid {bad}: / must NOT have additional properties", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {bad}: /status must be equal to one of the allowed values", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {bad}: /summary must match pattern \"\\S\"", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {bad}: /findings/0/severity must be equal to one of the allowed values", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {bad}: /findings/0/line must be >= 1", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {bad}: /findings/0 must have property file when property line is present", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {bad}: /commit must match pattern", output, StringComparison.Ordinal);
        Assert.Contains($"invalid {noActions}: / must have required property 'recommended_actions'", output, StringComparison.Ordinal);
        var ledger = ReviewRules.Check(new TaskReview { Status = "ok", Summary = " ", Findings = [new ReviewFinding("x", "blocker", null, 0)], Commit = "main" });
        Assert.Equal(["review.status", "review.summary", "review.findings[0].severity", "review.findings[0].line", "review.findings[0].line", "review.commit"], ledger.Select(p => p.Split(':')[0]));
    }

    [Fact]
    public void The_review_model_and_the_tool_input_have_exactly_the_schemas_keys_and_enums()
    {
        var schema = JsonNode.Parse(File.ReadAllText(ReviewSchema))!.AsObject();

        Assert.Equal(Keys(schema["properties"]!), ModelKeys(typeof(TaskReview)));
        Assert.Equal(Keys(schema["$defs"]!["finding"]!["properties"]!), ModelKeys(typeof(ReviewFinding)));
        Assert.Equal(ReviewRules.Statuses, Enum(schema["properties"]!["status"]!));
        Assert.Equal(ReviewRules.Severities, Enum(schema["$defs"]!["finding"]!["properties"]!["severity"]!));
    }

    [Fact]
    public void The_front_matter_keys_the_parser_reads_are_the_task_schemas_properties()
    {
        var schema = JsonNode.Parse(File.ReadAllText(TaskSchema))!.AsObject();

        Assert.Equal(Keys(schema["properties"]!), TaskSpecParser.FrontMatterKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_front_matter_of_every_example_task_and_of_a_created_task_validates_with_ajv()
    {
        var tasks = Directory.GetFiles(Path.Combine(RepoFiles.Directory, "examples"), "*.md", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "task-files"), "*.md").Where(f => !f.EndsWith("broken.md", StringComparison.Ordinal)))
            .ToList();
        var written = Path.Combine(_dir.FullName, "created.md");
        using (var ledger = new TaskLedger(_dir.FullName, new LedgerOptions { WatchForChanges = false }))
        {
            var created = ledger.Create(new NewTask { Title = "t", DependsOn = [], Priority = "P0", Tags = ["a b"], Executor = "codex", Reviewer = "chatgpt" }, "test", TestContext.Current.CancellationToken);
            File.Copy(Path.Combine(_dir.FullName, created.Task!.Spec.File), written);
        }

        var documents = tasks.Append(written).Select(FrontMatterJson).Where(j => j is not null).Select((json, i) => Write($"front-{i}.json", json!)).ToList();
        var (exit, output) = SchemaTests.Ajv(documents, TaskSchema);

        Assert.True(tasks.Count >= 4, "the example and fixture task files were not copied beside the tests");
        Assert.True(exit == 0, output);
        Assert.Equal(documents.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ajv_rejects_front_matter_that_breaks_the_task_schema()
    {
        var bad = Write("bad.json", """{"id": "has spaces", "priority": "yesterday", "owner_team": "x"}""");

        var (exit, output) = SchemaTests.Ajv([bad], TaskSchema);

        Assert.Equal(1, exit);
        Assert.Contains("/id must match pattern", output, StringComparison.Ordinal);
        Assert.Contains("/priority must match exactly one schema in oneOf", output, StringComparison.Ordinal);
        Assert.Contains("/ must NOT have additional properties", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_tasks_read_without_problems_and_their_logs_check_out()
    {
        var root = Path.Combine(RepoFiles.Directory, "examples", "wp-edge-core");
        using var ledger = new TaskLedger(root, new LedgerOptions { WatchForChanges = false });

        var snapshot = ledger.Read();

        Assert.Equal(["EDGE-001", "EDGE-002"], snapshot.Tasks.Select(t => t.Id));
        Assert.Empty(snapshot.Diagnostics);
        Assert.All(snapshot.Tasks, t => Assert.Equal(TaskState.Ready, t.State));
        Assert.Equal("EDGE-001", ledger.Next().Task?.Id);
        Assert.Equal(["bats tests/deploy/switch-slot.bats", "shellcheck deploy/scripts/switch-slot.sh deploy/scripts/lib/healthz.sh"], snapshot.Tasks[0].Spec.Checks.Select(c => c.Command));
    }

    /// <summary>The YAML front matter of a task file as JSON (plain integers as numbers), or null when it has none.</summary>
    private static string? FrontMatterJson(string file)
    {
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0 || lines[0] != "---")
        {
            return null;
        }

        var end = Array.IndexOf(lines, "---", 1);
        var stream = new YamlStream();
        stream.Load(new StringReader(string.Join('\n', lines[1..end])));
        return ToJson(stream.Documents[0].RootNode)!.ToJsonString();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var value } when long.TryParse(value, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static IEnumerable<string> Keys(JsonNode properties) => properties.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

    private static IEnumerable<string> ModelKeys(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
        .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
        .Order(StringComparer.Ordinal);

    private static string[] Enum(JsonNode node) => [.. node["enum"]!.AsArray().Select(v => v!.GetValue<string>())];
}
