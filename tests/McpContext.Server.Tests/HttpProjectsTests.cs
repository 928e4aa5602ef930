using System.Net;
using McpContext.Server.Http;

namespace McpContext.Server.Tests;

/// <summary>Several projects behind one HTTP server, each at /p/{name}/mcp, sharing nothing.</summary>
public sealed class HttpProjectsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpServerSettings TwoProjects(TempProject edge, TempProject docs) => new()
    {
        Projects = [new HttpProject("edge", edge.Root), new HttpProject("docs", docs.Root)],
        Urls = ["http://127.0.0.1:0"],
    };

    [Fact]
    public async Task Each_project_has_its_own_endpoint_and_sees_only_its_own_context()
    {
        using var edge = new TempProject(TempProject.Example);
        using var docs = new TempProject("project = \"docs-site\"\n");
        await using var server = await LoopbackHttpServer.StartAsync(TwoProjects(edge, docs));
        var edgeUrl = new Uri(server.Endpoint, "/p/edge/mcp");
        var docsUrl = new Uri(server.Endpoint, "/p/docs/mcp");
        await using var edgeClient = await server.ConnectAsync(edgeUrl);
        await using var docsClient = await server.ConnectAsync(docsUrl);

        var edgeContext = await edgeClient.CallOkAsync("context_get", new { path = "project" });
        var docsContext = await docsClient.CallOkAsync("context_get", new { path = "project" });
        var docsSearch = await docsClient.CallOkAsync("search", new { query = "nginx reload upstream" });
        var docsResources = await docsClient.ListResourcesAsync(cancellationToken: Cancel);

        Assert.Equal(["/p/edge/mcp", "/p/docs/mcp"], server.Server.Paths);
        Assert.Equal(("wp-edge-core", edge.ContextFile), ((string?)edgeContext["value"], (string?)edgeContext["file"]));
        Assert.Equal(("docs-site", docs.ContextFile), ((string?)docsContext["value"], (string?)docsContext["file"]));
        Assert.Empty(docsSearch["results"]!.AsArray());
        Assert.Equal(["context://project"], docsResources.Select(r => r.Uri));
    }

    [Fact]
    public async Task A_write_through_one_project_changes_only_that_projects_file()
    {
        using var edge = new TempProject(TempProject.Example);
        using var docs = new TempProject("project = \"docs-site\"\n");
        await using var server = await LoopbackHttpServer.StartAsync(TwoProjects(edge, docs));
        await using var docsClient = await server.ConnectAsync(new Uri(server.Endpoint, "/p/docs/mcp"));
        var before = File.ReadAllText(edge.ContextFile);

        var read = await docsClient.CallOkAsync("context_get");
        await docsClient.CallOkAsync("context_update", new { operations = new[] { new { op = "set", path = "description", value = "the documentation site" } }, expected_revision = (string?)read["revision"], reason = "focus" });

        Assert.Contains("description = \"the documentation site\"", File.ReadAllText(docs.ContextFile), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(edge.ContextFile));
    }

    [Fact]
    public async Task A_session_of_one_project_does_not_exist_at_another()
    {
        using var edge = new TempProject(TempProject.Example);
        using var docs = new TempProject("project = \"docs-site\"\n");
        await using var server = await LoopbackHttpServer.StartAsync(TwoProjects(edge, docs));
        var edgeSession = await server.StartSessionAsync(endpoint: new Uri(server.Endpoint, "/p/edge/mcp"));

        using var response = await server.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"context_get","arguments":{}}}""", edgeSession, endpoint: new Uri(server.Endpoint, "/p/docs/mcp"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_named_projects_there_is_no_plain_endpoint()
    {
        using var edge = new TempProject(TempProject.Example);
        using var docs = new TempProject("project = \"docs-site\"\n");
        await using var server = await LoopbackHttpServer.StartAsync(TwoProjects(edge, docs));

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, endpoint: new Uri(server.Endpoint, "/mcp"));
        using var unknown = await server.PostAsync(LoopbackHttpServer.Initialize, endpoint: new Uri(server.Endpoint, "/p/secrets/mcp"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found: no MCP endpoint at '/mcp'; this server's endpoints: /p/edge/mcp, /p/docs/mcp", (await HttpErrorTests.ErrorOf(response)).Message);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Each_project_has_its_own_oauth_resource_and_a_token_for_one_is_refused_by_the_other()
    {
        using var edge = new TempProject(TempProject.Example);
        using var docs = new TempProject("project = \"docs-site\"\n");
        await using var authority = await TestAuthorizationServer.StartAsync();
        await using var server = await LoopbackHttpServer.StartAsync(TwoProjects(edge, docs) with { OAuth = new OAuthSettings { Issuer = authority.Issuer } });
        var edgeUrl = new Uri(server.Endpoint, "/p/edge/mcp");
        var docsUrl = new Uri(server.Endpoint, "/p/docs/mcp");
        var edgeToken = authority.Tokens.Create(edgeUrl.ToString());

        var metadata = await server.Http.GetStringAsync(new Uri(server.Endpoint, "/.well-known/oauth-protected-resource/p/docs/mcp"), Cancel);
        using var root = await server.Http.GetAsync(new Uri(server.Endpoint, "/.well-known/oauth-protected-resource"), Cancel);
        await using var edgeClient = await server.ConnectAsync(edgeUrl, bearer: edgeToken);
        using var atDocs = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Headers.Add("Authorization", $"Bearer {edgeToken}"), endpoint: docsUrl);

        Assert.Contains($"\"resource\":\"{docsUrl}\"", metadata, StringComparison.Ordinal);
        Assert.Contains("\"resource_name\":\"McpContext: docs\"", metadata, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, atDocs.StatusCode);
        Assert.Contains($"resource_metadata=\"{server.Endpoint.GetLeftPart(UriPartial.Authority)}/.well-known/oauth-protected-resource/p/docs/mcp\"", atDocs.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"Unauthorized: aud does not include '{docsUrl}'", (await HttpErrorTests.ErrorOf(atDocs)).Message, StringComparison.Ordinal);
    }
}
