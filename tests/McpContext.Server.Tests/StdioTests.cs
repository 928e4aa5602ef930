using System.Diagnostics;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tests;

public sealed class StdioTests
{
    [Fact]
    public async Task The_built_mcpctx_serves_the_context_over_stdio_with_only_home_and_path_in_its_environment()
    {
        using var project = new TempProject(TempProject.Example);
        var nested = System.IO.Directory.CreateDirectory(Path.Combine(project.Root, "app")).FullName;
        await using var client = await Mcpctx.ConnectAsync(Mcpctx.AppHost, ["serve"], nested);
        var cancel = TestContext.Current.CancellationToken;

        var tools = await client.ListToolsAsync(cancellationToken: cancel);
        var result = await client.CallToolAsync("context_get", new Dictionary<string, object?> { ["path"] = "services.green.port" }, cancellationToken: cancel);

        Assert.Equal(["context_get", "context_update", "context_history", "knowledge_list", "knowledge_add", "knowledge_resolve", "search", "fetch", "validate_change", "drift_check", "drift_accept"], tools.Select(t => t.Name));
        var output = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.Equal(3002, (int)output["value"]!);
        Assert.Equal(project.ContextFile, (string?)output["file"]);
        Assert.Equal("mcpcontext", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task Read_only_over_stdio_offers_no_writing_tool()
    {
        using var project = new TempProject(TempProject.Example);
        await using var client = await Mcpctx.ConnectAsync(Mcpctx.AppHost, ["serve", "--read-only", "--root", project.Root], Path.GetTempPath());

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["context_get", "context_history", "knowledge_list", "search", "fetch", "validate_change", "drift_check"], tools.Select(t => t.Name));
    }

    [Fact]
    public async Task Stdout_carries_only_json_rpc_messages_escaped_no_more_than_json_requires_even_with_debug_logging()
    {
        using var project = new TempProject(TempProject.Example);
        using var process = StartMcpctx("serve", "--log-level", "debug", "--root", project.Root);
        var cancel = TestContext.Current.CancellationToken;
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        string[] requests =
        [
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"context_get","arguments":{"path":"nope["}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"context://section/nope"}}""",
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"context_get","arguments":{}}}""",
        ];
        foreach (var request in requests)
        {
            await process.StandardInput.WriteLineAsync(request.AsMemory(), cancel);
        }

        await process.StandardInput.FlushAsync(cancel);
        var lines = new List<string>();
        var answered = new HashSet<int>();
        while (answered.Count < 5 && await process.StandardOutput.ReadLineAsync(cancel) is { } line)
        {
            lines.Add(line);
            var message = Assert.IsType<JsonObject>(JsonNode.Parse(line));
            Assert.Equal("2.0", (string?)message["jsonrpc"]);
            if (message["id"] is { } id)
            {
                answered.Add((int)id);
            }
        }

        process.StandardInput.Close();
        lines.AddRange((await process.StandardOutput.ReadToEndAsync(cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await process.WaitForExitAsync(cancel);

        Assert.All(lines, l => Assert.Equal("2.0", (string?)JsonNode.Parse(l)!["jsonrpc"]));
        Assert.Equal([1, 2, 3, 4, 5], answered.Order());
        var whole = lines.Single(l => (int?)JsonNode.Parse(l)!["id"] == 5);
        Assert.DoesNotContain("\\u0022", whole, StringComparison.Ordinal);
        Assert.Contains("Make the auto-tag -> ", whole, StringComparison.Ordinal);
        Assert.Contains("dbug: ", await stderr, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_tool_call_sent_with_initialize_is_answered_although_the_tools_are_still_being_built()
    {
        using var project = new TempProject(TempProject.Example);
        using var process = StartMcpctx("serve", "--root", project.Root);
        var cancel = TestContext.Current.CancellationToken;
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.StandardInput.WriteAsync(string.Join('\n', Initialize, Initialized, ContextGet(2, "services.green.port"), "").AsMemory(), cancel);
        await process.StandardInput.FlushAsync(cancel);

        JsonNode? call = null;
        while (call is null && await process.StandardOutput.ReadLineAsync(cancel) is { } line)
        {
            call = JsonNode.Parse(line) is { } message && (int?)message["id"] == 2 ? message : null;
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancel);
        await stderr;
        Assert.Equal(3002, (int?)call?["result"]?["structuredContent"]?["value"]);
    }

    [Fact]
    public async Task Every_request_written_before_stdin_closes_is_answered()
    {
        using var project = new TempProject(TempProject.Example);
        using var process = StartMcpctx("serve", "--root", project.Root);
        var cancel = TestContext.Current.CancellationToken;
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.StandardInput.WriteAsync(string.Join('\n', Initialize, Initialized, ContextGet(2, "services.green.port"), """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", "").AsMemory(), cancel);
        process.StandardInput.Close();

        var answers = (await process.StandardOutput.ReadToEndAsync(cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        await process.WaitForExitAsync(cancel);
        await stderr;

        Assert.Equal([1, 2, 3], answers.Select(a => (int)a["id"]!).Order());
        Assert.Equal(3002, (int?)answers.Single(a => (int)a["id"]! == 2)["result"]?["structuredContent"]?["value"]);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_line_that_is_not_json_rpc_gets_a_parse_error_naming_the_line_and_the_server_reads_on()
    {
        using var project = new TempProject(TempProject.Example);
        using var process = StartMcpctx("serve", "--root", project.Root);
        var cancel = TestContext.Current.CancellationToken;
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.StandardInput.WriteAsync(string.Join('\n',
            Initialize,
            """{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":""",
            "not json at all",
            """{"jsonrpc":"2.0","id":"eight","method":"tools/list","params":{}} trailing""",
            ContextGet(9, "services.green.port"),
            "").AsMemory(), cancel);
        process.StandardInput.Close();

        var answers = (await process.StandardOutput.ReadToEndAsync(cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        await process.WaitForExitAsync(cancel);

        var truncated = answers.Single(a => a["id"]?.ToJsonString() == "7")["error"]!;
        Assert.Equal(-32700, (int)truncated["code"]!);
        Assert.StartsWith("stdin line 2 is not a JSON-RPC message: ", (string?)truncated["message"], StringComparison.Ordinal);
        var trailing = answers.Single(a => a["id"]?.ToJsonString() == "\"eight\"")["error"]!;
        Assert.StartsWith("stdin line 4 is not a JSON-RPC message: ", (string?)trailing["message"], StringComparison.Ordinal);
        Assert.Equal(3002, (int?)answers.Single(a => a["id"]?.ToJsonString() == "9")["result"]?["structuredContent"]?["value"]);
        Assert.Equal(4, answers.Count);
        Assert.Contains("stdin line 3 is not a JSON-RPC message: ", await stderr, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
    }

    [Theory]
    [InlineData(new[] { "serve", "--toolsets", "context,nope" }, "mcpctx serve: --toolsets: unknown toolset 'nope'; known: context, knowledge, search, validate, drift, tasks, exec\n")]
    [InlineData(new[] { "serve", "--root", "/no/such/dir" }, "mcpctx serve: --root '/no/such/dir' does not exist\n")]
    public async Task Serve_refuses_bad_options_on_stderr_with_exit_code_2(string[] args, string message)
    {
        using var process = StartMcpctx(args);
        var cancel = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(message, await stderr);
        Assert.Empty(await stdout);
    }

    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private static string ContextGet(int id, string path) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"context_get","arguments":{"path":"{{{{path}}}}"}}}""";

    /// <summary>The built mcpctx with stdin, stdout and stderr redirected, for tests that speak raw JSON-RPC or read its output.</summary>
    private static Process StartMcpctx(params string[] args)
    {
        var start = new ProcessStartInfo(Mcpctx.AppHost) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
