using System.Text;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>
/// Simple front matter is read without YamlDotNet; these tests hold the fast reader to YamlDotNet's
/// answers. A trailing YAML comment line makes the fast reader decline, so the same text with one is
/// read by YamlDotNet, and both must give the same task. (No block scalars among the values: one would
/// swallow that comment line.)
/// </summary>
public sealed class FrontMatterFastPathTests
{
    private static readonly string[] Keys = ["id", "title", "depends_on", "priority", "tags", "executor", "reviewer", "status", "name", "deps", "owner_team", "Depends-On", "x"];

    private static readonly string[] Values =
    [
        "T-1", "T-00042", "high", "medium", "1", "0", "critical", "src/a.cs", "a b", "a  b", "Add the ledger", "null", "~", "true", "yes", "1.0", "0x10", "1e3",
        "a: b", "'quoted'", "\"quoted\"", "[T-1, T-2]", "[T-1,T-2]", "[]", "[ ]", "[a, ]", "[a b, c]", "[[a]]", "{a: b}", "a #c", "#c", "-a", "- a", "é",
        "a,b", "a, b", "T-1.md", "tasks/T-1.md", "?a", "a?", "&a", "*a", "!a", "a|b", "a>b", "%a", "@a", "`a`", "a\tb", "", " ", "[a, [b]]", "[a, {b}]", "a]", "[a",
    ];

    [Fact]
    public void Random_simple_and_tricky_front_matter_reads_the_same_with_and_without_the_fast_reader()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 5_000; i++)
        {
            var yaml = new StringBuilder();
            for (var lines = random.Next(1, 7); lines > 0; lines--)
            {
                if (random.Next(10) == 0)
                {
                    yaml.Append(random.Next(2) == 0 ? "\n" : "   \n");
                    continue;
                }

                var separator = random.Next(12) switch { 0 => ":", 1 => ":  ", 2 => " : ", _ => ": " };
                yaml.Append(Keys[random.Next(Keys.Length)]).Append(separator).Append(Values[random.Next(Values.Length)]).Append(random.Next(8) == 0 ? "  " : "").Append('\n');
            }

            var body = "# Title\n\n## Objective\n\nDo it.\n";
            var fast = TaskSpecParser.Parse("tasks/t.md", $"---\n{yaml}---\n{body}");
            var reference = TaskSpecParser.Parse("tasks/t.md", $"---\n{yaml}# a comment the fast reader declines\n---\n{body}");

            // Invalid YAML never takes the fast path; the comment only moves YamlDotNet's error message.
            if (reference.Diagnostics.Any(IsInvalidYaml))
            {
                Assert.True(fast.Diagnostics.Any(IsInvalidYaml), $"case {i}: the fast reader accepted YAML that YamlDotNet refuses:\n{yaml}");
                continue;
            }

            Assert.True(Describe(reference) == Describe(fast), $"case {i}:\n{yaml}\nYamlDotNet: {Describe(reference)}\nfast:       {Describe(fast)}");
        }
    }

    [Fact]
    public void The_generated_task_front_matter_takes_the_fast_path_and_reads_every_field()
    {
        var spec = TaskSpecParser.Parse("tasks/T-00012.md", "---\nid: T-00012\ndepends_on: [T-00003, T-00007]\npriority: high\ntags: [bench, area-12]\nexecutor: codex\nreviewer: chatgpt\ntitle: Change module 12\n---\n## Objective\n\nDo it.\n");

        Assert.Equal(("T-00012", "Change module 12", 1, "codex", "chatgpt", 3), (spec.Id, spec.Title, spec.Priority, spec.Executor, spec.Reviewer, spec.DependsOnLine));
        Assert.Equal(["T-00003", "T-00007"], spec.DependsOn);
        Assert.Equal(["bench", "area-12"], spec.Tags);
    }

    private static bool IsInvalidYaml(LedgerDiagnostic diagnostic) => diagnostic.Message.StartsWith("the front matter is not valid YAML", StringComparison.Ordinal);

    private static string Describe(TaskSpec spec) =>
        $"id={spec.Id} title={spec.Title} deps=[{string.Join("|", spec.DependsOn)}]@{spec.DependsOnLine} priority={spec.Priority} tags=[{string.Join("|", spec.Tags)}] " +
        $"executor={spec.Executor} reviewer={spec.Reviewer} diagnostics=[{string.Join(" / ", spec.Diagnostics.Where(d => !d.Message.Contains("section", StringComparison.Ordinal)))}]";
}
