namespace McpContext.Toml.Tests;

/// <summary>The example contexts and this repository's own context: valid, lossless, and editable.</summary>
public sealed class RepositoryFilesTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "repo-files");

    private static readonly string[] Names = [.. Directory.GetFiles(Root, "*.toml", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Files => new(Names);

    [Fact]
    public void The_examples_and_the_repository_context_are_all_here()
    {
        Assert.Contains(Path.Combine("examples", "wp-edge-core", "project-context.toml"), Names);
        Assert.Contains(Path.Combine("examples", "ledger-api", "project-context.toml"), Names);
        Assert.Contains("project-context.toml", Names);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Context_file_is_valid_and_prints_back_byte_for_byte(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, file));
        var document = TomlDocument.Parse(bytes);
        Assert.Empty(document.Diagnostics);
        Assert.Equal(bytes, System.Text.Encoding.UTF8.GetBytes(document.ToFullString()));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Editing_one_value_changes_only_that_value(string file)
    {
        var document = TomlDocument.Parse(File.ReadAllBytes(Path.Combine(Root, file)));
        var result = new TomlEditor(document).Set("project", "renamed");
        Assert.True(result.Succeeded, result.Error);

        var before = document.Text.Split('\n');
        var after = result.Document.Text.Split('\n');
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Single(changed);
        Assert.Equal("project = \"renamed\"", after[changed[0]]);
    }
}
