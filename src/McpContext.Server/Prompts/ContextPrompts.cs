using McpContext.Core.Context.Model;
using McpContext.Core.Diffs;
using McpContext.Core.Knowledge;
using McpContext.Server.Context;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Prompts;

/// <summary>
/// Prompts that start a conversation from the project's recorded reality: a plan, a troubleshooting
/// session, a review. Each reads one snapshot and includes the sections and the knowledge that apply,
/// so the model starts from the facts instead of asking for them.
/// </summary>
internal sealed class ContextPrompts(ContextWorkspace workspace)
{
    private const int MaxKnowledge = 8;
    private const int MaxDiffChars = 48_000;

    /// <summary>The three prompts, as <c>prompts/list</c> shows them.</summary>
    public static IReadOnlyList<McpServerPrompt> All { get; } =
    [
        new ContextPrompt(
            Define("plan_with_context", "Plan a change with the project context", "Plans a change against the project's current focus, services, deployment, CI and constraints, with the known issues, lessons and decisions that apply to it.",
                Argument("goal", "What the change should achieve, in a sentence or two.", required: true),
                Argument("paths", "Files or directories the change will likely touch, separated by commas or new lines; knowledge scoped to them is included.")),
            (prompts, server, arguments, cancellationToken) => prompts.PlanWithContext(server, arguments["goal"], arguments.Optional("paths"), cancellationToken)),
        new ContextPrompt(
            Define("troubleshoot", "Troubleshoot with known issues and lessons", "Troubleshoots a problem starting from the project's matching known issues (open and resolved, with their resolutions) and lessons learned, plus its services, deployment and CI facts.",
                Argument("symptom", "The symptom: what fails, where, and any error message.", required: true),
                Argument("paths", "Files or directories involved, separated by commas or new lines; knowledge scoped to them is included.")),
            (prompts, server, arguments, cancellationToken) => prompts.Troubleshoot(server, arguments["symptom"], arguments.Optional("paths"), cancellationToken)),
        new ContextPrompt(
            Define("review_change", "Review a change against the constraints", "Reviews a change (a unified diff or a description) against the project's constraints and the known issues, lessons and decisions that concern the files it touches, asking for a structured verdict.",
                Argument("change", "The change: a unified diff (git diff output), or a description of it.", required: true),
                Argument("files", "Files the change touches, separated by commas or new lines; read from the diff's headers when omitted.")),
            (prompts, server, arguments, cancellationToken) => prompts.ReviewChange(server, arguments["change"], arguments.Optional("files"), cancellationToken)),
    ];

    private async Task<GetPromptResult> PlanWithContext(
        McpServer server,
        string goal,
        string? paths,
        CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(server, cancellationToken).ConfigureAwait(false);
        var touched = Split(paths);
        writer.Line($"Plan this change for {writer.Project}: {goal.Trim()}").Line()
            .Line("Plan against the project's recorded operational reality below, not against assumptions:")
            .Bullets([
                "Keep every constraint and name each one the plan touches. A rule with effect deny is not up for negotiation; one with needs_approval needs its approver named in the plan.",
                "Where a known issue, lesson or decision below applies, say how the plan respects it.",
                "If the plan changes a recorded fact (a port, a workflow, the deployment flow), include the context_update that keeps the context true.",
                "End with the steps, the files each step modifies, and the commands that prove the change is done.",
            ]);
        if (touched.Count > 0)
        {
            writer.Line().Line("Likely touched: " + string.Join(", ", touched));
        }

        writer.Line().Source().Sections("current_focus", "services", "deployment", "ci", "constraints")
            .Knowledge("Known issues, lessons and decisions that apply", Relevant(writer, goal, touched, item => item is not KnownIssue issue || IsOpen(issue)),
                "Nothing recorded applies to this goal or these paths.");
        return writer.Result($"Plan '{goal.Trim()}' against the context of {writer.Project}");
    }

    private async Task<GetPromptResult> Troubleshoot(
        McpServer server,
        string symptom,
        string? paths,
        CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(server, cancellationToken).ConfigureAwait(false);
        var touched = Split(paths);
        writer.Line($"Troubleshoot this problem in {writer.Project}: {symptom.Trim()}").Line()
            .Line("Start from what the project already knows:")
            .Bullets([
                "Check the known issues and lessons below first. If one matches, follow its resolution or lesson and say which one.",
                "Use the services, deployment and CI facts below (ports, health checks, rollback) instead of guessing them.",
                "When the cause is found and it is new, record it with knowledge_add (kind known_issue, with the paths involved); once fixed, close it with knowledge_resolve; if it taught something that will matter again, add a lesson.",
            ]);
        if (touched.Count > 0)
        {
            writer.Line().Line("Involved: " + string.Join(", ", touched));
        }

        writer.Line().Source()
            .Knowledge("Matching known issues and lessons", Relevant(writer, symptom, touched, item => item is KnownIssue or Lesson),
                "No recorded known issue or lesson matches this symptom or these paths: it may be new.")
            .Sections("services", "deployment", "ci");
        return writer.Result($"Troubleshoot '{symptom.Trim()}' in {writer.Project}");
    }

    private async Task<GetPromptResult> ReviewChange(
        McpServer server,
        string change,
        string? files,
        CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(server, cancellationToken).ConfigureAwait(false);
        var touched = Split(files);
        if (touched.Count == 0)
        {
            touched = [.. UnifiedDiff.Parse(change).Files.SelectMany(f => new[] { f.OldPath, f.NewPath }).OfType<string>().Distinct(StringComparer.Ordinal)];
        }

        writer.Line($"Review this change to {writer.Project}.").Line()
            .Line("Judge it against the constraints and the recorded knowledge below:")
            .Bullets([
                "A change that breaks a rule with effect deny is rejected; one that touches a needs_approval rule needs that approval; a warn rule is a finding.",
                "Lessons and known issues below concern the touched files: check the change does not repeat them.",
                "A change to a recorded fact (a port, a workflow, the deployment flow) without the matching context update is a finding.",
                "Answer with status (approved, changes_requested or rejected), summary, findings, missing_tests and recommended_actions.",
            ]).Line()
            .Line("Touched files: " + (touched.Count == 0 ? "(none named; pass files, or a diff with ---/+++ headers)" : string.Join(", ", touched)))
            .Line().Source().Sections("constraints")
            .Knowledge("Known issues, lessons and decisions that concern this change", Relevant(writer, touched.Count == 0 ? change : null, touched, _ => true),
                "Nothing recorded concerns these files.")
            .Line().Line("## The change").Line("```").Line(PromptWriter.Cut(change.TrimEnd(), MaxDiffChars, "the full diff, read from the repository,")).Line("```");
        return writer.Result($"Review a change to {writer.Project} ({touched.Count} file{(touched.Count == 1 ? "" : "s")})");
    }

    private static Prompt Define(string name, string title, string description, params PromptArgument[] arguments) =>
        new() { Name = name, Title = title, Description = description, Arguments = [.. arguments] };

    private static PromptArgument Argument(string name, string description, bool required = false) =>
        new() { Name = name, Description = description, Required = required };

    private async Task<PromptWriter> WriterAsync(McpServer server, CancellationToken cancellationToken)
    {
        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        return new PromptWriter(store, store.Read());
    }

    private static IReadOnlyList<BriefingItem> Relevant(PromptWriter writer, string? description, IReadOnlyList<string> paths, Func<KnowledgeItem, bool> include) =>
        ContextBriefing.Relevant(writer.Model, description, paths, include, MaxKnowledge);

    private static bool IsOpen(KnownIssue issue) => KnowledgeService.Status(issue) is null or "open" or "mitigated";

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split([',', '\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
}
