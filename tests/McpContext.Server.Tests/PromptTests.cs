using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Tests;

public sealed class PromptTests
{
    [Fact]
    public async Task The_three_prompts_are_listed_with_their_required_arguments()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var prompts = await server.Client.ListPromptsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            ["plan_with_context(goal!, paths)", "review_change(change!, files)", "troubleshoot(symptom!, paths)"],
            prompts.Select(p => $"{p.Name}({string.Join(", ", p.ProtocolPrompt.Arguments!.Select(a => a.Name + (a.Required == true ? "!" : "")))})").Order());
        Assert.All(prompts, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Fact]
    public async Task Troubleshoot_pulls_the_known_issue_matching_the_symptom_with_its_details()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var text = await GetAsync(server, "troubleshoot", new() { ["symptom"] = "the image build workflow never starts after auto-tag pushes a tag" });

        Assert.Contains("- KI-001 [known issue, open] Image build does not start after auto-tag (it matches the description; context://known_issues/KI-001)", text, StringComparison.Ordinal);
        Assert.Contains("gh workflow run build.yml --ref <tag>", text, StringComparison.Ordinal);
        Assert.Contains("services.nginx.port = 3000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("D-001", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Troubleshoot_includes_lessons_scoped_to_the_paths_involved_and_resolved_issues_with_their_resolution()
    {
        var context = TempProject.Example.Replace(
            "status = \"resolved\"\ntags = [\"ci\", \"github-actions\", \"workflow_dispatch\"]",
            "status = \"resolved\"\nresolution = \"Rebuild from a branch cut from the tag.\"\ntags = [\"ci\", \"github-actions\", \"workflow_dispatch\"]",
            StringComparison.Ordinal);
        using var project = new TempProject(context);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var text = await GetAsync(server, "troubleshoot", new() { ["symptom"] = "kiosk shows an error page", ["paths"] = "deploy/nginx/nginx.conf, .github/workflows/build.yml" });

        Assert.Contains("- L-001 [lesson] Reload nginx, never restart it, during a switch (its paths cover deploy/nginx/nginx.conf; context://lessons/L-001)", text, StringComparison.Ordinal);
        Assert.Contains("- KI-002 [known issue, resolved] Re-dispatching build for an old tag fails with 422 (its paths cover .github/workflows/build.yml;", text, StringComparison.Ordinal);
        Assert.Contains("  Resolution: Rebuild from a branch cut from the tag.", text, StringComparison.Ordinal);
        Assert.Contains("Involved: deploy/nginx/nginx.conf, .github/workflows/build.yml", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Troubleshoot_says_when_nothing_recorded_matches()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var text = await GetAsync(server, "troubleshoot", new() { ["symptom"] = "zebra quux" });

        Assert.Contains("No recorded known issue or lesson matches this symptom or these paths: it may be new.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_with_context_carries_focus_constraints_and_open_knowledge_but_not_resolved_issues()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var result = await server.Client.GetPromptAsync("plan_with_context",
            new Dictionary<string, object?> { ["goal"] = "move the build workflow to a new runner", ["paths"] = ".github/workflows/build.yml" },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Plan 'move the build workflow to a new runner' against the context of wp-edge-core", result.Description);
        var text = Text(result);
        Assert.StartsWith("Plan this change for wp-edge-core: move the build workflow to a new runner", text, StringComparison.Ordinal);
        Assert.Contains("current_focus = [\"Make the auto-tag", text, StringComparison.Ordinal);
        Assert.Contains("constraints.rules[1].effect = \"deny\"", text, StringComparison.Ordinal);
        Assert.Contains("- KI-001 [known issue, open]", text, StringComparison.Ordinal);
        Assert.Contains("- L-002 [lesson] Runner disk fills up", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KI-002", text, StringComparison.Ordinal);
        Assert.Contains("Project context at revision ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_with_context_on_a_project_without_a_context_file_says_how_to_create_one()
    {
        using var project = new TempProject();
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var text = await GetAsync(server, "plan_with_context", new() { ["goal"] = "add a cache" });

        Assert.Contains("Plan this change for this project: add a cache", text, StringComparison.Ordinal);
        Assert.Contains("no context file exists yet at ", text, StringComparison.Ordinal);
        Assert.Contains("(not recorded: the context has no services)", text, StringComparison.Ordinal);
        Assert.Contains("Nothing recorded applies to this goal or these paths.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_change_reads_the_touched_files_from_the_diff_and_brings_the_lessons_about_them()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        const string diff = """
            diff --git a/deploy/scripts/switch-slot.sh b/deploy/scripts/switch-slot.sh
            --- a/deploy/scripts/switch-slot.sh
            +++ b/deploy/scripts/switch-slot.sh
            @@ -10,1 +10,1 @@
            -nginx -s reload
            +systemctl restart nginx
            """;

        var result = await server.Client.GetPromptAsync("review_change", new Dictionary<string, object?> { ["change"] = diff }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Review a change to wp-edge-core (1 file)", result.Description);
        var text = Text(result);
        Assert.Contains("Touched files: deploy/scripts/switch-slot.sh", text, StringComparison.Ordinal);
        Assert.Contains("- L-001 [lesson] Reload nginx, never restart it, during a switch (its paths cover deploy/scripts/switch-slot.sh;", text, StringComparison.Ordinal);
        Assert.Contains("constraints.rules[0].paths = [\"deploy/scripts/switch-slot.sh\"", text, StringComparison.Ordinal);
        Assert.Contains("+systemctl restart nginx", text, StringComparison.Ordinal);
        Assert.Contains("Answer with status (approved, changes_requested or rejected)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_change_cuts_a_huge_diff_and_says_so()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);
        var diff = "--- a/app/x.txt\n+++ b/app/x.txt\n@@ -1,1 +1,1 @@\n" + string.Concat(Enumerable.Repeat("+0123456789\n", 10_000));

        var text = await GetAsync(server, "review_change", new() { ["change"] = diff });

        Assert.Contains($"[cut at 48000 of {diff.TrimEnd().Length} characters; the full diff, read from the repository, gives the rest]", text, StringComparison.Ordinal);
        Assert.True(text.Length < 60_000, $"prompt is {text.Length} characters");
    }

    [Fact]
    public async Task A_missing_required_argument_is_a_protocol_error_naming_it()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.GetPromptAsync("troubleshoot", new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Equal("Request failed (remote): prompt troubleshoot: argument symptom is required and missing", error.Message);
    }

    [Fact]
    public async Task An_argument_that_is_not_a_string_is_a_protocol_error_naming_it()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.GetPromptAsync("plan_with_context", new Dictionary<string, object?> { ["goal"] = "add a slot", ["paths"] = 3 }, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Equal("Request failed (remote): prompt plan_with_context: argument paths: expected a string, got number; prompt arguments are strings", error.Message);
    }

    [Fact]
    public async Task Two_missing_required_arguments_are_named_together()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.GetPromptAsync("review_change", new Dictionary<string, object?> { ["change"] = null }, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("Request failed (remote): prompt review_change: argument change is required and missing", error.Message);
    }

    [Fact]
    public async Task An_unknown_prompt_is_a_protocol_error()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await InMemoryServer.StartAsync(project.Root);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.GetPromptAsync("plan", cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("plan", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> GetAsync(InMemoryServer server, string prompt, Dictionary<string, object?> arguments) =>
        Text(await server.Client.GetPromptAsync(prompt, arguments, cancellationToken: TestContext.Current.CancellationToken));

    private static string Text(GetPromptResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Messages).Content).Text;
}
