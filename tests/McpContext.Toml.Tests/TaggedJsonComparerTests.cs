using System.Text.Json.Nodes;

namespace McpContext.Toml.Tests;

public sealed class TaggedJsonComparerTests
{
    [Theory]
    [InlineData("float", "1e+06", "1000000.0")]
    [InlineData("float", "nan", "-nan")]
    [InlineData("float", "inf", "+inf")]
    [InlineData("float", "-0", "0")]
    [InlineData("bool", "true", "TRUE")]
    [InlineData("datetime", "1987-07-05T17:45:56.600+08:00", "1987-07-05 09:45:56.6z")]
    [InlineData("datetime", "0001-01-01T00:00:00Z", "0001-01-01T01:00:00+01:00")]
    [InlineData("datetime-local", "1979-05-27T07:32:00", "1979-05-27t07:32:00.000")]
    [InlineData("date-local", "1979-05-27", "1979-05-27")]
    [InlineData("time-local", "07:32:00.5", "07:32:00.500")]
    public void Scalars_spelled_differently_but_meaning_the_same_are_equal(string type, string expected, string actual) =>
        Assert.Null(TaggedJsonComparer.Compare(Table("k", Scalar(type, expected)), Table("k", Scalar(type, actual))));

    [Theory]
    [InlineData("integer", "1", "+1")]
    [InlineData("string", "a", "A")]
    [InlineData("string", "a", "a ")]
    [InlineData("float", "inf", "-inf")]
    [InlineData("float", "nan", "0")]
    [InlineData("float", "0.1", "0.2")]
    [InlineData("bool", "true", "false")]
    [InlineData("datetime", "1979-05-27T07:32:00Z", "1979-05-27T07:32:00+01:00")]
    [InlineData("datetime-local", "1979-05-27T07:32:00.123", "1979-05-27T07:32:00.124")]
    [InlineData("date-local", "1979-05-27", "1979-05-28")]
    [InlineData("time-local", "07:32:00", "not a time")]
    [InlineData("date-local", "2023-02-29", "2023-02-29")]
    public void Scalars_with_different_values_are_reported_at_their_path(string type, string expected, string actual)
    {
        var message = TaggedJsonComparer.Compare(Table("k", Scalar(type, expected)), Table("k", Scalar(type, actual)));

        Assert.NotNull(message);
        Assert.StartsWith($"$.k: expected {type} ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void First_difference_inside_nested_arrays_is_named_by_its_full_path()
    {
        var expected = Parse("""{"a": {"b": [{"type": "integer", "value": "1"}, {"type": "integer", "value": "2"}, {"type": "integer", "value": "3"}]}}""");
        var actual = Parse("""{"a": {"b": [{"type": "integer", "value": "1"}, {"type": "integer", "value": "2"}, {"type": "integer", "value": "4"}]}}""");

        Assert.Equal("$.a.b[2]: expected integer 3, got integer 4", TaggedJsonComparer.Compare(expected, actual));
    }

    [Fact]
    public void Key_order_does_not_matter()
    {
        var expected = Parse("""{"x": {"type": "string", "value": "1"}, "y": [{}, []]}""");
        var actual = Parse("""{"y": [{}, []], "x": {"type": "string", "value": "1"}}""");

        Assert.Null(TaggedJsonComparer.Compare(expected, actual));
    }

    [Theory]
    [InlineData("""{"a": {"type": "integer", "value": "1"}, "b": {"type": "integer", "value": "2"}}""", """{"a": {"type": "integer", "value": "1"}}""", "$.b: expected integer 2, got nothing (key missing)")]
    [InlineData("""{"a": {"type": "integer", "value": "1"}}""", """{"a": {"type": "integer", "value": "1"}, "c d": {}}""", "$[\"c d\"]: expected nothing, got table with 0 key(s) (unexpected key)")]
    [InlineData("""{"a": {"type": "integer", "value": "1"}}""", """{"a": {"type": "float", "value": "1"}}""", "$.a: expected integer 1, got float 1")]
    [InlineData("""{"a": [{}, {}]}""", """{"a": [{}]}""", "$.a: expected array of 2 element(s), got array of 1 element(s)")]
    [InlineData("""{"a": {}}""", """{"a": []}""", "$.a: expected table with 0 key(s), got array of 0 element(s)")]
    [InlineData("""{"a": {"type": "integer", "value": "1"}}""", """{"a": {"type": "integer", "value": 1}}""", "$.a: expected integer 1, got table with 2 key(s)")]
    [InlineData("""{"": {"type": "string", "value": "x"}}""", """{"": {"type": "string", "value": "x\ty"}}""", "$[\"\"]: expected string \"x\", got string \"x\\ty\"")]
    public void Structural_differences_are_reported_with_path_and_both_sides(string expected, string actual, string message) =>
        Assert.Equal(message, TaggedJsonComparer.Compare(Parse(expected), Parse(actual)));

    [Fact]
    public void Table_with_keys_named_type_and_value_is_compared_as_a_table()
    {
        var expected = Parse("""{"t": {"type": {"type": "string", "value": "fruit"}, "value": {"type": "integer", "value": "1"}}}""");
        var actual = Parse("""{"t": {"type": {"type": "string", "value": "fruit"}, "value": {"type": "integer", "value": "2"}}}""");

        Assert.Null(TaggedJsonComparer.Compare(expected, Parse(expected.ToJsonString())));
        Assert.Equal("$.t.value: expected integer 1, got integer 2", TaggedJsonComparer.Compare(expected, actual));
    }

    private static JsonObject Scalar(string type, string value) => new() { ["type"] = type, ["value"] = value };

    private static JsonObject Table(string key, JsonNode value) => new() { [key] = value };

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
