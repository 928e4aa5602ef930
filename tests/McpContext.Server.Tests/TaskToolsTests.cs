using System.Text.Json.Nodes;
using McpContext.Server.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

/// <summary>The tasks and exec toolsets through the SDK's real client, on a real git repository.</summary>
public sealed class TaskToolsTests
{
    private static Task<InMemoryServer> StartAsync(TempProject project, params string[] extra) =>
        InMemoryServer.StartAsync(new ServerSettings { Root = project.Root, Toolsets = ["context", "tasks", .. extra] });

    [Fact]
    public async Task The_task_tools_are_offered_only_when_asked_for_with_annotations_and_exec_separately()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await StartAsync(project, "exec");
        await using var tasksOnly = await StartAsync(project);
        var cancel = TestContext.Current.CancellationToken;

        var tools = (await server.Client.ListToolsAsync(cancellationToken: cancel)).Where(t => t.Name.StartsWith("task_", StringComparison.Ordinal)).ToList();
        var withoutExec = await tasksOnly.Client.ListToolsAsync(cancellationToken: cancel);

        Assert.Equal(["task_list", "task_get", "task_create", "task_next", "task_claim", "task_transition", "task_record_review", "task_verify"], tools.Select(t => t.Name));
        Assert.Equal([true, true, false, true, false, false, false, false], tools.Select(t => t.ProtocolTool.Annotations!.ReadOnlyHint!.Value));
        Assert.All(tools, t => Assert.Equal((false, false), (t.ProtocolTool.Annotations!.DestructiveHint!.Value, t.ProtocolTool.Annotations.OpenWorldHint!.Value)));
        Assert.All(tools, t => Assert.NotNull(t.ProtocolTool.OutputSchema));
        Assert.DoesNotContain(withoutExec, t => t.Name == "task_verify");
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => tasksOnly.CallAsync("task_verify", new { id = "A" }));
        Assert.Contains("Unknown tool: 'task_verify'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_goes_from_creation_to_done_through_the_tools_with_evidence_and_a_review()
    {
        using var project = new TempProject(TempProject.Example);
        await TaskRepo.InitAsync(project);
        await using var server = await StartAsync(project, "exec");

        var created = await server.CallOkAsync("task_create", new
        {
            title = "Add a health endpoint",
            objective = "Load balancers need it.",
            files_to_modify = new[] { "src/health.ts" },
            steps = new[] { "Add the route" },
            completion_criteria = new[] { "`echo checks pass`", "Documented in the README" },
            priority = "high",
            ready = true,
        });
        var id = (string)created["id"]!;
        await TaskRepo.CommitAsync(project);
        var next = await server.CallOkAsync("task_next");
        var claim = await server.CallOkAsync("task_claim", new { id, owner = "worker-1", lease_minutes = 15 });
        var second = await server.CallErrorAsync("task_claim", new { id, owner = "worker-2" });
        await server.CallOkAsync("task_transition", new { id, to = "verifying", owner = "worker-1" });
        var verified = await server.CallOkAsync("task_verify", new { id, timeout_seconds = 60 });
        await server.CallOkAsync("task_transition", new { id, to = "in_review", owner = "worker-1" });
        var review = await server.CallOkAsync("task_record_review", new { id, review = new { status = "approved", summary = "Looks right.", findings = new[] { new { message = "fine", severity = "info" } } } });
        var task = await server.CallOkAsync("task_get", new { id });

        Assert.Equal(("ready", "high"), ((string?)created["status"], (string?)next["task"]!["priority"]));
        Assert.Equal(id, (string?)next["task"]!["id"]);
        Assert.Equal(("in_progress", "worker-1"), ((string?)claim["status"], (string?)claim["claim"]!["owner"]));
        Assert.StartsWith($"refused, nothing was written: {id} is already claimed by worker-1 until ", second, StringComparison.Ordinal);
        Assert.Equal((true, false, "echo checks pass", 0, "checks pass\n"),
            ((bool)verified["evidence"]!["passed"]!, (bool)verified["evidence"]!["dirty"]!, (string?)verified["evidence"]!["commands"]![0]!["command"], (int)verified["evidence"]!["commands"]![0]!["exit_code"]!, (string?)verified["evidence"]!["commands"]![0]!["stdout_tail"]));
        Assert.Equal("done", (string?)review["status"]);
        Assert.Equal(("done", "approved", true), ((string?)task["status"], (string?)task["reviews"]![0]!["status"], (bool)task["trusted"]!));
        Assert.Equal(["review", "transition", "evidence", "transition", "claimed", "transition", "created"], task["history"]!.AsArray().Select(e => (string?)e!["kind"]));
        Assert.Equal("test-client", (string?)task["history"]![0]!["actor"]);
    }

    [Fact]
    public async Task Refusals_and_bad_arguments_name_what_is_wrong()
    {
        using var project = new TempProject(TempProject.Example);
        TaskRepo.WriteTask(project, "A.md", TaskRepo.Spec("A"));
        await using var server = await StartAsync(project, "exec");

        Assert.Equal("invalid argument id: no task has id 'Z'; ids look like A (task_list shows them all)", await server.CallErrorAsync("task_get", new { id = "Z" }));
        Assert.Equal("invalid argument status: expected one of draft, ready, in_progress, verifying, in_review, done, changes_requested, blocked, cancelled, not 'open'", await server.CallErrorAsync("task_list", new { status = "open" }));
        Assert.Equal("invalid argument to: expected one of draft, ready, in_progress, verifying, in_review, done, changes_requested, blocked, cancelled, not 'finished'", await server.CallErrorAsync("task_transition", new { id = "A", to = "finished" }));
        Assert.Equal("refused, nothing was written: A cannot go from draft to verifying; from draft it can go to ready, blocked or cancelled", await server.CallErrorAsync("task_transition", new { id = "A", to = "verifying" }));
        Assert.Equal("refused, nothing was written: reason: moving a task to blocked needs a reason; say why", await server.CallErrorAsync("task_transition", new { id = "A", to = "blocked" }));
        Assert.Equal("invalid argument lease_minutes: expected 1 to 1440, got 0", await server.CallErrorAsync("task_claim", new { id = "A", lease_minutes = 0 }));
        Assert.Equal("invalid argument timeout_seconds: expected 1 to 3600, got 7200", await server.CallErrorAsync("task_verify", new { id = "A", timeout_seconds = 7200 }));
        Assert.Equal($"refused, nothing was run: evidence is tied to a commit, and '{project.Root}' is not inside a git repository", await server.CallErrorAsync("task_verify", new { id = "A" }));
        Assert.Equal("refused, nothing was written: title: expected one line of at most 200 characters", await server.CallErrorAsync("task_create", new { title = "" }));
        Assert.Equal("refused, nothing was written: review.status: expected approved, changes_requested or rejected, not 'lgtm'", await server.CallErrorAsync("task_record_review", new { id = "A", review = new { status = "lgtm", summary = "ok" } }));
        Assert.Equal("invalid argument review: it is required (object) and missing", await server.CallErrorAsync("task_record_review", new { id = "A" }));
        Assert.Equal("invalid argument files_to_modify: expected array or null, got string", await server.CallErrorAsync("task_create", new { title = "t", files_to_modify = "src/a.cs" }));
    }

    [Fact]
    public async Task Task_list_pages_filters_and_reports_problems_in_task_files()
    {
        using var project = new TempProject(TempProject.Example);
        for (var i = 1; i <= 130; i++)
        {
            TaskRepo.WriteTask(project, $"{i:D3}.md", $"---\ntags: [{(i % 2 == 0 ? "even" : "odd")}]\n---\n# Task {i}\n");
        }

        TaskRepo.WriteTask(project, ".ledger/gone.jsonl", "");
        await using var server = await StartAsync(project);

        var first = await server.CallOkAsync("task_list");
        var second = await server.CallOkAsync("task_list", new { cursor = (string?)first["next_cursor"] });
        var even = await server.CallOkAsync("task_list", new { tag = "even" });
        var badCursor = await server.CallErrorAsync("task_list", new { tag = "odd", cursor = (string?)first["next_cursor"] });

        Assert.Equal((100, 130), (first["tasks"]!.AsArray().Count, (int)first["total"]!));
        Assert.Equal(("001", "101"), ((string?)first["tasks"]![0]!["id"], (string?)second["tasks"]![0]!["id"]));
        Assert.Null(second["next_cursor"]);
        Assert.Equal(65, (int)even["total"]!);
        Assert.Equal("invalid argument cursor: expected the next_cursor of the previous page, with the same filters; call task_list without cursor to start over", badCursor);
        Assert.Equal("tasks/.ledger/gone.jsonl: warning: no task file has id 'gone' (renamed or deleted?); its events are kept but belong to no task",
            $"{first["diagnostics"]![0]!["file"]}: {first["diagnostics"]![0]!["severity"]}: {first["diagnostics"]![0]!["message"]}");
    }

    [Fact]
    public async Task Read_only_keeps_the_task_readers_and_drops_every_writer()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(new ServerSettings { Root = project.Root, Toolsets = ["tasks", "exec"], ReadOnly = true });

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["task_list", "task_get", "task_next"], tools.Select(t => t.Name));
    }

    [Fact]
    public async Task Search_and_fetch_find_tasks_next_to_the_context()
    {
        using var project = new TempProject(TempProject.Example);
        TaskRepo.WriteTask(project, "rotate-certificates.md", "# Rotate the TLS certificates\n\n## Objective\n\nRenew the edge certificates before they expire.\n");
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var search = await server.CallOkAsync("search", new { query = "rotate certificates" });
        var fetched = await server.CallOkAsync("fetch", new { id = "ledger://tasks/rotate-certificates" });

        var top = search["results"]!.AsArray()[0]!;
        Assert.Equal(("tasks/rotate-certificates", "ledger://tasks/rotate-certificates"), ((string?)top["id"], (string?)top["url"]));
        Assert.Equal(("tasks/rotate-certificates", "task", "draft"), ((string?)fetched["id"], (string?)fetched["metadata"]!["kind"], (string?)fetched["metadata"]!["status"]));
        Assert.Contains("Renew the edge certificates before they expire.", (string?)fetched["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_review_argument_of_task_record_review_has_the_keys_of_the_review_schema()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await StartAsync(project);
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "review.schema.json")))!;

        var tool = (await server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Single(t => t.Name == "task_record_review");
        var review = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!["properties"]!["review"]!;

        Assert.Equal(Keys(schema["properties"]!), Keys(review["properties"]!));
        Assert.Equal(Keys(schema["$defs"]!["finding"]!["properties"]!), Keys(review["properties"]!["findings"]!["items"]!["properties"]!));
        Assert.Equal(["status", "summary"], review["required"]!.AsArray().Select(r => (string?)r).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Keys(JsonNode properties) => properties.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

    internal static JsonObject Parse(ReadResourceResult result) => JsonNode.Parse(Assert.IsType<TextResourceContents>(Assert.Single(result.Contents)).Text)!.AsObject();
}
