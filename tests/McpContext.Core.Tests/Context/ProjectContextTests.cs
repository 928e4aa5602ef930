using System.Text.Json;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Toml;

namespace McpContext.Core.Tests.Context;

public sealed class ProjectContextTests
{
    private static TomlTable Load(string relative) =>
        TomlDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "repo-files", relative))).Model;

    [Fact]
    public void The_wp_edge_core_example_loads_into_every_section_of_the_model()
    {
        var context = ProjectContext.From(Load("examples/wp-edge-core/project-context.toml"));

        Assert.Equal(("wp-edge-core", "edge-platform"), (context.Project, context.ProjectType));
        Assert.Equal(3, context.CurrentFocus.Count);
        Assert.Equal(["nginx:3000", "blue:3001", "green:3002"], context.Services.Select(s => $"{s.Key}:{s.Value.Port}"));
        Assert.Equal(("http", "/healthz", "edge-platform"), (context.Services["blue"].Protocol, context.Services["blue"].Health, context.Services["blue"].Owner));
        Assert.Equal("blue-green", context.Deployment!.Model);
        Assert.Equal((true, true, "deploy/scripts/rollback.sh"), (context.Deployment.Rollback!.Required, context.Deployment.Rollback.Automatic, context.Deployment.Rollback.Script));
        Assert.Equal((true, 3L, "rollback"), (context.Deployment.HealthChecks!.Required, context.Deployment.HealthChecks.ConsecutiveSuccesses, context.Deployment.HealthChecks.OnFailure));
        Assert.Equal("github-actions", context.Ci!.Pipeline);
        Assert.Contains(".github/workflows/auto-tag.yml", context.Ci.Workflows);
        Assert.True(context.Constraints!.Flags!["rollback_required"].GetBoolean());
        Assert.Equal(["R-001", "R-002", "R-003", "R-004", "R-005", "R-006"], context.Constraints.Rules.Select(r => r.Id));
        Assert.Equal(["needs_approval", "deny", "deny", "needs_approval", "deny", "deny"], context.Constraints.Rules.Select(r => r.Effect));
        Assert.Equal(["deployment.model", "deployment.rollback.keep_previous_slot_minutes"], context.Constraints.Locked);
        Assert.Equal(["delete", "rename"], context.Constraints.Rules[4].Changes);
        Assert.Equal(["KI-001", "KI-002", "KI-003"], context.KnownIssues.Select(i => i.Id));
        Assert.Equal(("resolved", "2026-02-27", "2026-03-02"), (context.KnownIssues[1].Status, context.KnownIssues[1].Opened, context.KnownIssues[1].Resolved));
        Assert.Equal(["L-001", "L-002", "L-003"], context.Lessons.Select(l => l.Id));
        Assert.Equal(["D-001", "D-002"], context.Decisions.Select(d => d.Id));
        Assert.Equal(("4f2a9c1e7b3d58a06e91c2f4b7d0a3e5c8f1b692", "2026-03-20T14:05:00+01:00"), (context.Verified!.Commit, context.Verified.At));
    }

    [Fact]
    public void Project_specific_keys_are_kept_as_extra_data_at_every_level()
    {
        var context = ProjectContext.From(Load("examples/ledger-api/project-context.toml"));

        Assert.Equal("postgres", context.Extra!["database"].GetProperty("engine").GetString());
        Assert.Equal(0, context.Deployment!.Extra!["max_unavailable"].GetInt64());
        var edge = ProjectContext.From(Load("examples/wp-edge-core/project-context.toml"));
        Assert.Equal("deploy/scripts/switch-slot.sh", edge.Deployment!.Extra!["switch"].GetString());
        Assert.Equal(30, edge.Deployment.Rollback!.Extra!["keep_previous_slot_minutes"].GetInt64());
    }

    [Fact]
    public void The_short_forms_read_as_the_rich_ones()
    {
        var context = ProjectContext.From(Load("examples/ledger-api/project-context.toml"));

        Assert.Equal([8080L, 9090L], context.Services.Values.Select(s => s.Port!.Value));
        Assert.Equal("kubectl rollout undo deployment/ledger-api -n ledger", context.Deployment!.Rollback!.Command);
        Assert.Equal(["/healthz", "/readyz"], context.Deployment.HealthChecks!.Paths);
        Assert.Equal(2, context.KnownIssues.Count);
        Assert.All(context.KnownIssues, i => Assert.Null(i.Id));
        Assert.StartsWith("Webhook retries", context.KnownIssues[0].Title, StringComparison.Ordinal);
        Assert.Equal("known_issues[1]", context.KnownIssues[1].Location.ToString());
    }

    [Fact]
    public void Values_of_the_wrong_type_are_left_out_and_reported_with_their_path()
    {
        const string toml = """
            project = 7
            current_focus = ["a", 2]
            [deployment]
            rollback = 5
            [[constraints.rules]]
            id = "R-1"
            effect = "block"
            changes = ["add", "touch"]
            [[constraints.rules]]
            description = "no id, no effect"
            [[known_issues]]
            id = "KI-1"
            status = "closed"
            [[decisions]]
            status = "accepted"
            """;
        var document = TomlDocument.Parse(toml);
        var context = ProjectContext.From(document.Model);

        Assert.Null(context.Project);
        Assert.Equal(["a"], context.CurrentFocus);
        Assert.Null(context.Deployment!.Rollback);
        Assert.Null(context.Constraints!.Rules[0].Effect);
        Assert.Equal(["add"], context.Constraints.Rules[0].Changes);
        Assert.Equal(
            [
                "1:11: project: expected a string, found an integer",
                "2:23: current_focus[1]: expected a string, found an integer",
                "4:12: deployment.rollback: expected a command (string) or a [deployment.rollback] table, found an integer",
                "7:10: constraints.rules[0].effect: 'block' is not one of: deny, needs_approval, warn",
                "8:19: constraints.rules[0].changes[1]: 'touch' is not one of: add, modify, delete, rename",
                "9:1: constraints.rules[1]: a rule needs an id, which every finding names",
                "9:1: constraints.rules[1]: a rule needs an effect: deny, needs_approval, warn",
                "13:10: known_issues[0].status: 'closed' is not one of: open, mitigated, resolved, wont_fix",
            ],
            ContextValidator.Validate(document).Select(d => d.ToString()));
    }

    [Fact]
    public void A_change_kind_outside_the_list_is_reported_at_its_own_index_even_after_a_non_string()
    {
        var document = TomlDocument.Parse("[[constraints.rules]]\nid = \"R-1\"\neffect = \"warn\"\nchanges = [1, \"touch\", \"add\"]\n");

        Assert.Equal(["add"], ProjectContext.From(document.Model).Constraints!.Rules[0].Changes);
        Assert.Equal(
            [
                "4:12: constraints.rules[0].changes[0]: expected a string, found an integer",
                "4:15: constraints.rules[0].changes[1]: 'touch' is not one of: add, modify, delete, rename",
            ],
            ContextValidator.Validate(document).Select(d => d.ToString()));
    }

    [Fact]
    public void The_typed_model_serializes_to_json_with_the_files_key_names_and_its_extra_keys_inline()
    {
        var context = ProjectContext.From(Load("examples/ledger-api/project-context.toml"));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(context, ProjectContextJson.Default.ProjectContext));
        var root = json.RootElement;

        Assert.Equal("saas-api", root.GetProperty("project_type").GetString());
        Assert.Equal(8080, root.GetProperty("services").GetProperty("api").GetProperty("port").GetInt64());
        Assert.Equal("16", root.GetProperty("database").GetProperty("version").GetString());
        Assert.True(root.GetProperty("constraints").GetProperty("ledger_append_only").GetBoolean());
        Assert.Equal("R-002", root.GetProperty("constraints").GetProperty("rules")[1].GetProperty("id").GetString());
        Assert.False(root.GetProperty("known_issues")[0].TryGetProperty("location", out _));
    }
}
