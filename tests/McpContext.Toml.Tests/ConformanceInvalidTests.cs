
namespace McpContext.Toml.Tests;

public sealed class ConformanceInvalidTests
{
    public static TheoryData<string> InvalidCases => TomlTestSuite.InvalidCases;

    public static TheoryData<string> InvalidCasesWithUtf8Text => TomlTestSuite.InvalidCasesWithUtf8Text;

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_document_is_rejected_with_positioned_diagnostics_and_without_throwing(string testCase)
    {
        var document = ParseWithoutThrowing(testCase, TomlTestSuite.ReadToml(testCase));

        Assert.True(document.HasErrors, $"{testCase}: invalid input was accepted (HasErrors is false).");
        // HasErrors without a diagnostic would leave the user with no explanation.
        Assert.True(document.Diagnostics.Count > 0, $"{testCase}: HasErrors is true but Diagnostics is empty.");
        foreach (var diagnostic in document.Diagnostics)
        {
            Assert.True(
                diagnostic.Line >= 1 && diagnostic.Column >= 1,
                $"{testCase}: diagnostic is not at a 1-based position: {diagnostic}");
        }
    }

    [Theory]
    [MemberData(nameof(InvalidCasesWithUtf8Text))]
    public void Invalid_document_still_prints_back_losslessly(string testCase)
    {
        var input = TomlTestSuite.ReadToml(testCase);
        var document = ParseWithoutThrowing(testCase, input);

        // Byte equality with the input is the same as string equality with its strict UTF-8 decoding,
        // and PrintBack reports a dropped BOM distinctly.
        var difference = PrintBack.Difference(input, document.ToFullString());
        Assert.True(difference is null, $"{testCase}: {difference}");
    }

    private static TomlDocument ParseWithoutThrowing(string testCase, byte[] input)
    {
        TomlDocument? document = null;
        var exception = Record.Exception(() => document = TomlDocument.Parse(input));
        Assert.True(exception is null, $"{testCase}: Parse threw instead of reporting a diagnostic: {exception}");
        return document!;
    }
}
