using System.Globalization;
using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>
/// Checks what TOML cannot: ports in range and not shared, workflow paths relative to the repository,
/// knowledge ids unique, dates that are dates, a verified commit that is a commit. Each problem names
/// its key path and, when a document is given, its line and column.
/// </summary>
public static class ContextValidator
{
    private static readonly string[] KnowledgeLists = ["known_issues", "lessons", "decisions"];
    private static readonly string[] DateKeys = ["opened", "resolved", "learned", "date", "decided", "at"];

    /// <summary>The problems of a parsed context document, positioned in its text.</summary>
    public static IReadOnlyList<ContextDiagnostic> Validate(TomlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. Problems(document.Model).Select(p =>
        {
            var position = document.GetPosition(p.Path);
            return new ContextDiagnostic(position?.Line ?? 0, position?.Column ?? 0, $"{p.Path}: {p.Message}", p.Path.ToString());
        })];
    }

    /// <summary>The problems of a context value, as "path: message" lines.</summary>
    public static IReadOnlyList<string> Validate(TomlTable model) => [.. Problems(model).Select(p => $"{p.Path}: {p.Message}")];

    private static IEnumerable<(TomlPath Path, string Message)> Problems(TomlTable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ServiceProblems(model).Concat(WorkflowProblems(model)).Concat(KnowledgeProblems(model)).Concat(VerifiedProblems(model));
    }

    private static IEnumerable<(TomlPath, string)> ServiceProblems(TomlTable model)
    {
        if (!model.TryGetValue("services", out var value) || value is not TomlTable services)
        {
            yield break;
        }

        var owners = new Dictionary<long, string>();
        foreach (var (name, service) in services)
        {
            // Short form `blue = 3001`, or rich form `[services.blue]` with `port = 3001`.
            var (path, port) = service is TomlTable rich
                ? (TomlPath.FromKeys("services", name, "port"), rich.TryGetValue("port", out var p) ? p : null)
                : (TomlPath.FromKeys("services", name), service);
            switch (port)
            {
                case null:
                    continue;
                case not long:
                    yield return (path, $"a port must be an integer, not {TomlModel.Describe(port)}");
                    continue;
                case long number when number is < 1 or > 65535:
                    yield return (path, $"port {number} is out of range (1-65535)");
                    continue;
                case long number when owners.TryGetValue(number, out var owner):
                    yield return (path, $"port {number} is already used by services.{owner}; two services cannot listen on one port");
                    continue;
                case long number:
                    owners[number] = name;
                    continue;
            }
        }
    }

    private static IEnumerable<(TomlPath, string)> WorkflowProblems(TomlTable model)
    {
        if (!model.TryGetValue("ci", out var ci) || ci is not TomlTable table || !table.TryGetValue("workflows", out var value))
        {
            yield break;
        }

        if (value is not TomlArray workflows)
        {
            yield return (TomlPath.FromKeys("ci", "workflows"), "must be an array of repository paths");
            yield break;
        }

        for (var i = 0; i < workflows.Count; i++)
        {
            var path = TomlPath.FromKeys("ci", "workflows").Append(i);
            if (workflows[i] is not string workflow)
            {
                yield return (path, "must be a repository path (a string)");
            }
            else if (!IsRelativeRepositoryPath(workflow))
            {
                yield return (path, $"'{workflow}' must be a path relative to the repository root, such as .github/workflows/build.yml");
            }
        }
    }

    private static bool IsRelativeRepositoryPath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.StartsWith('\\') && !path.Contains("://", StringComparison.Ordinal)
        && !(path.Length >= 2 && path[1] == ':') && !path.Replace('\\', '/').Split('/').Contains("..");

    private static IEnumerable<(TomlPath, string)> KnowledgeProblems(TomlTable model)
    {
        var ids = new Dictionary<string, TomlPath>(StringComparer.Ordinal);
        foreach (var list in KnowledgeLists)
        {
            if (!model.TryGetValue(list, out var value) || value is not TomlArray items)
            {
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not TomlTable item)
                {
                    continue;
                }

                var at = TomlPath.FromKeys(list).Append(i);
                if (item.TryGetValue("id", out var id) && id is string text)
                {
                    if (ids.TryGetValue(text, out var first))
                    {
                        yield return (at.Append("id"), $"id '{text}' is already used by {first}; ids must be unique");
                    }
                    else
                    {
                        ids[text] = at;
                    }
                }

                foreach (var key in DateKeys)
                {
                    if (item.TryGetValue(key, out var date) && DateProblem(date) is { } problem)
                    {
                        yield return (at.Append(key), problem);
                    }
                }
            }
        }
    }

    private static IEnumerable<(TomlPath, string)> VerifiedProblems(TomlTable model)
    {
        if (!model.TryGetValue("verified", out var value) || value is not TomlTable verified)
        {
            yield break;
        }

        if (verified.TryGetValue("commit", out var commit)
            && (commit is not string sha || sha.Length is < 7 or > 64 || !sha.All(char.IsAsciiHexDigitLower)))
        {
            yield return (TomlPath.FromKeys("verified", "commit"), "must be a git commit id: 7 to 64 lower-case hexadecimal digits");
        }

        if (verified.TryGetValue("at", out var at) && DateProblem(at) is { } problem)
        {
            yield return (TomlPath.FromKeys("verified", "at"), problem);
        }
    }

    /// <summary>A TOML date or date-time is fine; so is a string in ISO 8601 form (JSON and YAML have no date type).</summary>
    private static string? DateProblem(object value) => value switch
    {
        TomlDateTime { Kind: not TomlDateTimeKind.LocalTime } => null,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) && s.Length >= 10 && s[4] == '-' => null,
        string s => $"'{s}' is not a date: write YYYY-MM-DD or an RFC 3339 date-time",
        _ => $"must be a date, not {TomlModel.Describe(value)}",
    };
}
