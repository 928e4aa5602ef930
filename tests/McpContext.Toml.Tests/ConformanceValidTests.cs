
namespace McpContext.Toml.Tests;

public sealed class ConformanceValidTests
{
    public static TheoryData<string> ValidCases => TomlTestSuite.ValidCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_document_parses_without_diagnostics_and_decodes_to_the_expected_tagged_json(string testCase)
    {
        var document = TomlDocument.Parse(TomlTestSuite.ReadToml(testCase));

        Assert.True(
            document.Diagnostics.Count == 0,
            $"{testCase}: valid input produced diagnostics:{TomlTestSuite.FormatDiagnostics(document)}");

        var actual = TomlTaggedJson.FromModel(document.Model);
        var difference = TaggedJsonComparer.Compare(TomlTestSuite.ReadExpectedJson(testCase), actual);
        Assert.True(difference is null, $"{testCase}: {difference}\nactual tagged JSON: {actual.ToJsonString()}");
    }
}
