using System.Text.Json;
using McpContext.Server.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace McpContext.Server.Hosting;

/// <summary>A named group of tools a client can switch on with <c>--toolsets</c>.</summary>
/// <param name="Name">The name used on the command line.</param>
/// <param name="Description">What the group is for, shown in <c>mcpctx serve --help</c>.</param>
/// <param name="IsDefault">Offered when no <c>--toolsets</c> is given; keep the default set small (about ten tools).</param>
/// <param name="Register">Adds the group's tool classes, each with <c>WithTools&lt;T&gt;(json)</c>.</param>
public sealed record Toolset(string Name, string Description, bool IsDefault, Action<IMcpServerBuilder, JsonSerializerOptions> Register);

/// <summary>
/// Every toolset the server knows. Adding one is one line here. Whether a tool writes is read from its
/// <c>ReadOnly</c> annotation, so <c>--read-only</c> needs nothing from this list.
/// </summary>
public static class Toolsets
{
    /// <summary>All toolsets, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<Toolset> All { get; } =
    [
        new("context", "read, change and trace the project context (context_get, context_update, context_history)", IsDefault: true, static (b, json) => b.WithTools<ContextTools>(json)),
        new("knowledge", "known issues, lessons and decisions (knowledge_list, knowledge_add, knowledge_resolve)", IsDefault: true, static (b, json) => b.WithTools<KnowledgeTools>(json)),
        new("search", "search and fetch over the context, in the shapes ChatGPT connectors require", IsDefault: true, static (b, json) => b.WithTools<SearchTools>(json)),
        new("validate", "check a change against the constraints before making it (validate_change)", IsDefault: true, static (b, json) => b.WithTools<ValidationTools>(json)),
        new("drift", "compare the context with the repository and record it as verified (drift_check, drift_accept)", IsDefault: true, static (b, json) => b.WithTools<DriftTools>(json)),
        new("tasks", "the task ledger (task_list, task_get, task_create, task_next, task_claim, task_transition, task_record_review); not default", IsDefault: false, static (b, json) => b.WithTools<TaskTools>(json)),
        new("exec", "runs commands on this machine: task_verify runs a task's completion criteria and records the evidence; not default", IsDefault: false, static (b, json) => b.WithTools<TaskVerifyTools>(json)),
    ];

    /// <summary>The names of the toolsets offered when none are asked for.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [.. All.Where(t => t.IsDefault).Select(t => t.Name)];

    /// <summary>Looks up <paramref name="names"/> (null: the defaults); an unknown name is an error naming the known ones.</summary>
    public static bool TryResolve(IEnumerable<string>? names, out IReadOnlyList<Toolset> toolsets, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        var wanted = (names ?? Defaults).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = wanted.Where(n => All.All(t => t.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            toolsets = [];
            error = $"unknown toolset{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; known: {string.Join(", ", All.Select(t => t.Name))}";
            return false;
        }

        toolsets = [.. All.Where(t => wanted.Contains(t.Name))];
        error = null;
        return true;
    }
}
