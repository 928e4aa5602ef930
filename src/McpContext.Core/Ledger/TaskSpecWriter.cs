using System.Text;
using System.Text.Json;

namespace McpContext.Core.Ledger;

/// <summary>Writes a new task file in the format the parser reads, with the front matter McpContext uses.</summary>
internal static class TaskSpecWriter
{
    public static string Write(NewTask task, string id, int priority)
    {
        var text = new StringBuilder("---\n");
        text.Append("id: ").Append(Quote(id)).Append('\n');
        if (task.DependsOn.Count > 0)
        {
            text.Append("depends_on: [").AppendJoin(", ", task.DependsOn.Select(Quote)).Append("]\n");
        }

        text.Append("priority: ").Append(TaskPriority.Label(priority)).Append('\n');
        if (task.Tags.Count > 0)
        {
            text.Append("tags: [").AppendJoin(", ", task.Tags.Select(Quote)).Append("]\n");
        }

        if (task.Executor is { } executor)
        {
            text.Append("executor: ").Append(Quote(executor)).Append('\n');
        }

        if (task.Reviewer is { } reviewer)
        {
            text.Append("reviewer: ").Append(Quote(reviewer)).Append('\n');
        }

        text.Append("---\n\n# ").Append(task.Title.Trim()).Append("\n\n## Objective\n\n")
            .Append(string.IsNullOrWhiteSpace(task.Objective) ? task.Title.Trim() : task.Objective.Trim()).Append("\n\n## Files to Modify\n\n");
        foreach (var file in task.FilesToModify)
        {
            text.Append("- `").Append(file.Trim()).Append("`\n");
        }

        text.Append("\n## Steps\n\n");
        for (var i = 0; i < task.Steps.Count; i++)
        {
            text.Append(i + 1).Append(". ").Append(task.Steps[i].Trim()).Append('\n');
        }

        text.Append("\n## Completion Criteria\n\n");
        foreach (var criterion in task.CompletionCriteria)
        {
            text.Append("- ").Append(criterion.Trim()).Append('\n');
        }

        return text.ToString();
    }

    // A JSON string is a valid YAML double-quoted scalar, so no value can break the front matter.
    private static string Quote(string value) => JsonSerializer.Serialize(value.Trim(), LedgerStringJson.Default.String);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class LedgerStringJson : System.Text.Json.Serialization.JsonSerializerContext;
