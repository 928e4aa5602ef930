namespace McpContext.Toml.Tests;

/// <summary>
/// Runs the editor over every valid toml-test document: each value, wherever and however it is written
/// (dotted keys, inline tables, arrays, arrays of tables), must be replaceable and removable, and the
/// result must re-parse to exactly the intended model. The editor checks that itself and refuses
/// otherwise, so a refusal here is a bug.
/// </summary>
public sealed class EditorSuiteTests
{
    public static TheoryData<string> ValidCases => TomlTestSuite.ValidCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Every_value_of_a_valid_document_can_be_replaced_and_removed(string testCase)
    {
        var document = TomlDocument.Parse(TomlTestSuite.ReadToml(testCase));
        foreach (var path in Paths(document.Model, TomlPath.Root))
        {
            var replaced = new TomlEditor(document).Set(path, "edited");
            Assert.True(replaced.Succeeded, $"set {path}: {replaced.Error}");
            Assert.True(TomlModel.TryGetValue(replaced.Document.Model, path, out var value) && Equals(value, "edited"), $"set {path}");

            var removed = new TomlEditor(document).Remove(path);
            Assert.True(removed.Succeeded, $"remove {path}: {removed.Error}");
        }
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void A_key_can_be_added_to_every_table_of_a_valid_document(string testCase)
    {
        var document = TomlDocument.Parse(TomlTestSuite.ReadToml(testCase));
        foreach (var path in Paths(document.Model, TomlPath.Root).Prepend(TomlPath.Root))
        {
            if (TomlModel.TryGetValue(document.Model, path, out var value) && value is TomlTable)
            {
                var added = new TomlEditor(document).Set(path.Append("added-key"), new TomlTable { ["n"] = 1L });
                Assert.True(added.Succeeded, $"add to {path}: {added.Error}");
            }
        }
    }

    private static IEnumerable<TomlPath> Paths(object value, TomlPath at)
    {
        var children = value switch
        {
            TomlTable table => table.Select(pair => (Path: at.Append(pair.Key), pair.Value)).ToList(),
            TomlArray array => array.Select((item, i) => (Path: at.Append(i), Value: item)).ToList(),
            _ => [],
        };
        foreach (var (path, child) in children)
        {
            yield return path;
            foreach (var nested in Paths(child, path))
            {
                yield return nested;
            }
        }
    }
}
