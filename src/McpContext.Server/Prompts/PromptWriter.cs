using System.Globalization;
using System.Text;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Core.Knowledge;
using McpContext.Server.Context;
using McpContext.Toml;
using ModelContextProtocol.Protocol;

namespace McpContext.Server.Prompts;

/// <summary>
/// Writes a prompt's text from one snapshot of the context: the instructions, then the sections and
/// knowledge that apply, each bounded so a large context cannot flood the model's window. What is cut
/// says how to read the rest.
/// </summary>
internal sealed class PromptWriter(ContextStore store, ContextSnapshot snapshot)
{
    private const int MaxSectionChars = 6000;
    private const int MaxDetailsChars = 1500;

    private readonly StringBuilder _text = new();
    private readonly IReadOnlyList<SearchDocument> _documents = ContextSearch.Documents(snapshot.Model);

    public TomlTable Model => snapshot.Model;

    public string Project => ProjectContext.From(snapshot.Model).Project ?? "this project";

    public PromptWriter Line(string line = "")
    {
        _text.AppendLine(line);
        return this;
    }

    public PromptWriter Bullets(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            _text.Append("- ").AppendLine(line);
        }

        return this;
    }

    /// <summary>Where the facts come from and how to read more, plus any problem with the file.</summary>
    public PromptWriter Source()
    {
        Line(string.Create(CultureInfo.InvariantCulture, $"Project context at revision {snapshot.Revision} ({store.FilePath}); read more with context_get, search and fetch, or the context:// resources."));
        var problems = ServedContext.Diagnostics(store, snapshot);
        if (problems.Count > 0)
        {
            Line().Line("Problems with the context file (its facts may be incomplete):")
                .Bullets(problems.Take(10).Select(p => p.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{p.Line}:{p.Column}: {p.Message}") : p.Message));
        }

        return this;
    }

    /// <summary>The named sections that exist, as <c>path = value</c> lines; absent ones are listed as absent.</summary>
    public PromptWriter Sections(params string[] names)
    {
        foreach (var name in names)
        {
            Line().Line($"## {name}");
            if (_documents.FirstOrDefault(d => d.Id == $"section/{name}") is not { } section)
            {
                Line($"(not recorded: the context has no {name})");
                continue;
            }

            Line(Cut(section.Text, MaxSectionChars, $"context_get path={name}"));
        }

        return this;
    }

    /// <summary>The chosen knowledge under <paramref name="heading"/>, or <paramref name="none"/> when nothing applies.</summary>
    public PromptWriter Knowledge(string heading, IReadOnlyList<BriefingItem> items, string none)
    {
        Line().Line($"## {heading}");
        if (items.Count == 0)
        {
            return Line(none);
        }

        foreach (var (item, reason) in items)
        {
            var status = KnowledgeService.Status(item) is { } s ? $", {s}" : "";
            Line($"- {item.Id ?? KnowledgeItem.ListName(item.Kind)} [{Kind(item.Kind)}{status}] {item.Title} ({reason}; {ContextSearch.Url(item)})");
            foreach (var detail in Details(item))
            {
                Line("  " + Cut(detail, MaxDetailsChars, $"fetch id={ContextSearch.Id(item)}").ReplaceLineEndings("\n  "));
            }
        }

        return this;
    }

    /// <summary>Text cut to <paramref name="max"/> characters, with a note naming the read that gives the rest.</summary>
    public static string Cut(string text, int max, string rest) =>
        text.Length <= max ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..max]}\n[cut at {max} of {text.Length} characters; {rest} gives the rest]");

    public GetPromptResult Result(string description) => new()
    {
        Description = description,
        Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = _text.ToString().TrimEnd() } }],
    };

    private static IEnumerable<string> Details(KnowledgeItem item)
    {
        if (item.Details is { Length: > 0 } details)
        {
            yield return details.Trim();
        }

        switch (item)
        {
            case KnownIssue { Resolution: { Length: > 0 } resolution }:
                yield return "Resolution: " + resolution.Trim();
                break;
            case Lesson { Learned: { Length: > 0 } learned }:
                yield return $"Learned {learned}.";
                break;
        }
    }

    private static string Kind(KnowledgeKind kind) => kind switch
    {
        KnowledgeKind.KnownIssue => "known issue",
        KnowledgeKind.Lesson => "lesson",
        _ => "decision",
    };
}
