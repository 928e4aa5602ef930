using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>Task files written the ways people write them (tests/McpContext.Core.Tests/Ledger/task-files).</summary>
public sealed class TaskSpecParserTests
{
    private static TaskSpec ParseFile(string name) =>
        TaskSpecParser.Parse($"tasks/{name}", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "task-files", name)));

    private static string[] Messages(TaskSpec spec) => [.. spec.Diagnostics.Select(d => d.ToString())];

    [Fact]
    public void The_issue_format_with_front_matter_reads_every_field_and_section()
    {
        var spec = ParseFile("001-issue-format.md");

        Assert.Equal("T-001", spec.Id);
        Assert.Equal("Add the task ledger", spec.Title);
        Assert.Equal("Keep task state in an append-only log so several agents can work at once.", spec.Objective);
        Assert.Equal(["T-000"], spec.DependsOn);
        Assert.Equal(1, spec.Priority);
        Assert.Equal(["ledger", "core"], spec.Tags);
        Assert.Equal("codex", spec.Executor);
        Assert.Equal("chatgpt", spec.Reviewer);
        Assert.Equal(
            [("src/McpContext.Core/Ledger/TaskLedger.cs", "the service", 18), ("src/McpContext.Core/Ledger/EventLog.cs", "new", 19), ("docs/tasks.md", (string?)null, 20), ("schemas/review.schema.json", "the schema", 21)],
            spec.FilesToModify.Select(f => (f.Path, f.Note, f.Line)));
        Assert.Equal([("Parse the task files.", 25), ("Fold the event log into a state.", 26), ("Add the tools.", 28)], spec.Steps.Select(s => (s.Text, s.Line)));
        Assert.Equal(
            [("dotnet build McpContext.sln", 32), ("dotnet test tests/McpContext.Core.Tests", 33)],
            spec.Checks.Select(c => (c.Command, c.Line)));
        Assert.False(spec.CompletionCriteria[2].IsRunnable);
        Assert.Empty(spec.Diagnostics);
    }

    [Fact]
    public void Without_title_or_front_matter_lower_and_upper_case_headings_of_any_level_are_read()
    {
        var spec = ParseFile("no-title-lower-case.md");

        Assert.Equal("no-title-lower-case", spec.Id);
        Assert.Equal("No title lower case", spec.Title);
        Assert.Equal("Retry failed webhook deliveries with backoff.", spec.Objective);
        Assert.Equal([("src/webhooks/deliver.ts", (string?)null), ("src/webhooks/deliver.test.ts", "new tests")], spec.FilesToModify.Select(f => (f.Path, f.Note)));
        Assert.Equal(["Add a retry loop.", "Cap it at five attempts."], spec.Steps.Select(s => s.Text));
        Assert.Equal(TaskPriority.Default, spec.Priority);
        Assert.Equal(
            [["npm test"], ["npm run lint", "npm run typecheck"], ["make e2e"], ["npm run build"], [], []],
            spec.CompletionCriteria.Select(c => c.Commands.ToArray()));
        Assert.Empty(spec.Diagnostics);
    }

    [Fact]
    public void Bold_and_colon_headings_checkboxes_and_a_fenced_block_of_commands_are_read()
    {
        var spec = ParseFile("bold-headings-and-checkboxes.md");

        Assert.Equal("Nightly backup job", spec.Title);
        Assert.Equal("Back up the database every night and keep seven copies.", spec.Objective);
        Assert.Equal(["deploy/backup/cron.yaml", "scripts/backup.sh", "Makefile"], spec.FilesToModify.Select(f => f.Path));
        Assert.Equal([("write the script", (bool?)true), ("schedule it", false)], spec.Steps.Select(s => (s.Text, s.Checked)));
        Assert.Equal([("./scripts/backup.sh --dry-run", 19), ("make verify-backup", 21)], spec.Checks.Select(c => (c.Command, c.Line)));
        Assert.Equal("restore tested by hand", spec.CompletionCriteria[^1].Text);
        Assert.False(spec.CompletionCriteria[^1].IsRunnable);
        Assert.Empty(spec.Diagnostics);
    }

    [Fact]
    public void Setext_headings_synonyms_sub_headings_as_steps_and_other_sections_are_kept()
    {
        var spec = ParseFile("setext-and-extra-sections.md");

        Assert.Equal("Migrate the CI pipeline", spec.Title);
        Assert.Equal("Move the build from Jenkins to GitHub Actions; nothing else changes.", spec.Objective);
        Assert.Equal([(".github/workflows/ci.yml", 10), ("Jenkinsfile", 11)], spec.FilesToModify.Select(f => (f.Path, f.Line)));
        Assert.Equal(["Phase 1: mirror", "Run both pipelines side by side.", "Phase 2: switch", "Remove the Jenkinsfile."], spec.Steps.Select(s => s.Text));
        var risks = Assert.Single(spec.OtherSections);
        Assert.Equal(("Risks", 25, "Secrets must be re-created in GitHub."), (risks.Name, risks.Line, risks.Text));
        Assert.Equal(["act -j build"], spec.Checks.Select(c => c.Command));
        Assert.Equal("The Jenkins job is disabled.", spec.CompletionCriteria[1].Text);
        Assert.Empty(spec.Diagnostics);
    }

    [Fact]
    public void What_cannot_be_understood_is_reported_with_file_and_line()
    {
        var spec = ParseFile("broken.md");

        Assert.Equal("broken", spec.Id);
        Assert.True(spec.HasErrors);
        Assert.Equal(
            [
                "tasks/broken.md:1: warning: no Steps section: say how the work is done",
                "tasks/broken.md:2: id 'has spaces' is not valid: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 80 characters",
                "tasks/broken.md:3: priority 'yesterday' is not understood; use critical, high, medium, low, lowest, or P0 to P4 (lower runs first)",
                "tasks/broken.md:4: front matter 'depends_on' must be a list (or comma-separated text), not a mapping",
                "tasks/broken.md:5: warning: 'status' is not read from the front matter: the ledger's event log holds the state (change it with task_transition)",
                "tasks/broken.md:6: warning: unknown front matter key 'owner_team'; McpContext reads id, title, depends_on, priority, tags, executor, reviewer",
                "tasks/broken.md:16: no file path in 'The ledger classes'; write one path per item, e.g. `src/Ledger/TaskLedger.cs` (a note may follow)",
                "tasks/broken.md:17: '/etc/passwd' is absolute; paths are relative to the repository root",
                "tasks/broken.md:18: '../outside/file.txt' uses '..'; paths stay inside the repository, relative to its root",
                "tasks/broken.md:20: warning: no file path in 'Some files we will decide later'; write one path per item, e.g. `src/Ledger/TaskLedger.cs` (a note may follow)",
                "tasks/broken.md:22: warning: 'Stpes' is not a section McpContext knows; did you mean 'Steps'? Its content is kept as notes",
                "tasks/broken.md:30: warning: the code block opened here with ``` is never closed; everything after it is read as code",
            ],
            Messages(spec));

        // A misspelt name that still ends in "criteria" is matched loosely.
        Assert.Equal(["it works", "echo never closed"], spec.CompletionCriteria.Select(c => c.Text));
    }

    [Theory]
    [InlineData("Objective", "objective")]
    [InlineData("## 2. Files to Modify:", "files")]
    [InlineData("FILES TO CHANGE", "files")]
    [InlineData("Acceptance Criteria ✅", "criteria")]
    [InlineData("Completion criteria", "criteria")]
    [InlineData("Definition of done", "criteria")]
    [InlineData("Implementation plan", "steps")]
    [InlineData("Goal", "objective")]
    [InlineData("Notes", "none")]
    public void Section_names_are_matched_loosely(string heading, string kind)
    {
        var spec = TaskSpecParser.Parse("tasks/x.md", $"# T\n\n## {heading}\n\n- `a/b.cs`\n");

        var found = spec.Objective is not null && spec.Objective.Contains("a/b.cs", StringComparison.Ordinal) ? "objective"
            : spec.FilesToModify.Count > 0 ? "files"
            : spec.CompletionCriteria.Count > 0 ? "criteria"
            : spec.Steps.Count > 0 ? "steps"
            : "none";
        Assert.Equal(kind, found);
    }

    [Theory]
    [InlineData("`dotnet test`", new[] { "dotnet test" })]
    [InlineData("`cargo test --all` passes.", new[] { "cargo test --all" })]
    [InlineData("Run `make check`", new[] { "make check" })]
    [InlineData("Unit tests pass: `pytest -q`", new[] { "pytest -q" })]
    [InlineData("`dotnet build`, `dotnet test` then `./smoke.sh` succeed", new[] { "dotnet build", "dotnet test", "./smoke.sh" })]
    [InlineData("``git diff --exit-code -- '*.md'`` exits 0", new[] { "git diff --exit-code -- '*.md'" })]
    [InlineData("`README.md` mentions the flag", new string[0])]
    [InlineData("`README.md`", new string[0])]
    [InlineData("The `--toolsets` option is documented", new string[0])]
    [InlineData("No command here", new string[0])]
    public void Runnable_criteria_are_commands_in_backticks_and_everything_else_is_prose(string criterion, string[] commands)
    {
        var spec = TaskSpecParser.Parse("tasks/x.md", $"# T\n\n## Completion Criteria\n\n- {criterion}\n");

        Assert.Equal(commands, Assert.Single(spec.CompletionCriteria).Commands);
    }

    [Fact]
    public void Front_matter_lists_may_be_comma_separated_text_and_keys_are_matched_loosely()
    {
        var spec = TaskSpecParser.Parse("tasks/x.md", "---\nDepends-On: tasks/002-setup.md, T-9\nLabels: api\nPriority: P0\nAssignee: codex\n---\n# T\n");

        Assert.Equal(["002-setup", "T-9"], spec.DependsOn);
        Assert.Equal(["api"], spec.Tags);
        Assert.Equal(0, spec.Priority);
        Assert.Equal("codex", spec.Executor);
    }

    [Fact]
    public void An_unclosed_front_matter_and_bad_yaml_are_reported_where_they_are()
    {
        var unclosed = TaskSpecParser.Parse("tasks/a.md", "---\nid: A\n# Title\n");
        var invalid = TaskSpecParser.Parse("tasks/b.md", "---\nid: [unclosed\n---\n# Title\n");
        var selfDependent = TaskSpecParser.Parse("tasks/c.md", "---\nid: C\ndepends_on: C\n---\n# Title\n");

        Assert.Contains("tasks/a.md:1: the front matter opened here is never closed: end it with a line holding only ---", Messages(unclosed));
        Assert.Contains("tasks/b.md:3: the front matter is not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'.", Messages(invalid));
        Assert.Contains("tasks/c.md:3: the task depends on itself (C), a dependency cycle", Messages(selfDependent));
    }

    [Fact]
    public void A_second_section_of_the_same_kind_is_read_together_with_a_warning()
    {
        var spec = TaskSpecParser.Parse("tasks/x.md", "# T\n\n## Steps\n\n1. one\n\n## Steps\n\n1. two\n");

        Assert.Equal(["one", "two"], spec.Steps.Select(s => s.Text));
        Assert.Contains("tasks/x.md:7: warning: a second Steps section (the first is at line 3); their items are read together", Messages(spec));
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_read_like_plain_text()
    {
        var spec = TaskSpecParser.Parse("tasks/x.md", "\uFEFF---\r\nid: W\r\n---\r\n# Windows\r\n\r\n## Completion Criteria\r\n\r\n- `dir`\r\n");

        Assert.Equal(("W", "Windows"), (spec.Id, spec.Title));
        Assert.Equal(["dir"], spec.Checks.Select(c => c.Command));
    }

    [Fact]
    public void A_file_name_that_is_not_a_valid_id_becomes_one()
    {
        Assert.Equal("add-retries-to-the-api", TaskSpecParser.Parse("tasks/Add retries to the API.md", "# x\n").Id);
        Assert.Equal("012-add-retries", TaskSpecParser.Parse("tasks/sub/012-add-retries.md", "# x\n").Id);
    }
}
