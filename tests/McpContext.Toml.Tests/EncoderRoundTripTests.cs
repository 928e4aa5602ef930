
namespace McpContext.Toml.Tests;

public sealed class EncoderRoundTripTests
{
    public static TheoryData<string> ValidCases => TomlTestSuite.ValidCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Encoded_model_parses_back_to_the_expected_tagged_json(string testCase)
    {
        var decoded = TomlDocument.Parse(TomlTestSuite.ReadToml(testCase));
        // A decoder failure is reported by ConformanceValidTests; stop here rather than encode a partial model.
        Assert.True(
            decoded.Diagnostics.Count == 0,
            $"{testCase}: the input itself did not parse cleanly:{TomlTestSuite.FormatDiagnostics(decoded)}");

        var encoded = TomlEncoder.Encode(decoded.Model);
        var reparsed = TomlDocument.Parse(encoded);
        Assert.True(
            reparsed.Diagnostics.Count == 0,
            $"{testCase}: encoded text does not parse:{TomlTestSuite.FormatDiagnostics(reparsed)}\n--- encoded ---\n{encoded}");

        var difference = TaggedJsonComparer.Compare(
            TomlTestSuite.ReadExpectedJson(testCase),
            TomlTaggedJson.FromModel(reparsed.Model));
        Assert.True(difference is null, $"{testCase}: {difference}\n--- encoded ---\n{encoded}");
    }
}
