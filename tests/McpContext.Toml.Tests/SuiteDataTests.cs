
namespace McpContext.Toml.Tests;

public sealed class SuiteDataTests
{
    [Fact]
    public void Suite_list_names_exactly_210_valid_and_499_invalid_cases()
    {
        Assert.Equal(TomlTestSuite.ValidCaseCount, TomlTestSuite.ValidCaseNames.Count);
        Assert.Equal(TomlTestSuite.InvalidCaseCount, TomlTestSuite.InvalidCaseNames.Count);
    }

    [Fact]
    public void Data_folder_holds_exactly_the_listed_case_files()
    {
        var onDisk = Directory.EnumerateFiles(TomlTestSuite.Root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(TomlTestSuite.Root, file).Replace('\\', '/'))
            .Where(file => file.StartsWith("valid/", StringComparison.Ordinal)
                || file.StartsWith("invalid/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(TomlTestSuite.ListedFiles.Order(StringComparer.Ordinal), onDisk);
        Assert.Equal(TomlTestSuite.ValidCaseCount, CountOf(onDisk, "valid/", ".toml"));
        Assert.Equal(TomlTestSuite.ValidCaseCount, CountOf(onDisk, "valid/", ".json"));
        Assert.Equal(TomlTestSuite.InvalidCaseCount, CountOf(onDisk, "invalid/", ".toml"));
    }

    private static int CountOf(IEnumerable<string> files, string folder, string extension) =>
        files.Count(file => file.StartsWith(folder, StringComparison.Ordinal)
            && file.EndsWith(extension, StringComparison.Ordinal));
}
