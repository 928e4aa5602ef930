namespace McpContext.Core.Drift.Scanners;

/// <summary>GitHub Actions workflows: name, triggers, and each job's <c>runs-on</c> labels (self-hosted ones included).</summary>
internal sealed class GitHubActionsScanner : IFileScanner
{
    public const string System = "github-actions";

    private const string Directory = ".github/workflows/";

    public string Kind => "workflow";

    // GitHub runs only the files directly in .github/workflows.
    public bool Accepts(string path) =>
        path.StartsWith(Directory, StringComparison.Ordinal) && path.IndexOf('/', Directory.Length) < 0 && PathNames.IsYaml(path);

    public void Scan(ScanFile file, ScanSink sink)
    {
        var documents = YamlTree.Load(file.Text, out var errorLine, out var error);
        if (documents is null)
        {
            sink.Notes.Add(file.Note(errorLine, error!));
            sink.Workflows.Add(new WorkflowFact(System, file.Path, null, [], [], file.At(0, "a workflow file GitHub cannot read")));
            return;
        }

        if (documents is not [YamlMap root, ..] || root.Get("jobs") is not YamlMap jobs)
        {
            sink.Notes.Add(file.Note(0, "a file in .github/workflows without a jobs: mapping; GitHub will reject it"));
            sink.Workflows.Add(new WorkflowFact(System, file.Path, null, [], [], file.At(0, "a workflow file without jobs")));
            return;
        }

        var name = root.Get("name").Text();
        var triggers = root.Get("on") switch
        {
            YamlText t => [t.Value],
            YamlList l => [.. l.Items.OfType<YamlText>().Select(t => t.Value)],
            YamlMap m => m.Entries.Select(e => e.Key.Value).ToList(),
            _ => new List<string>(),
        };
        var ciJobs = new List<CiJob>();
        foreach (var (id, value) in jobs.Entries)
        {
            var job = value as YamlMap;
            var runsOn = job?.Get("runs-on");
            var labels = (runsOn switch
            {
                YamlMap group => group.Get("labels").Texts(),
                _ => runsOn.Texts(),
            }).Select(t => t.Value).Where(l => !l.Contains("${{", StringComparison.Ordinal)).ToList();
            ciJobs.Add(new CiJob(id.Value, labels, runsOn is null ? id.Line : job!.LineOf("runs-on")));
        }

        var line = name is null ? 1 : root.LineOf("name");
        sink.Workflows.Add(new WorkflowFact(System, file.Path, name, triggers, ciJobs, file.At(line, name is null ? "workflow" : $"workflow \"{name}\"")));
    }
}
