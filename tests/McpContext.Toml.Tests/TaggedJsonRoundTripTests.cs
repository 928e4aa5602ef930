
namespace McpContext.Toml.Tests;

public sealed class TaggedJsonRoundTripTests
{
    public static TheoryData<string> ValidCases => TomlTestSuite.ValidCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Expected_tagged_json_survives_ToModel_then_FromModel(string testCase)
    {
        // Two separate parses: the one handed to ToModel cannot be the one the result is compared with.
        var model = TomlTaggedJson.ToModel(TomlTestSuite.ReadExpectedJson(testCase));
        var actual = TomlTaggedJson.FromModel(model);

        var difference = TaggedJsonComparer.Compare(TomlTestSuite.ReadExpectedJson(testCase), actual);
        Assert.True(difference is null, $"{testCase}: {difference}\nactual tagged JSON: {actual.ToJsonString()}");
    }
}
