using McpContext.Core.Context.Model;
using McpContext.Core.Git;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>
/// Says which files changed since the verified commit matter to the context: configuration the scanners
/// read (workflows, compose, Dockerfiles, nginx, manifests, ...), deploy scripts (under a deploy folder, or
/// named anywhere in <c>[deployment]</c>), files under a service's paths, and files a known issue or lesson
/// is about.
/// </summary>
internal sealed class ChangeClassifier
{
    private static readonly string[] DeployDirectories = ["deploy", "deployment", "deployments"];

    private readonly GlobIndex<string> _owners = new();
    private readonly HashSet<string> _deploymentFiles;
    private readonly string _contextFile;

    public ChangeClassifier(ProjectContext context, TomlTable model, string contextFile)
    {
        _contextFile = contextFile;
        foreach (var (name, service) in context.Services)
        {
            foreach (var path in service.Paths)
            {
                _owners.Add(path, $"services.{name}");
            }
        }

        foreach (var item in context.KnownIssues.Cast<KnowledgeItem>().Concat(context.Lessons).Concat(context.Decisions))
        {
            foreach (var path in item.Paths)
            {
                _owners.Add(path, item.Id ?? item.Location.ToString());
            }
        }

        _deploymentFiles = model.TryGetValue("deployment", out var deployment) ? [.. Strings(deployment, 0).Select(RepositoryFiles.Normalize)] : [];
    }

    /// <summary>The changes under <paramref name="prefix"/> (paths made relative to it) that matter, and how many others there were.</summary>
    public VerifiedChanges Classify(string since, IReadOnlyList<GitChangedFile> changes, string prefix)
    {
        var relevant = new List<RelevantChange>();
        var others = 0;
        foreach (var change in changes)
        {
            if (!change.Path.StartsWith(prefix, StringComparison.Ordinal) && change.OldPath?.StartsWith(prefix, StringComparison.Ordinal) != true)
            {
                continue;
            }

            var path = Relative(change.Path, prefix);
            var oldPath = change.OldPath is null ? null : Relative(change.OldPath, prefix);
            if (path == _contextFile || path.StartsWith(".mcpcontext/", StringComparison.Ordinal))
            {
                continue;
            }

            var reasons = Reasons(path).Concat(oldPath is null ? [] : Reasons(oldPath)).Distinct(StringComparer.Ordinal).ToList();
            if (reasons.Count == 0)
            {
                others++;
                continue;
            }

            relevant.Add(new RelevantChange(change.Status, path, oldPath, reasons));
        }

        return new VerifiedChanges(since, relevant, others);
    }

    private IEnumerable<string> Reasons(string path)
    {
        if (RepositoryScanner.KindOf(path) is { } kind)
        {
            yield return kind;
        }

        if (_deploymentFiles.Contains(path) || PathIsUnder(path, DeployDirectories))
        {
            yield return "deploy";
        }

        foreach (var owner in _owners.Match(path))
        {
            yield return owner;
        }
    }

    private static bool PathIsUnder(string path, string[] directories) => Scanners.PathNames.HasDirectory(path, directories);

    // A path outside the project (the other side of a rename across its border) keeps its repository path with a leading "/".
    private static string Relative(string path, string prefix) => path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : "/" + path;

    private static IEnumerable<string> Strings(object value, int depth) => value switch
    {
        string s => [s],
        TomlTable t when depth < 8 => t.Values.SelectMany(v => Strings(v, depth + 1)),
        TomlArray a when depth < 8 => a.SelectMany(v => Strings(v, depth + 1)),
        _ => [],
    };
}
