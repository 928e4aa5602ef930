using System.Text;
using McpContext.Core.Drift.Scanners;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>Renders the proposal <c>mcpctx init</c> prints: TOML with a comment naming the evidence of every inferred value.</summary>
internal sealed class ProposalWriter(RepositoryScan scan, string directoryName, string? head, string schemaPath)
{
    private const string DefaultSchema = "./schemas/project-context.schema.json";

    private readonly StringBuilder _text = new();

    public int ServiceCount { get; private set; }

    public int WorkflowCount { get; private set; }

    public string Render()
    {
        _text.Clear();
        Line($"#:schema {schemaPath}");
        Line($"# Proposed by `mcpctx init` from the files git lists for this project{(head is null ? "" : $" at commit {head[..Math.Min(12, head.Length)]}")}.");
        Line("# Each inferred value ends with a comment naming its evidence (file:line). Check them, fill in what");
        Line("# no file states (description, focus, deployment, constraints, known issues), then record the review");
        Line("# with `mcpctx drift --accept`.");
        if (schemaPath == DefaultSchema)
        {
            Line("# The #:schema line is for editors: put McpContext's schemas/project-context.schema.json there, or change the path.");
        }

        Line();
        Project();
        var services = Services();
        Deployment(services);
        Ci();
        Line();
        Line("# Known issues, lessons and decisions: what the next person or agent must know. For example:");
        Line("# [[known_issues]]");
        Line("# id = \"KI-001\"");
        Line("# title = \"...\"");
        Line("# status = \"open\"");
        Line("# paths = [\"...\"]");
        return _text.ToString();
    }

    private void Project()
    {
        Value("project", directoryName, "the directory's name");
        Line("# project_type = \"\"   # what kind of project: web-app, saas-api, edge-platform, library, ...");
        Line("# description = \"\"    # a paragraph: what it is and how it runs");
        Line("current_focus = []");
    }

    private List<ProposedService> Services()
    {
        var proposed = new List<ProposedService>();
        var used = new Dictionary<long, string>();
        var named = scan.Services.GroupBy(s => ServiceAttribution.Normalize(s.Name)).ToList();
        if (named.Count > 0)
        {
            foreach (var group in named)
            {
                var name = group.First().Name;
                var files = group.Select(s => s.Evidence.File).Distinct(StringComparer.Ordinal).ToList();
                proposed.Add(Propose(name, ServiceChecks.BestPort(scan, name, files), files, group.First().Evidence, used));
            }
        }
        else
        {
            // Without compose, manifests, a Procfile or nginx, the projects that state ports are the services.
            foreach (var group in scan.Ports.Where(p => p.Service is not null && p.Role != PortRole.Upstream).GroupBy(p => ServiceAttribution.Normalize(p.Service!)))
            {
                var name = Slug(group.First().Service!);
                var files = group.Select(p => p.Evidence.File).Distinct(StringComparer.Ordinal).ToList();
                proposed.Add(Propose(name, ServiceChecks.BestPort(scan, name, files), files, group.First().Evidence, used));
            }
        }

        if (proposed.Count == 0)
        {
            return [];
        }

        Line();
        Line("[services]");
        foreach (var service in proposed)
        {
            Line();
            Line($"[services.{TomlKeyFormatter.FormatKey(service.Name)}]");
            if (service.Port is { } port)
            {
                Value("port", port, service.PortNote!);
            }
            else if (service.PortNote is not null)
            {
                Line($"# port: {Comment(service.PortNote)}");
            }

            Value("paths", new TomlArray(service.Paths), service.Evidence.ToString());
        }

        ServiceCount = proposed.Count;
        return proposed;
    }

    private static ProposedService Propose(string name, PortFact? port, List<string> files, Evidence evidence, Dictionary<long, string> used)
    {
        if (port is null)
        {
            return new(name, null, null, files, evidence);
        }

        if (used.TryGetValue(port.Port, out var owner))
        {
            return new(name, null, $"{port.Evidence} (port {port.Port} is already services.{owner}'s; two services cannot share a port)", files, evidence);
        }

        used[port.Port] = name;
        return new(name, port.Port, port.Evidence.ToString(), files, evidence);
    }

    private void Deployment(List<ProposedService> services)
    {
        var platform = scan.Services.FirstOrDefault(s => s.Source == "kubernetes") is { } k8s ? (Name: "kubernetes", k8s.Evidence)
            : scan.Services.FirstOrDefault(s => s.Source == "compose") is { } compose ? (Name: "docker-compose", compose.Evidence)
            : default((string Name, Evidence Evidence)?);
        var blueGreen = services.Any(s => s.Name == "blue") && services.Any(s => s.Name == "green");
        var rollback = scan.Files.All.FirstOrDefault(f => PathNames.FileName(f).StartsWith("rollback", StringComparison.OrdinalIgnoreCase)
            && (f.EndsWith(".sh", StringComparison.Ordinal) || PathNames.HasDirectory(f, "deploy", "deployment", "scripts")));
        if (platform is null && !blueGreen && rollback is null)
        {
            return;
        }

        Line();
        Line("[deployment]");
        if (blueGreen)
        {
            Value("model", "blue-green", "guessed from the services blue and green");
        }

        if (platform is { } p)
        {
            Value("platform", p.Name, p.Evidence.ToString());
        }

        if (rollback is not null)
        {
            Line();
            Line("[deployment.rollback]");
            Value("script", rollback, $"{rollback}: a rollback script, by its name");
        }
    }

    private void Ci()
    {
        var workflows = WorkflowChecks.Present(scan, null);
        if (workflows.Count == 0)
        {
            return;
        }

        Line();
        Line("[ci]");
        var systems = workflows.GroupBy(w => w.System).OrderByDescending(g => g.Count()).ToList();
        Value("pipeline", systems[0].Key, systems[0].First().Evidence.ToString() + (systems.Count > 1 ? $" (also {string.Join(", ", systems.Skip(1).Select(s => s.Key))})" : ""));
        if (WorkflowChecks.RunnerDescription(workflows) is { } runner)
        {
            var job = workflows.SelectMany(w => w.Jobs.Where(j => j.Labels.Count > 0).Select(j => (w.Path, j))).First();
            Value("runner", runner, $"{job.Path}:{job.j.Line}: job {job.j.Id} and the other jobs' runner labels");
        }

        Line("workflows = [");
        foreach (var workflow in workflows)
        {
            var triggers = workflow.Triggers.Count == 0 ? "" : $", on {string.Join(", ", workflow.Triggers)}";
            Line($"  {TomlValueFormatter.Format(workflow.Path)},   # {Comment(workflow.Evidence.ToString() + triggers)}");
        }

        Line("]");
        WorkflowCount = workflows.Count;
    }

    private void Value(string key, object value, string evidence) =>
        Line($"{TomlKeyFormatter.FormatKey(key)} = {TomlValueFormatter.Format(value)}   # {Comment(evidence)}");

    private void Line(string text = "") => _text.Append(text).Append('\n');

    // Ledger.Api runs as the service ledger-api: a bare TOML key that still compares equal by name.
    private static string Slug(string name) => new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);

    // A comment runs to the end of the line and TOML forbids control characters in it.
    private static string Comment(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);

    /// <summary>A service as the proposal lists it; <paramref name="PortNote"/> is the port's evidence, or why it was left out.</summary>
    private sealed record ProposedService(string Name, long? Port, string? PortNote, IReadOnlyList<string> Paths, Evidence Evidence);
}
