using System.Text.RegularExpressions;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Drift.Scanners;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>CI: listed workflows that are gone or renamed, workflows nobody listed, the pipeline system, runner labels.</summary>
internal static class WorkflowChecks
{
    private static readonly TomlPath Workflows = TomlPath.FromKeys("ci", "workflows");
    private static readonly TomlPath Pipeline = TomlPath.FromKeys("ci", "pipeline");
    private static readonly TomlPath Runner = TomlPath.FromKeys("ci", "runner");

    public static IEnumerable<DriftFinding> Check(ProjectContext context, RepositoryScan scan, IReadOnlyDictionary<string, string> renames, List<ScanNote> notes)
    {
        var findings = new List<DriftFinding>();
        var present = Present(scan, notes);
        var listed = context.Ci?.Workflows ?? [];
        var accounted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < listed.Count; i++)
        {
            var path = RepositoryFiles.Normalize(listed[i]);
            var key = Workflows.Append(i);
            if (scan.Files.Contains(path))
            {
                accounted.Add(path);
                continue;
            }

            if (Renames.Follow(renames, path, scan.Files) is { } renamed)
            {
                accounted.Add(renamed);
                findings.Add(new DriftFinding(DriftKinds.WorkflowRenamed, key.ToString(),
                    $"{listed[i]} was renamed to {renamed} in git",
                    [new Evidence(renamed, 0, $"renamed from {path}")], [new ContextOperation(ContextOperationKind.Set, key, renamed)]));
                continue;
            }

            findings.Add(new DriftFinding(DriftKinds.WorkflowMissing, key.ToString(),
                $"{listed[i]} is listed but does not exist",
                [], [new ContextOperation(ContextOperationKind.Remove, key)]));
        }

        foreach (var workflow in present.Where(w => !accounted.Contains(w.Path)))
        {
            findings.Add(new DriftFinding(DriftKinds.WorkflowUnlisted, Workflows.ToString(),
                $"{workflow.Path} is a {Describe(workflow.System)} file the context does not list",
                [workflow.Evidence], [new ContextOperation(ContextOperationKind.Append, Workflows, workflow.Path)]));
        }

        if (PipelineFinding(context.Ci?.Pipeline, present) is { } pipeline)
        {
            findings.Add(pipeline);
        }

        if (context.Ci?.Runner is { } runner && RunnerFinding(runner, present) is { } runnerFinding)
        {
            findings.Add(runnerFinding);
        }

        return findings;
    }

    /// <summary>The CI files that exist, one per path (a file both scanned and included keeps the scanned one).</summary>
    internal static List<WorkflowFact> Present(RepositoryScan scan, List<ScanNote>? notes)
    {
        var present = new List<WorkflowFact>();
        foreach (var group in scan.Workflows.GroupBy(w => w.Path, StringComparer.Ordinal))
        {
            if (!scan.Files.Contains(group.Key))
            {
                notes?.AddRange(group.Select(w => new ScanNote(w.Evidence.File, w.Evidence.Line, $"{w.Evidence.Detail}: {group.Key} does not exist")));
                continue;
            }

            present.Add(group.FirstOrDefault(w => w.Evidence.File == w.Path) ?? group.First());
        }

        return [.. present.OrderBy(w => w.Path, StringComparer.Ordinal)];
    }

    /// <summary>How <c>ci.runner</c> reads for these workflows: self-hosted label sets, hosted runner names, GitLab tags; null when no job names one.</summary>
    internal static string? RunnerDescription(IEnumerable<WorkflowFact> workflows)
    {
        var list = workflows.ToList();
        var parts = new List<string>();
        var selfHosted = Labels(list, GitHubActionsScanner.System).Where(l => l.Contains("self-hosted", StringComparer.OrdinalIgnoreCase)).SelectMany(l => l).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (selfHosted.Count > 0)
        {
            parts.Add($"self-hosted, labels [{string.Join(", ", selfHosted)}]");
        }

        var hosted = Labels(list, GitHubActionsScanner.System).Where(l => !l.Contains("self-hosted", StringComparer.OrdinalIgnoreCase)).SelectMany(l => l).Distinct(StringComparer.Ordinal).ToList();
        if (hosted.Count > 0)
        {
            parts.Add($"{string.Join(", ", hosted)} (GitHub-hosted)");
        }

        var tags = Labels(list, GitLabCiScanner.System).SelectMany(l => l).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            parts.Add($"GitLab runners tagged [{string.Join(", ", tags)}]");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static IEnumerable<IReadOnlyList<string>> Labels(List<WorkflowFact> workflows, string system) =>
        workflows.Where(w => w.System == system).SelectMany(w => w.Jobs).Select(j => j.Labels).Where(l => l.Count > 0);

    private static DriftFinding? PipelineFinding(string? pipeline, List<WorkflowFact> present)
    {
        var systems = present.Select(w => w.System).Distinct().ToList();
        if (pipeline is not (GitHubActionsScanner.System or GitLabCiScanner.System) || systems.Count != 1 || systems[0] == pipeline)
        {
            return null;
        }

        return new DriftFinding(DriftKinds.CiPipeline, Pipeline.ToString(),
            $"ci.pipeline is {pipeline}, but the repository has no {Describe(pipeline)} files and has {Describe(systems[0])} files",
            [.. present.Take(3).Select(w => w.Evidence)], [new ContextOperation(ContextOperationKind.Set, Pipeline, systems[0])]);
    }

    private static DriftFinding? RunnerFinding(string runner, List<WorkflowFact> present)
    {
        var jobs = present.SelectMany(w => w.Jobs.Select(j => (Workflow: w, Job: j))).ToList();
        var required = jobs.Where(j => j.Workflow.System == GitLabCiScanner.System || j.Job.Labels.Contains("self-hosted", StringComparer.OrdinalIgnoreCase)).ToList();
        var missing = required.SelectMany(j => j.Job.Labels.Where(l => !Mentions(runner, l)).Select(l => (j.Workflow, j.Job, Label: l))).ToList();
        var proposal = RunnerDescription(present);
        if (missing.Count > 0)
        {
            return new DriftFinding(DriftKinds.RunnerLabels, Runner.ToString(),
                $"jobs ask for runner label(s) {string.Join(", ", missing.Select(m => m.Label).Distinct(StringComparer.OrdinalIgnoreCase))} that ci.runner does not mention",
                [.. missing.DistinctBy(m => m.Label).Take(5).Select(m => new Evidence(m.Workflow.Path, m.Job.Line, $"job {m.Job.Id} runs on [{string.Join(", ", m.Job.Labels)}]"))],
                proposal is null ? [] : [new ContextOperation(ContextOperationKind.Set, Runner, proposal)]);
        }

        var labelled = jobs.Where(j => j.Workflow.System == GitHubActionsScanner.System && j.Job.Labels.Count > 0).ToList();
        if (Mentions(runner, "self-hosted") && labelled.Count > 0 && required.Count == 0)
        {
            return new DriftFinding(DriftKinds.RunnerLabels, Runner.ToString(),
                "ci.runner says self-hosted, but no job runs on a self-hosted runner",
                [.. labelled.Take(5).Select(j => new Evidence(j.Workflow.Path, j.Job.Line, $"job {j.Job.Id} runs on [{string.Join(", ", j.Job.Labels)}]"))],
                proposal is null ? [] : [new ContextOperation(ContextOperationKind.Set, Runner, proposal)]);
        }

        return null;
    }

    private static bool Mentions(string text, string label) =>
        Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(label)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string Describe(string system) => system switch
    {
        GitHubActionsScanner.System => "GitHub Actions workflow",
        GitLabCiScanner.System => "GitLab CI",
        _ => system,
    };
}
