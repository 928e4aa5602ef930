using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>Repository paths the context names (service paths, knowledge paths, the rollback script) that match no file any more.</summary>
internal static class PathChecks
{
    public static IEnumerable<DriftFinding> Check(ProjectContext context, RepositoryScan scan, IReadOnlyDictionary<string, string> renames)
    {
        foreach (var (name, service) in context.Services)
        {
            var at = TomlPath.FromKeys("services", name, "paths");
            for (var i = 0; i < service.Paths.Count; i++)
            {
                if (Check(scan, renames, at.Append(i), service.Paths[i], $"services.{name}") is { } finding)
                {
                    yield return finding;
                }
            }
        }

        foreach (var item in context.KnownIssues.Cast<KnowledgeItem>().Concat(context.Lessons))
        {
            var owner = item.Id ?? item.Location.ToString();
            for (var i = 0; i < item.Paths.Count; i++)
            {
                if (Check(scan, renames, item.Location.Append("paths").Append(i), item.Paths[i], owner) is { } finding)
                {
                    yield return finding;
                }
            }
        }

        if (context.Deployment?.Rollback?.Script is { } script
            && Check(scan, renames, TomlPath.FromKeys("deployment", "rollback", "script"), script, "the rollback script") is { } rollback)
        {
            yield return rollback;
        }
    }

    private static DriftFinding? Check(RepositoryScan scan, IReadOnlyDictionary<string, string> renames, TomlPath key, string pattern, string owner)
    {
        if (scan.Files.Exists(pattern))
        {
            return null;
        }

        var path = RepositoryFiles.Normalize(pattern);
        if (Renames.Follow(renames, path, scan.Files) is { } renamed)
        {
            return new DriftFinding(DriftKinds.PathRenamed, key.ToString(),
                $"{pattern} ({owner}) was renamed to {renamed} in git",
                [new Evidence(renamed, 0, $"renamed from {path}")], [new ContextOperation(ContextOperationKind.Set, key, renamed)]);
        }

        var what = pattern.IndexOfAny(['*', '?']) >= 0 ? "matches no file" : "does not exist";
        return new DriftFinding(DriftKinds.PathMissing, key.ToString(), $"{pattern} ({owner}) {what} in the repository", [], [new ContextOperation(ContextOperationKind.Remove, key)]);
    }
}
