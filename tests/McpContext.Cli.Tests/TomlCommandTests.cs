using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using McpContext.Toml.Tests;

namespace McpContext.Cli.Tests;

/// <summary>The toml-test protocol through the real binary, as any external toml-test runner would drive it.</summary>
public sealed class TomlCommandTests
{
    private static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "toml-test");

    private static IEnumerable<string> Cases(string kind) =>
        File.ReadAllLines(Path.Combine(Suite, "files-toml-1.0.0"))
            .Where(line => line.StartsWith(kind, StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal));

    [Fact]
    public async Task Decode_prints_the_expected_tagged_json_for_every_valid_suite_case()
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Cases("valid/"), TestContext.Current.CancellationToken, async (file, _) =>
        {
            var result = await Mcpctx.RunAsync(File.ReadAllBytes(Path.Combine(Suite, file)), null, "toml", "decode");
            var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Suite, Path.ChangeExtension(file, ".json"))));
            var difference = result.ExitCode != 0 ? $"exit {result.ExitCode}: {result.Stderr}" : TaggedJsonComparer.Compare(expected, JsonNode.Parse(result.Stdout));
            if (difference is not null)
            {
                failures.Add($"{file}: {difference}");
            }
        });
        Assert.Equal(210, Cases("valid/").Count());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Decode_exits_1_with_positioned_errors_for_every_invalid_suite_case()
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Cases("invalid/"), TestContext.Current.CancellationToken, async (file, _) =>
        {
            var result = await Mcpctx.RunAsync(File.ReadAllBytes(Path.Combine(Suite, file)), null, "toml", "decode");
            if (result.ExitCode != 1 || result.Stdout.Length != 0 || !System.Text.RegularExpressions.Regex.IsMatch(result.Stderr, @"^<stdin>:\d+:\d+: \S"))
            {
                failures.Add($"{file}: exit {result.ExitCode}, stdout '{result.Stdout}', stderr '{result.Stderr}'");
            }
        });
        Assert.Equal(499, Cases("invalid/").Count());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Encode_writes_toml_that_decodes_back_to_the_same_tagged_json()
    {
        var json = """{"title": {"type": "string", "value": "x\ny"}, "when": {"type": "datetime", "value": "1979-05-27T07:32:00Z"}, "t": {"a": [{"type": "float", "value": "nan"}]}, "ki": [{"id": {"type": "integer", "value": "1"}}]}""";
        var encoded = await Mcpctx.RunAsync(Encoding.UTF8.GetBytes(json), null, "toml", "encode");
        Assert.Equal(0, encoded.ExitCode);
        Assert.Equal("title = \"x\\ny\"\nwhen = 1979-05-27T07:32:00Z\n\n[t]\na = [nan]\n\n[[ki]]\nid = 1\n", encoded.Stdout);

        var decoded = await Mcpctx.RunAsync(Encoding.UTF8.GetBytes(encoded.Stdout), null, "toml", "decode");
        Assert.Null(TaggedJsonComparer.Compare(JsonNode.Parse(json), JsonNode.Parse(decoded.Stdout)));
    }

    [Theory]
    [InlineData("[1, 2]", "<stdin>: $: expected a JSON object at the top level")]
    [InlineData("{\"a\": 1}", "<stdin>: $.a: expected an object or array, found Number")]
    [InlineData("{\"a\": {\"type\": \"integer\", \"value\": \"x\"}}", "<stdin>: $.a: 'x' is not a valid integer")]
    [InlineData("{\"a\": ", "<stdin>: ")]
    public async Task Encode_rejects_bad_tagged_json_naming_the_json_path(string input, string expectedStart)
    {
        var result = await Mcpctx.RunAsync(Encoding.UTF8.GetBytes(input), null, "toml", "encode");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(expectedStart, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_lists_each_error_as_file_line_column_and_fails()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-check-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "good.toml"), "a = 1\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "bad.toml"), "a = 1\n[t]\nport 80\n", TestContext.Current.CancellationToken);

        var result = await Mcpctx.RunAsync(null, dir.FullName, "toml", "check", "good.toml", "bad.toml");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("good.toml: ok\nbad.toml: 1 error(s)\n", result.Stdout);
        Assert.Equal("bad.toml:3:6: expected '=' after key 'port', found '8'\n", result.Stderr);

        var missing = await Mcpctx.RunAsync(null, dir.FullName, "toml", "check", "nope.toml");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("nope.toml: no such file\n", missing.Stderr);
    }
}
