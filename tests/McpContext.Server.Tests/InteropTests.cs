using System.Diagnostics;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tests;

/// <summary>A client we did not write, the MCP Inspector's CLI mode (node, tools/interop), against the built <c>mcpctx serve</c>.</summary>
public sealed class InteropTests
{
    internal static readonly string Repository = FindRepository();

    private static readonly string InspectorCli = Path.Combine(Repository, "tools", "interop", "node_modules", "@modelcontextprotocol", "inspector", "cli", "build", "cli.js");

    [Fact]
    public async Task The_inspector_lists_the_tools()
    {
        using var project = new TempProject(TempProject.Example);

        var output = await InspectAsync(project, "--method", "tools/list");

        Assert.Equal(["context_get", "context_update", "context_history", "knowledge_list", "knowledge_add", "knowledge_resolve", "search", "fetch", "validate_change", "drift_check", "drift_accept"], output["tools"]!.AsArray().Select(t => (string?)t!["name"]));
    }

    [Fact]
    public async Task The_inspector_calls_context_get()
    {
        using var project = new TempProject(TempProject.Example);

        var output = await InspectAsync(project, "--method", "tools/call", "--tool-name", "context_get", "--tool-arg", "path=services.blue.port");

        Assert.Equal(3001, (int)output["structuredContent"]!["value"]!);
        Assert.Equal(project.ContextFile, (string?)output["structuredContent"]!["file"]);
    }

    [Fact]
    public async Task The_inspector_reads_the_project_resource()
    {
        using var project = new TempProject(TempProject.Example);

        var output = await InspectAsync(project, "--method", "resources/read", "--uri", "context://project");

        var content = output["contents"]![0]!;
        Assert.Equal("application/json", (string?)content["mimeType"]);
        Assert.Equal("wp-edge-core", (string?)JsonNode.Parse((string)content["text"]!)!["project"]);
    }

    [Fact]
    public async Task The_inspector_gets_the_troubleshoot_prompt()
    {
        using var project = new TempProject(TempProject.Example);

        var output = await InspectAsync(project, "--method", "prompts/get", "--prompt-name", "troubleshoot", "--prompt-args", "symptom=build does not start after auto-tag");

        Assert.Contains("KI-001 [known issue, open]", (string?)output["messages"]![0]!["content"]!["text"], StringComparison.Ordinal);
    }

    private static async Task<JsonObject> InspectAsync(TempProject project, params string[] method)
    {
        Assert.True(File.Exists(InspectorCli), $"the MCP Inspector is not installed: {InspectorCli} is missing. Run `npm ci` in tools/interop (.ci/run does) before the tests.");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = project.Root };
        foreach (var arg in new[] { InspectorCli, "--cli", Mcpctx.AppHost, "serve", "--root", project.Root }.Concat(method))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        Assert.True(process.ExitCode == 0, $"the inspector failed ({process.ExitCode}): {await stderr}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(await stdout));
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpContext.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no McpContext.sln above {AppContext.BaseDirectory}");
    }
}
