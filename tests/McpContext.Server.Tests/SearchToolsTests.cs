namespace McpContext.Server.Tests;

public sealed class SearchToolsTests
{
    [Fact]
    public async Task Search_returns_exactly_the_connector_shape_with_the_best_match_first()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var result = await server.CallOkAsync("search", new { query = "build workflow does not start after the tag is pushed" });

        Assert.Equal(["results"], result.Select(p => p.Key));
        var top = result["results"]!.AsArray()[0]!.AsObject();
        Assert.Equal(["id", "title", "url"], top.Select(p => p.Key));
        Assert.Equal(("known_issues/KI-001", "context://known_issues/KI-001"), ((string?)top["id"], (string?)top["url"]));
    }

    [Fact]
    public async Task Fetch_returns_exactly_the_connector_shape_with_the_full_text()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var result = await server.CallOkAsync("fetch", new { id = "lessons/L-001" });

        Assert.Equal(["id", "title", "text", "url", "metadata"], result.Select(p => p.Key));
        Assert.Contains("nginx -s reload", (string?)result["text"], StringComparison.Ordinal);
        Assert.Equal(("lessons", 16), ((string?)result["metadata"]!["kind"], ((string?)result["metadata"]!["revision"])!.Length));
    }

    [Fact]
    public async Task Fetch_of_an_unknown_id_says_what_ids_look_like()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var message = await server.CallErrorAsync("fetch", new { id = "KI-9" });

        Assert.Equal("invalid argument id: no part of the context has id 'KI-9'; ids look like section/project, section/project_type, section/description, section/current_focus; call search to find one", message);
    }

    [Fact]
    public async Task Search_finds_what_a_hand_edit_added_after_an_earlier_search()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        Assert.Empty((await server.CallOkAsync("search", new { query = "zeppelin" }))["results"]!.AsArray());
        project.HandEdit(TempProject.Example + "\n[[lessons]]\nid = \"L-009\"\ntitle = \"Zeppelin mode drains the battery\"\n");

        var result = await server.CallOkAsync("search", new { query = "zeppelin" });

        Assert.Equal("lessons/L-009", (string?)result["results"]![0]!["id"]);
    }
}
