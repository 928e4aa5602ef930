using System.Text;
using McpContext.Core.Knowledge;

namespace McpContext.Core.Ledger;

/// <summary>
/// Tasks as <see cref="ContextSearch"/> documents, so <c>search</c> and <c>fetch</c> find them next to the
/// context: id <c>tasks/{id}</c>, served by the resource <c>ledger://tasks/{id}</c>.
/// </summary>
public static class TaskSearch
{
    /// <summary>The prefix of task document ids.</summary>
    public const string IdPrefix = "tasks/";

    /// <summary>The resource of one task.</summary>
    public static string Url(string id) => "ledger://tasks/" + Uri.EscapeDataString(id ?? "");

    /// <summary>One document per task, in ledger order.</summary>
    public static IReadOnlyList<SearchDocument> Documents(LedgerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return [.. snapshot.Tasks.Select(Document)];
    }

    private static SearchDocument Document(LedgerTask task)
    {
        var spec = task.Spec;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = "task",
            ["status"] = task.State.Name(),
            ["priority"] = TaskPriority.Label(spec.Priority),
            ["file"] = spec.File,
        };
        if (spec.Tags.Count > 0)
        {
            metadata["tags"] = string.Join(", ", spec.Tags);
        }

        if (spec.FilesToModify.Count > 0)
        {
            metadata["paths"] = string.Join(", ", spec.FilesToModify.Select(f => f.Path));
        }

        var text = new StringBuilder().AppendLine(spec.Title);
        Section(text, "Objective", spec.Objective is null ? [] : [spec.Objective]);
        Section(text, "Files to Modify", spec.FilesToModify.Select(f => f.Note is null ? f.Path : $"{f.Path} ({f.Note})"));
        Section(text, "Steps", spec.Steps.Select(s => s.Text));
        Section(text, "Completion Criteria", spec.CompletionCriteria.Select(c => c.Text));
        foreach (var (name, value) in metadata)
        {
            text.Append('\n').Append(name).Append(": ").Append(value);
        }

        return new SearchDocument(IdPrefix + task.Id, $"{task.Id}: {spec.Title}", text.ToString().TrimEnd(), Url(task.Id), metadata);
    }

    private static void Section(StringBuilder text, string name, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.AppendLine().Append("## ").AppendLine(name);
        foreach (var item in list)
        {
            text.Append("- ").AppendLine(item);
        }
    }
}
