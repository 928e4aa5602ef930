using System.Text.Json;
using System.Text.RegularExpressions;
using McpContext.Core.Processes;
using McpContext.Core.Tests.Drift;
using McpContext.Core.Tests.Git;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

/// <summary>
/// The build users install is trimmed (`dotnet publish -r RID`), and trimming removes whatever the linker
/// believes nothing reaches: a type only reflection would have found fails at run time, not at build time.
/// So the published build runs the same session (every tool, its errors, prompts, resources, the CLI
/// commands) as the build the other tests run, and must answer exactly the same.
/// </summary>
public sealed class PublishedBuildTests(PublishedBuild published) : IClassFixture<PublishedBuild>
{
    private static readonly string[] AllToolsets = ["serve", "--toolsets", "context,knowledge,search,validate,drift,tasks,exec"];

    [Fact]
    public async Task The_trimmed_published_build_answers_every_tool_prompt_and_resource_like_the_tested_build()
    {
        var expected = await SessionAsync(Mcpctx.AppHost);
        var actual = await SessionAsync(published.AppHost);

        Assert.True(expected.Count > 40, $"{expected.Count} answers");
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Theory]
    [InlineData("show")]
    [InlineData("drift")]
    [InlineData("task list")]
    [InlineData("task next")]
    [InlineData("check --staged --format json")]
    [InlineData("toml check project-context.toml")]
    public async Task A_cli_command_of_the_trimmed_published_build_prints_what_the_tested_build_prints(string command)
    {
        var expected = await CliAsync(Mcpctx.AppHost, command);
        var actual = await CliAsync(published.AppHost, command);

        Assert.Equal(expected, actual);
    }

    private static async Task<List<string>> SessionAsync(string appHost)
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Write("app/new.txt", "listen 3005;\n");
        await repo.GitAsync("add", "app/new.txt");
        await using var client = await Mcpctx.ConnectAsync(appHost, AllToolsets, repo.Root);
        var cancel = TestContext.Current.CancellationToken;
        var answers = new List<string>
        {
            Normalize(repo, JsonSerializer.Serialize((await client.ListToolsAsync(cancellationToken: cancel)).Select(t => t.ProtocolTool))),
        };

        async Task Call(string tool, object? arguments = null)
        {
            var result = await client.CallToolAsync(tool, ClientCalls.Arguments(arguments), cancellationToken: cancel);
            answers.Add(Normalize(repo, $"{tool} {(result.IsError == true ? "error" : "ok")}: {result.StructuredContent?.GetRawText()} {InMemoryServer.Text(result)}"));
        }

        var revision = (string)(await client.CallOkAsync("context_get"))["revision"]!;
        await Call("context_get");
        await Call("context_get", new { path = "services.blue" });
        await Call("context_get", new { path = "nope[" });
        await Call("context_get", new { path = 3 });
        await Call("context_update", new { operations = new[] { new { op = "set", path = "current_focus[0]", value = "Ship the health gate" } }, expected_revision = revision, reason = "focus moved" });
        await Call("context_update", new { operations = new[] { new { op = "set", path = "services.blue.port", value = 3005 } }, expected_revision = revision, reason = "stale" });
        await Call("context_update", new { operations = "set", expected_revision = revision, reason = "wrong shape" });
        await Call("context_history", new { limit = 5 });
        await Call("knowledge_list", new { kind = "lesson" });
        await Call("knowledge_list", new { kind = "nope" });
        await Call("knowledge_add", new { kind = "known_issue", title = "Green slot answers 502 after reload", reason = "seen in staging", tags = new[] { "nginx" }, paths = new[] { "deploy/nginx/nginx.conf" }, id = "KI-900" });
        await Call("knowledge_add", new { kind = "lesson", title = "x", reason = "r", details = "token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" });
        await Call("knowledge_resolve", new { id = "KI-900", resolution = "reload waits for the health check" });
        await Call("knowledge_resolve", new { id = "KI-404", resolution = "none" });
        await Call("search", new { query = "blue green port rollback" });
        await Call("search", new { query = "" });
        await Call("fetch", new { id = "section/services" });
        await Call("fetch", new { id = "nope" });
        await Call("validate_change", new { files = new[] { new { path = "deploy/nginx/nginx.conf", change = "modify" } } });
        await Call("validate_change", new { diff = "diff --git a/deploy/nginx/nginx.conf b/deploy/nginx/nginx.conf\n--- a/deploy/nginx/nginx.conf\n+++ b/deploy/nginx/nginx.conf\n@@ -27,1 +27,1 @@\n-        listen 3000;\n+        listen 3005;\n", task_id = "EDGE-001" });
        await Call("validate_change", new { context_patch = new[] { new { op = "set", path = "services.blue.port", value = 3005 } } });
        await Call("validate_change", new { diff = "not a diff" });
        await Call("validate_change", new { task_id = "EDGE-404", files = new[] { new { path = "a", change = "add" } } });
        await Call("drift_check");
        await Call("drift_accept", new { expected_revision = "0000000000000000", reason = "stale" });
        await Call("task_list");
        await Call("task_list", new { status = "nope" });
        await Call("task_get", new { id = "EDGE-001" });
        await Call("task_get", new { id = "EDGE-404" });
        await Call("task_next");
        await Call("task_create", new { title = "Document the rollback drill", id = "EDGE-900", objective = "Write it down.", files_to_modify = new[] { "docs/rollback.md" }, steps = new[] { "Write the drill" }, completion_criteria = new[] { "`test -f docs/rollback.md`" }, ready = true });
        await Call("task_create", new { title = "" });
        await Call("task_claim", new { id = "EDGE-900", owner = "codex", lease_minutes = 30 });
        await Call("task_claim", new { id = "EDGE-900", owner = "someone-else" });
        await Call("task_transition", new { id = "EDGE-900", to = "done", owner = "codex" });
        await Call("task_transition", new { id = "EDGE-900", to = "verifying", owner = "codex" });
        await Call("task_verify", new { id = "EDGE-900", timeout_seconds = 30 });
        await Call("task_record_review", new { id = "EDGE-900", review = new { status = "changes_requested", summary = "missing file", findings = new[] { "docs/rollback.md is absent" }, missing_tests = Array.Empty<string>(), recommended_actions = new[] { "write it" } } });
        await Call("task_record_review", new { id = "EDGE-900", review = new { status = "maybe" } });
        answers.Add((await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("nope", cancellationToken: cancel).AsTask())).Message);

        foreach (var prompt in (await client.ListPromptsAsync(cancellationToken: cancel)).Select(p => p.Name))
        {
            var result = await client.GetPromptAsync(prompt, new Dictionary<string, object?> { ["goal"] = "move blue to 3005", ["symptom"] = "502 after switch", ["change"] = "listen 3005", ["paths"] = "deploy/nginx/nginx.conf" }, cancellationToken: cancel);
            answers.Add(Normalize(repo, $"{prompt}: {JsonSerializer.Serialize(result.Messages.Select(m => ((TextContentBlock)m.Content).Text))}"));
        }

        var resources = await client.ListResourcesAsync(cancellationToken: cancel);
        answers.Add(Normalize(repo, string.Join(' ', resources.Select(r => r.Uri))));
        foreach (var uri in new[] { "context://project", "context://section/services", "ledger://tasks", "ledger://tasks/EDGE-900" })
        {
            var read = await client.ReadResourceAsync(uri, cancellationToken: cancel);
            answers.Add(Normalize(repo, $"{uri}: {((TextResourceContents)read.Contents[0]).Text}"));
        }

        return answers;
    }

    private static async Task<string> CliAsync(string appHost, string command)
    {
        using var repo = await EdgeRepo.CreateAsync();
        EdgeRepo.Replace(repo, "deploy/nginx/conf.d/upstream-active.conf", "127.0.0.1:3001", "127.0.0.1:3005");
        await repo.GitAsync("add", "-A");
        var run = await ProcessRunner.RunAsync(new ProcessSpec(appHost, command.Split(' ')) { WorkingDirectory = repo.Root }, TestContext.Current.CancellationToken);
        return Normalize(repo, $"exit {run.ExitCode}\n{run.Stdout.Text}\n{run.Stderr.Text}");
    }

    /// <summary>What differs between two runs for reasons other than the build: the temp root, times, durations, and the commits and the revisions that record them.</summary>
    private static string Normalize(TempGitRepo repo, string text)
    {
        text = text.Replace(repo.Root, "<root>", StringComparison.Ordinal).Replace("\\u0022", "\"", StringComparison.Ordinal).Replace("\\u002B", "+", StringComparison.Ordinal);
        text = Regex.Replace(text, @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "<time>");
        // A revision is 16 hex digits and can happen to be digits only (the content has today's date in it).
        text = Regex.Replace(text, @"\b((?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,64}|[0-9]{16})\b", "<hash>");
        return Regex.Replace(text, @"(""duration_ms"":\s*|in )\d+( ?ms)?", "$1<n>$2");
    }
}

/// <summary>`dotnet publish -r RID` of mcpctx as users run it, once per test run, without ReadyToRun (which only makes it start faster).</summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("mcpctx-published-").FullName;

    public string AppHost => Path.Combine(_output, OperatingSystem.IsWindows() ? "mcpctx.exe" : "mcpctx");

    public async ValueTask InitializeAsync()
    {
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var publish = await ProcessRunner.RunAsync(new ProcessSpec("dotnet", ["publish", Path.Combine(InteropTests.Repository, "src", "McpContext.Cli"), "-c", "Release", "-r", rid, "-p:PublishReadyToRun=false", "-o", _output, "--nologo"]));
        Assert.True(publish.Succeeded && File.Exists(AppHost), $"dotnet publish failed ({publish.ExitCode}{publish.Error}):\n{publish.Stdout.Text}\n{publish.Stderr.Text}");
        Assert.DoesNotContain("warning IL", publish.Stdout.Text, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return ValueTask.CompletedTask;
    }
}
