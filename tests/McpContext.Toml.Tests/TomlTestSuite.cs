using System.Text;
using System.Text.Json.Nodes;

namespace McpContext.Toml.Tests;

/// <summary>Access to the toml-test data copied next to the test assembly.</summary>
internal static class TomlTestSuite
{
    public const int ValidCaseCount = 210;
    public const int InvalidCaseCount = 499;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "toml-test");

    // The upstream list is the authority on which cases apply to TOML 1.0.0.
    public static IReadOnlyList<string> ListedFiles { get; } =
        File.ReadAllLines(Path.Combine(Root, "files-toml-1.0.0"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToArray();

    public static IReadOnlyList<string> ValidCaseNames { get; } = CaseNames("valid/");

    public static IReadOnlyList<string> InvalidCaseNames { get; } = CaseNames("invalid/");

    public static TheoryData<string> ValidCases => new(ValidCaseNames);

    public static TheoryData<string> InvalidCases => new(InvalidCaseNames);

    // Print-back is only defined for input that decodes to text; undecodable cases are covered by the rejection test.
    public static TheoryData<string> InvalidCasesWithUtf8Text =>
        new(InvalidCaseNames.Where(name => IsStrictUtf8(ReadToml(name))));

    public static byte[] ReadToml(string caseName) =>
        // Raw bytes on purpose: File.ReadAllText would strip a BOM and replace bad UTF-8, hiding what is tested.
        File.ReadAllBytes(PathOf(caseName + ".toml"));

    // Parsed fresh on every call so no code under test can alter the expectation through a shared node.
    public static JsonObject ReadExpectedJson(string caseName) =>
        JsonNode.Parse(File.ReadAllText(PathOf(caseName + ".json")))?.AsObject()
            ?? throw new InvalidDataException($"{caseName}.json does not hold a JSON object.");

    public static bool IsStrictUtf8(byte[] bytes)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static string FormatDiagnostics(TomlDocument document)
    {
        var builder = new StringBuilder();
        foreach (var diagnostic in document.Diagnostics)
        {
            builder.Append("\n  ").Append(diagnostic);
        }

        return builder.ToString();
    }

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    // A case is named by its path without ".toml", e.g. "valid/string/escapes".
    private static string[] CaseNames(string prefix) =>
        ListedFiles
            .Where(file => file.StartsWith(prefix, StringComparison.Ordinal)
                && file.EndsWith(".toml", StringComparison.Ordinal))
            .Select(file => file[..^".toml".Length])
            .ToArray();
}
