using McpContext.Core.Context.Model;
using McpContext.Core.Knowledge;
using McpContext.Toml;

namespace McpContext.Core.Tests.Knowledge;

public sealed class ContextBriefingTests
{
    private static readonly TomlTable Example =
        TomlDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "repo-files", "examples", "wp-edge-core", "project-context.toml"))).Model;

    [Fact]
    public void Items_covering_a_touched_path_come_first_in_file_order_then_text_matches_best_first()
    {
        var items = ContextBriefing.Relevant(Example, "CUDA init fails with the wrong L4T base image", [".github/workflows/build.yml"], _ => true, 10);

        Assert.Equal(
            ["KI-001: its paths cover .github/workflows/build.yml", "KI-002: its paths cover .github/workflows/build.yml", "L-002: its paths cover .github/workflows/build.yml", "L-003: it matches the description"],
            items.Take(4).Select(i => $"{i.Item.Id}: {i.Reason}"));
    }

    [Fact]
    public void A_directory_finds_the_items_whose_globs_reach_into_it()
    {
        var items = ContextBriefing.Relevant(Example, null, ["deploy"], _ => true, 10);

        Assert.Equal(["KI-003", "L-001"], items.Select(i => i.Item.Id));
    }

    [Fact]
    public void The_filter_and_the_limit_apply_to_both_kinds_of_match()
    {
        var items = ContextBriefing.Relevant(Example, "nginx restart websocket", [".github/workflows/build.yml"], i => i is Lesson, 2);

        Assert.Equal(["L-002", "L-001"], items.Select(i => i.Item.Id));
    }

    [Fact]
    public void An_empty_glob_in_an_item_is_skipped_not_fatal()
    {
        var model = TomlDocument.Parse("[[lessons]]\nid = \"L-1\"\ntitle = \"t\"\npaths = [\"\", \"src/**\"]\n"u8.ToArray()).Model;

        var items = ContextBriefing.Relevant(model, null, ["src/x.cs"], _ => true, 5);

        Assert.Equal("its paths cover src/x.cs", Assert.Single(items).Reason);
    }
}
