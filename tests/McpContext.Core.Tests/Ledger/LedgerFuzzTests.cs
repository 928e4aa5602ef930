using System.Text;
using McpContext.Core.Ledger;

namespace McpContext.Core.Tests.Ledger;

/// <summary>Reading task files and logs never throws, whatever the bytes: problems come back as data.</summary>
public sealed class LedgerFuzzTests
{
    private static readonly string[] Fixtures = [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "task-files"), "*.md").Select(File.ReadAllText)];

    [Fact]
    public void Ten_thousand_mangled_task_files_parse_without_throwing()
    {
        var random = new Random(8);
        for (var i = 0; i < 10_000; i++)
        {
            var text = Mangle(Fixtures[random.Next(Fixtures.Length)], random);

            var spec = TaskSpecParser.Parse("tasks/fuzz.md", text);

            Assert.True(TaskIds.IsValid(spec.Id), $"case {i}: id '{spec.Id}'");
            Assert.All(spec.Diagnostics, d => Assert.InRange(d.Line, 0, text.Count(c => c == '\n') + 1));
        }
    }

    [Fact]
    public void Duplicate_front_matter_keys_are_reported_not_thrown()
    {
        var spec = TaskSpecParser.Parse("tasks/x.md", "---\nid: A\nid: B\n---\n# T\n");

        Assert.Contains(spec.Diagnostics, d => d.Line == 3 && d.Message.StartsWith("the front matter is not valid YAML: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_the_reader_gives_up_on_is_reported_at_the_front_matter()
    {
        // YamlDotNet 16.3 throws InvalidOperationException from its scanner here, not a YamlException (found by the test above).
        var spec = TaskSpecParser.Parse("tasks/x.md", "---\ndepends_on: {a\n\n- c: 1}\n---\n# T\n");

        Assert.Contains("tasks/x.md:1: the front matter is not valid YAML (the reader stopped: Operation is not valid due to the current state of the object.)", spec.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Ten_thousand_logs_with_one_byte_changed_are_read_without_throwing_and_never_trusted_past_the_change()
    {
        var log = new StringBuilder();
        LedgerEvent? last = null;
        foreach (var (kind, from, to) in new[] { ("transition", "draft", "ready"), ("claimed", "ready", "in_progress"), ("transition", "in_progress", "verifying") })
        {
            var (line, written) = LedgerLog.Format(new LedgerEvent { Task = "A", Seq = 0, Time = DateTimeOffset.UnixEpoch, Actor = "w", Kind = kind, From = from, To = to, Owner = "w", LeaseUntil = DateTimeOffset.UnixEpoch.AddHours(1) }, last);
            log.Append(line);
            last = written;
        }

        var original = Encoding.UTF8.GetBytes(log.ToString());
        Assert.Null(TaskProgress.Fold(LedgerLog.Parse(original, "A")).Problem);
        var random = new Random(9);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = (byte[])original.Clone();
            var at = random.Next(bytes.Length);
            bytes[at] = (byte)random.Next(256);

            var progress = TaskProgress.Fold(LedgerLog.Parse(bytes, "A"));

            if (bytes.AsSpan().SequenceEqual(original))
            {
                Assert.Null(progress.Problem);
            }
            else
            {
                // The change is caught on its own line, or (a newline turned into something else) on the line it joined.
                Assert.NotNull(progress.Problem);
                Assert.True(progress.Events.Count <= original.AsSpan(0, at).Count((byte)'\n'), $"case {i}: byte {at} changed, yet {progress.Events.Count} events were trusted");
            }
        }
    }

    private static string Mangle(string text, Random random)
    {
        var chars = text.ToCharArray().ToList();
        for (var n = random.Next(1, 8); n > 0 && chars.Count > 0; n--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0:
                    chars.RemoveRange(at, Math.Min(random.Next(1, 40), chars.Count - at));
                    break;
                case 1:
                    chars.InsertRange(at, "\n---\n#`*[]()-:{}\"'\t\r\u00e9\uFEFF".OrderBy(_ => random.Next()).Take(random.Next(1, 10)));
                    break;
                case 2:
                    chars[at] = (char)random.Next(1, 0x3000);
                    break;
                case 3:
                    chars.InsertRange(at, chars.Skip(random.Next(chars.Count)).Take(random.Next(1, 200)).ToList());
                    break;
                default:
                    chars.Insert(at, '`');
                    break;
            }
        }

        return new string([.. chars]);
    }
}
