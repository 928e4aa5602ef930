using System.Text.Json.Nodes;
using McpContext.Toml;

namespace McpContext.Server.Tests;

/// <summary>Each example client configuration, parsed as its client would and started as it says, works.</summary>
public sealed class ClientConfigTests
{
    private static readonly string Clients = Path.Combine(AppContext.BaseDirectory, "examples", "clients");

    [Fact]
    public async Task The_codex_config_starts_a_server_that_lists_the_tools()
    {
        var document = TomlDocument.Parse(File.ReadAllBytes(Path.Combine(Clients, "codex", "config.toml")));
        Assert.Empty(document.Diagnostics);
        var server = Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(document.Model["mcp_servers"])["mcpcontext"]);
        Assert.True((long)server["startup_timeout_sec"] >= 10);

        await AssertServesAsync((string)server["command"], [.. ((TomlArray)server["args"]).Cast<string>()]);
    }

    [Fact]
    public async Task The_codex_http_config_reaches_a_running_server_with_the_token_from_the_variable_it_names()
    {
        var document = TomlDocument.Parse(File.ReadAllBytes(Path.Combine(Clients, "codex-http", "config.toml")));
        Assert.Empty(document.Diagnostics);
        var entry = Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(document.Model["mcp_servers"])["mcpcontext"]);
        var url = new Uri((string)entry["url"]);
        var variable = (string)entry["bearer_token_env_var"];
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var project = new TempProject(TempProject.Example);

        // The file names the default address; the test listens on a free port of the same host instead.
        await using var server = await McpctxHttp.StartAsync(["--urls", $"{url.Scheme}://{url.Host}:0", "--token-env", variable, "--root", project.Root], environment: new Dictionary<string, string?> { [variable] = token });
        await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(
            new ModelContextProtocol.Client.HttpClientTransport(new() { Endpoint = new UriBuilder(url) { Port = server.Endpoint.Port }.Uri, AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } }),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((7300, "/mcp"), (url.Port, url.AbsolutePath));
        Assert.Equal("wp-edge-core", (string?)(await client.CallOkAsync("context_get", new { path = "project" }))["value"]);
    }

    [Fact]
    public async Task The_vscode_config_starts_a_server_that_lists_the_tools()
    {
        var server = JsonNode.Parse(File.ReadAllText(Path.Combine(Clients, "vscode", ".vscode", "mcp.json")))!["servers"]!["mcpcontext"]!;
        Assert.Equal("stdio", (string?)server["type"]);

        await AssertServesAsync((string)server["command"]!, [.. server["args"]!.AsArray().Select(a => (string)a!)]);
    }

    [Fact]
    public async Task The_claude_code_config_starts_a_server_that_lists_the_tools()
    {
        var server = JsonNode.Parse(File.ReadAllText(Path.Combine(Clients, "claude-code", ".mcp.json")))!["mcpServers"]!["mcpcontext"]!;
        Assert.Equal("stdio", (string?)server["type"]);

        await AssertServesAsync((string)server["command"]!, [.. server["args"]!.AsArray().Select(a => (string)a!)]);
    }

    private static async Task AssertServesAsync(string command, IReadOnlyList<string> args)
    {
        using var project = new TempProject(TempProject.Example);

        // Clients start servers in the workspace; VS Code also substitutes ${workspaceFolder}.
        await using var client = await Mcpctx.ConnectAsync(command, args.Select(a => a.Replace("${workspaceFolder}", project.Root, StringComparison.Ordinal)), project.Root);
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await client.CallToolAsync("context_get", new Dictionary<string, object?> { ["path"] = "project" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("context_get", tools.Select(t => t.Name));
        Assert.Equal("wp-edge-core", (string?)JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!["value"]);
        Assert.Equal(project.ContextFile, (string?)JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!["file"]);
    }
}
