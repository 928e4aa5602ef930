
namespace McpContext.Toml.Tests;

public sealed class LosslessRoundTripTests
{
    public static TheoryData<string> ValidCases => TomlTestSuite.ValidCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_document_prints_back_to_its_input_bytes(string testCase)
    {
        var input = TomlTestSuite.ReadToml(testCase);
        var document = TomlDocument.Parse(input);
        var printed = document.ToFullString();

        var difference = PrintBack.Difference(input, printed);
        Assert.True(difference is null, $"{testCase}: {difference}");
        // The contract promises ToFullString() reproduces Text exactly; checked here so Text cannot drift on its own.
        Assert.Equal(document.Text, printed);
    }
}
