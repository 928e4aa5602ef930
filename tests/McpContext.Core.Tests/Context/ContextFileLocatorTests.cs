using McpContext.Core.Context;

namespace McpContext.Core.Tests.Context;

public sealed class ContextFileLocatorTests
{
    [Fact]
    public void Finds_the_nearest_context_file_at_or_above_a_directory()
    {
        var root = Directory.CreateTempSubdirectory("mcpctx-locate-");
        var outer = Path.Combine(root.FullName, ContextFileLocator.FileName);
        File.WriteAllText(outer, "project = \"outer\"\n");
        var inner = Directory.CreateDirectory(Path.Combine(root.FullName, "services", "api"));
        var deep = Directory.CreateDirectory(Path.Combine(inner.FullName, "src", "handlers"));

        Assert.Equal(outer, ContextFileLocator.Find(deep.FullName));

        var nearer = Path.Combine(inner.FullName, ContextFileLocator.FileName);
        File.WriteAllText(nearer, "project = \"inner\"\n");
        Assert.Equal(nearer, ContextFileLocator.Find(deep.FullName));
        Assert.Equal(outer, ContextFileLocator.Find(root.FullName));
    }

    [Fact]
    public void An_existing_file_is_taken_as_given_whatever_its_name()
    {
        var root = Directory.CreateTempSubdirectory("mcpctx-locate-");
        var file = Path.Combine(root.FullName, "other.toml");
        File.WriteAllText(file, "");
        Assert.Equal(file, ContextFileLocator.Find(file));
    }

    [Fact]
    public void Returns_null_when_no_directory_up_to_the_root_has_one()
    {
        var root = Directory.CreateTempSubdirectory("mcpctx-locate-");
        Assert.Null(ContextFileLocator.Find(Path.Combine(root.FullName, "missing", "dir")));
    }
}
