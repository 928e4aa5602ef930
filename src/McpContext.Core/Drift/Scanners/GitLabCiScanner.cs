namespace McpContext.Core.Drift.Scanners;

/// <summary>GitLab CI: the pipeline file, the local files it includes, its jobs and their runner <c>tags</c>.</summary>
internal sealed class GitLabCiScanner : IFileScanner
{
    public const string System = "gitlab-ci";

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script", "after_script", "spec",
    };

    public string Kind => "workflow";

    public bool Accepts(string path)
    {
        var name = PathNames.FileName(path);
        return name.EndsWith(".gitlab-ci.yml", StringComparison.Ordinal) || name == ".gitlab-ci.yml"
            || (path.StartsWith(".gitlab/ci/", StringComparison.Ordinal) && PathNames.IsYaml(path));
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        var documents = YamlTree.Load(file.Text, out var errorLine, out var error);
        if (documents is null)
        {
            sink.Notes.Add(file.Note(errorLine, error!));
            sink.Workflows.Add(new WorkflowFact(System, file.Path, null, [], [], file.At(0, "a GitLab CI file GitLab cannot read")));
            return;
        }

        // GitLab CI files may hold a spec header document before the pipeline.
        var root = documents.OfType<YamlMap>().LastOrDefault() ?? new YamlMap(1);
        var defaultTags = (root.Get("default") as YamlMap)?.Get("tags");
        var jobs = new List<CiJob>();
        foreach (var (key, value) in root.Entries)
        {
            if (Keywords.Contains(key.Value) || key.Value.StartsWith('.') || value is not YamlMap job)
            {
                continue;
            }

            var own = job.Get("tags");
            var tags = own ?? defaultTags;
            jobs.Add(new CiJob(key.Value, [.. tags.Texts().Select(t => t.Value).Where(t => !t.Contains('$', StringComparison.Ordinal))], own is null ? key.Line : job.LineOf("tags")));
        }

        sink.Workflows.Add(new WorkflowFact(System, file.Path, null, [], jobs, file.At(1, "GitLab CI pipeline")));
        foreach (var include in Includes(root.Get("include")))
        {
            var path = include.Value.TrimStart('/');
            if (path.Contains('*', StringComparison.Ordinal))
            {
                sink.Notes.Add(file.Note(include.Line, $"include {include.Value}: wildcard includes are not followed"));
                continue;
            }

            sink.Workflows.Add(new WorkflowFact(System, path, null, [], [], file.At(include.Line, $"included by {file.Path}")));
        }
    }

    // include: "file", [file, {local: file}], or {local: file}; remote, project and template includes are outside the repository.
    private static IEnumerable<YamlText> Includes(YamlItem? include) => include switch
    {
        YamlText text when !text.Value.Contains("://", StringComparison.Ordinal) => [text],
        YamlMap map when map.Get("local") is YamlText local => [local],
        YamlList list => list.Items.SelectMany(Includes),
        _ => [],
    };
}
