using McpContext.Server.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

public sealed class RootDiscoveryTests
{
    private static async Task<string> ServedFile(ServerSettings settings, McpClientOptions? options = null)
    {
        await using var server = await InMemoryServer.StartAsync(settings, options);
        return (string)(await server.CallOkAsync("context_get"))["file"]!;
    }

    [Fact]
    public async Task Without_root_the_nearest_context_file_above_the_working_directory_is_served()
    {
        using var project = new TempProject(TempProject.Example);
        var nested = Directory.CreateDirectory(Path.Combine(project.Root, "src", "deep")).FullName;

        Assert.Equal(project.ContextFile, await ServedFile(new ServerSettings { WorkingDirectory = nested }));
    }

    [Fact]
    public async Task Without_a_context_file_the_git_root_is_the_project()
    {
        using var project = new TempProject();
        Directory.CreateDirectory(Path.Combine(project.Root, ".git"));
        var nested = Directory.CreateDirectory(Path.Combine(project.Root, "src")).FullName;

        Assert.Equal(project.ContextFile, await ServedFile(new ServerSettings { WorkingDirectory = nested }));
    }

    [Fact]
    public async Task Without_a_context_file_or_git_the_working_directory_is_the_project()
    {
        using var project = new TempProject();

        Assert.Equal(project.ContextFile, await ServedFile(new ServerSettings { WorkingDirectory = project.Root }));
    }

    [Fact]
    public async Task An_explicit_root_wins_over_the_working_directory_and_the_client_roots()
    {
        using var project = new TempProject(TempProject.Example);
        using var other = new TempProject(TempProject.Example);

        Assert.Equal(project.ContextFile, await ServedFile(new ServerSettings { Root = project.Root, WorkingDirectory = other.Root }, WithRoots(other.Root)));
    }

    [Fact]
    public async Task Without_root_the_clients_first_file_root_is_the_project()
    {
        using var workspace = new TempProject(TempProject.Example);
        using var cwd = new TempProject(TempProject.Example);

        Assert.Equal(workspace.ContextFile, await ServedFile(new ServerSettings { WorkingDirectory = cwd.Root }, WithRoots(workspace.Root)));
    }

    private static McpClientOptions WithRoots(string directory) => new()
    {
        ClientInfo = new Implementation { Name = "ide", Version = "1.0" },
        ProtocolVersion = "2025-11-25",
#pragma warning disable MCP9005 // roots are deprecated from 2026-07-28 on, but today's IDE clients send them
        Capabilities = new ClientCapabilities { Roots = new RootsCapability() },
        Handlers = new McpClientHandlers
        {
            RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult
            {
                Roots = [new Root { Uri = "https://example.com/not-a-folder" }, new Root { Uri = new Uri(directory).AbsoluteUri, Name = "workspace" }],
            }),
        },
#pragma warning restore MCP9005
    };
}
