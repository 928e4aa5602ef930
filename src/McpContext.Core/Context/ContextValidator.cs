using System.Globalization;
using McpContext.Core.Context.Model;
using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>
/// Checks what TOML cannot: values of the types the <see cref="ProjectContext"/> model expects (and
/// statuses and effects it knows), ports in range and not shared, workflow paths relative to the
/// repository, knowledge ids unique, dates that are dates, a verified commit that is a commit, rules
/// whose globs, key patterns and regular expressions compile under unique, unreserved ids. Each
/// problem names its key path and, when a document is given, its line and column.
/// </summary>
public static class ContextValidator
{
    /// <summary>The problems of a parsed context document, positioned in its text, in document order.</summary>
    public static IReadOnlyList<ContextDiagnostic> Validate(TomlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Validate(document.Model, document.GetPosition);
    }

    internal static IReadOnlyList<ContextDiagnostic> Validate(Formats.ContextDocument document) => Validate(document.Model, document.GetPosition);

    private static IReadOnlyList<ContextDiagnostic> Validate(TomlTable model, Func<TomlPath, (int Line, int Column)?> locate)
    {
        return [.. Problems(model).Select(p =>
        {
            var position = locate(p.Path);
            return new ContextDiagnostic(position?.Line ?? 0, position?.Column ?? 0, $"{p.Path}: {p.Message}", p.Path.ToString());
        }).OrderBy(d => d.Line).ThenBy(d => d.Column)];
    }

    /// <summary>The problems of a context value, as "path: message" lines.</summary>
    public static IReadOnlyList<string> Validate(TomlTable model) => [.. Problems(model).Select(p => $"{p.Path}: {p.Message}")];

    internal static List<ModelProblem> Problems(TomlTable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<ModelProblem>();
        var context = ProjectContext.Read(model, problems);
        problems.AddRange(PortProblems(context));
        problems.AddRange(WorkflowProblems(model));
        problems.AddRange(KnowledgeProblems(context));
        problems.AddRange(VerifiedProblems(context));
        problems.AddRange(Constraints.RuleSet.Compile(context.Constraints, [.. problems]).Problems);
        return problems;
    }

    private static IEnumerable<ModelProblem> PortProblems(ProjectContext context)
    {
        var owners = new Dictionary<long, string>();
        foreach (var (name, service) in context.Services)
        {
            switch (service.Port)
            {
                case null:
                    continue;
                case long port when port is < 1 or > 65535:
                    yield return new(service.PortPath!, $"port {port} is out of range (1-65535)");
                    continue;
                case long port when owners.TryGetValue(port, out var owner):
                    yield return new(service.PortPath!, $"port {port} is already used by services.{owner}; two services cannot listen on one port");
                    continue;
                case long port:
                    owners[port] = name;
                    continue;
            }
        }
    }

    // Read from the raw array, not the typed list, so the index in the path is the index in the file.
    private static IEnumerable<ModelProblem> WorkflowProblems(TomlTable model)
    {
        if (!TomlModel.TryGetValue(model, TomlPath.FromKeys("ci", "workflows"), out var value) || value is not TomlArray workflows)
        {
            yield break;
        }

        for (var i = 0; i < workflows.Count; i++)
        {
            if (workflows[i] is string workflow && !IsRelativeRepositoryPath(workflow))
            {
                yield return new(TomlPath.FromKeys("ci", "workflows").Append(i), $"'{workflow}' must be a path relative to the repository root, such as .github/workflows/build.yml");
            }
        }
    }

    private static bool IsRelativeRepositoryPath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.StartsWith('\\') && !path.Contains("://", StringComparison.Ordinal)
        && !(path.Length >= 2 && path[1] == ':') && !path.Replace('\\', '/').Split('/').Contains("..");

    private static IEnumerable<ModelProblem> KnowledgeProblems(ProjectContext context)
    {
        var ids = new Dictionary<string, TomlPath>(StringComparer.Ordinal);
        foreach (var item in context.Knowledge)
        {
            if (item.Id is { } id)
            {
                if (ids.TryGetValue(id, out var first))
                {
                    yield return new(item.Location.Append("id"), $"id '{id}' is already used by {first}; ids must be unique");
                }
                else
                {
                    ids[id] = item.Location;
                }
            }

            foreach (var (key, date) in Dates(item))
            {
                if (date is not null && DateProblem(date) is { } problem)
                {
                    yield return new(item.Location.Append(key), problem);
                }
            }
        }
    }

    private static IEnumerable<(string Key, string? Value)> Dates(KnowledgeItem item) => item switch
    {
        KnownIssue issue => [("opened", issue.Opened), ("resolved", issue.Resolved)],
        Lesson lesson => [("learned", lesson.Learned)],
        Decision decision => [("date", decision.Date)],
        _ => [],
    };

    private static IEnumerable<ModelProblem> VerifiedProblems(ProjectContext context)
    {
        if (context.Verified is not { } verified)
        {
            yield break;
        }

        if (verified.Commit is { } sha && (sha.Length is < 7 or > 64 || !sha.All(char.IsAsciiHexDigitLower)))
        {
            yield return new(TomlPath.FromKeys("verified", "commit"), "must be a git commit id: 7 to 64 lower-case hexadecimal digits");
        }

        if (verified.At is { } at && DateProblem(at) is { } problem)
        {
            yield return new(TomlPath.FromKeys("verified", "at"), problem);
        }
    }

    /// <summary>Dates arrive as text: a TOML date's own rendering, or a string in ISO 8601 form (JSON and YAML have no date type).</summary>
    private static string? DateProblem(string text) =>
        text.Length >= 10 && text[4] == '-' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : $"'{text}' is not a date: write YYYY-MM-DD or an RFC 3339 date-time";
}
