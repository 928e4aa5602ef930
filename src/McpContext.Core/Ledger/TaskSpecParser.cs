using System.Text;
using System.Text.RegularExpressions;

namespace McpContext.Core.Ledger;

/// <summary>
/// Reads task files the way people write them: an optional YAML front matter, an optional title
/// heading, then sections named loosely (Objective, Files to Modify, Steps, Completion Criteria) at any
/// heading level and in any case, holding bulleted, numbered or checkbox lists or plain paragraphs.
/// Never throws on input: whatever it cannot understand becomes a diagnostic with <c>file:line</c>.
/// </summary>
public static partial class TaskSpecParser
{
    /// <summary>The front matter keys McpContext reads (<c>schemas/task.schema.json</c> describes them), in the order it writes them.</summary>
    public static IReadOnlyList<string> FrontMatterKeys => FrontMatter.Keys;

    /// <summary>Parses the task file <paramref name="file"/> (relative to the project root) holding <paramref name="text"/>.</summary>
    public static TaskSpec Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        return new Reader(file.Replace('\\', '/'), text).Read();
    }

    private enum LineKind
    {
        Text,
        Heading,
        FenceOpen,
        FenceClose,
        Code,
    }

    private sealed record BodyLine(int Number, string Text, LineKind Kind, int Level = 0, string Info = "");

    private sealed class Section(SectionKind kind, string name, int level, int line)
    {
        public SectionKind Kind { get; } = kind;

        public string Name { get; } = name;

        public int Level { get; } = level;

        public int Line { get; } = line;

        public List<BodyLine> Content { get; } = [];
    }

    /// <summary>A list item, paragraph, sub-heading or fenced block inside a section.</summary>
    private sealed class Block(int line, bool isList, bool? isChecked = null)
    {
        public int Line { get; } = line;

        public bool IsList { get; } = isList;

        public bool IsHeading { get; init; }

        public bool? Checked { get; } = isChecked;

        public StringBuilder Text { get; } = new();

        public List<BodyLine>? Code { get; init; }
    }

    private sealed class Reader(string file, string text)
    {
        private readonly List<LedgerDiagnostic> _diagnostics = [];

        public TaskSpec Read()
        {
            var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            var front = ReadFrontMatter(lines, out var bodyStart);
            var body = Classify(lines, bodyStart);
            var (title, preamble, sections) = Split(body);
            title ??= TitleLine(preamble);

            var objectiveSections = sections.Where(s => s.Kind == SectionKind.Objective).ToList();
            var objective = objectiveSections.Count > 0
                ? Join(objectiveSections.Select(s => RawText(s.Content)))
                : RawText(preamble) is { Length: > 0 } intro ? intro : null;
            var others = sections.Where(s => s.Kind == SectionKind.None).Select(s => new TaskSection(s.Name, s.Line, RawText(s.Content))).ToList();
            if (objectiveSections.Count > 0 && RawText(preamble) is { Length: > 0 } introduction)
            {
                others.Insert(0, new TaskSection("Introduction", preamble[0].Number, introduction));
            }

            var files = sections.Where(s => s.Kind == SectionKind.Files).SelectMany(Files).ToList();
            var steps = sections.Where(s => s.Kind == SectionKind.Steps).SelectMany(Steps).ToList();
            var criteria = sections.Where(s => s.Kind == SectionKind.Criteria).SelectMany(Criteria).ToList();
            ReportShape(sections, objective);

            var id = TaskIds.FromFileName(file);
            if (front?.Id is { } declared)
            {
                if (TaskIds.IsValid(declared))
                {
                    id = declared;
                }
                else
                {
                    _diagnostics.Add(new(file, front.IdLine, $"id '{declared}' is not valid: use {TaskIds.Rule}"));
                }
            }

            var dependsOn = (front?.DependsOn ?? []).Select(TaskIds.Normalize).Where(d => d.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (dependsOn.Any(d => string.Equals(d, id, StringComparison.OrdinalIgnoreCase)))
            {
                _diagnostics.Add(new(file, front!.DependsOnLine, $"the task depends on itself ({id}), a dependency cycle"));
            }

            return new TaskSpec
            {
                Id = id,
                File = file,
                Title = front?.Title ?? title?.Text ?? TitleFromFileName(file),
                Objective = objective,
                FilesToModify = files,
                Steps = steps,
                CompletionCriteria = criteria,
                DependsOn = dependsOn,
                DependsOnLine = front?.DependsOnLine ?? 0,
                Priority = front?.Priority ?? TaskPriority.Default,
                Tags = front?.Tags ?? [],
                Executor = front?.Executor,
                Reviewer = front?.Reviewer,
                OtherSections = others,
                Diagnostics = [.. _diagnostics.OrderBy(d => d.Line)],
            };
        }

        private FrontMatter? ReadFrontMatter(string[] lines, out int bodyStart)
        {
            bodyStart = 0;
            if (lines.Length == 0 || lines[0].TrimEnd() != "---")
            {
                return null;
            }

            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].TrimEnd() is "---" or "...")
                {
                    bodyStart = i + 1;
                    return FrontMatter.Read(string.Join('\n', lines[1..i]), 2, file, _diagnostics);
                }
            }

            _diagnostics.Add(new(file, 1, "the front matter opened here is never closed: end it with a line holding only ---"));
            return null;
        }

        /// <summary>Marks fences, code and headings (ATX, setext, and bold or colon lines naming a known section).</summary>
        private List<BodyLine> Classify(string[] lines, int start)
        {
            var body = new List<BodyLine>();
            string? fence = null;
            var fenceLine = 0;
            for (var i = start; i < lines.Length; i++)
            {
                var line = lines[i];
                var number = i + 1;
                if (fence is not null)
                {
                    if (MarkdownText.TryFence(line, out var closing, out var rest) && closing[0] == fence[0] && closing.Length >= fence.Length && rest.Length == 0)
                    {
                        body.Add(new(number, line, LineKind.FenceClose));
                        fence = null;
                    }
                    else
                    {
                        body.Add(new(number, line, LineKind.Code));
                    }

                    continue;
                }

                if (MarkdownText.TryFence(line, out var opening, out var info) && !(opening[0] == '`' && info.Contains('`', StringComparison.Ordinal)))
                {
                    fence = opening;
                    fenceLine = number;
                    body.Add(new(number, line, LineKind.FenceOpen, Info: info));
                }
                else if (MarkdownText.TryHeading(line, out var level, out var heading))
                {
                    body.Add(new(number, heading, LineKind.Heading, level));
                }
                else if (MarkdownText.SetextLevel(line) is > 0 and var setext && body.Count > 0 && IsParagraphLine(body[^1]))
                {
                    var above = body[^1];
                    body[^1] = new(above.Number, above.Text.Trim(), LineKind.Heading, setext);
                }
                else if (MarkdownText.TryPseudoHeading(line, out var name) && SectionNames.Classify(name) != SectionKind.None)
                {
                    body.Add(new(number, name, LineKind.Heading, 7));
                }
                else
                {
                    body.Add(new(number, line, LineKind.Text));
                }
            }

            if (fence is not null)
            {
                _diagnostics.Add(new(file, fenceLine, $"the code block opened here with {fence} is never closed; everything after it is read as code", LedgerSeverity.Warning));
            }

            return body;
        }

        /// <summary>A file without a title heading often starts with the title as a plain line: one short line, then a blank one.</summary>
        private static BodyLine? TitleLine(List<BodyLine> preamble)
        {
            var first = preamble.FindIndex(l => l.Text.Trim().Length > 0);
            if (first < 0 || !IsParagraphLine(preamble[first]))
            {
                return null;
            }

            var line = preamble[first];
            var text = line.Text.Trim();
            var alone = first + 1 == preamble.Count || preamble[first + 1].Text.Trim().Length == 0;
            if (!alone || text.Length > 120 || text.EndsWith('.') || text.EndsWith(':'))
            {
                return null;
            }

            preamble.RemoveAt(first);
            return line with { Text = text };
        }

        private static bool IsParagraphLine(BodyLine line) =>
            line.Kind == LineKind.Text && line.Text.Trim().Length > 0 && !MarkdownText.TryListItem(line.Text, out _, out _);

        /// <summary>The title heading, the text before the first section, and the sections.</summary>
        private (BodyLine? Title, List<BodyLine> Preamble, List<Section> Sections) Split(List<BodyLine> body)
        {
            BodyLine? title = null;
            var preamble = new List<BodyLine>();
            var sections = new List<Section>();
            Section? current = null;
            var sawHeading = false;
            foreach (var line in body)
            {
                if (line.Kind != LineKind.Heading)
                {
                    (current?.Content ?? preamble).Add(line);
                    continue;
                }

                var kind = SectionNames.Classify(line.Text);
                if (kind == SectionKind.None && !sawHeading && current is null)
                {
                    sawHeading = true;
                    title = line with { Text = TitleLabel().Replace(line.Text, "").Trim() };
                    continue;
                }

                sawHeading = true;
                if (kind == SectionKind.None && current is not null && current.Kind != SectionKind.None && line.Level > current.Level)
                {
                    // A sub-heading inside a known section ("### Phase 1" under "## Steps") belongs to it.
                    current.Content.Add(line);
                    continue;
                }

                if (kind == SectionKind.None && SectionNames.NearMiss(line.Text) is { } meant)
                {
                    _diagnostics.Add(new(file, line.Number, $"'{line.Text}' is not a section McpContext knows; did you mean '{meant}'? Its content is kept as notes", LedgerSeverity.Warning));
                }

                if (kind != SectionKind.None && sections.FirstOrDefault(s => s.Kind == kind) is { } earlier)
                {
                    _diagnostics.Add(new(file, line.Number, $"a second {SectionNames.Display(kind)} section (the first is at line {earlier.Line}); their items are read together", LedgerSeverity.Warning));
                }

                current = new Section(kind, line.Text, line.Level, line.Number);
                sections.Add(current);
            }

            return (title, preamble, sections);
        }

        private void ReportShape(List<Section> sections, string? objective)
        {
            if (objective is null)
            {
                _diagnostics.Add(new(file, 1, "no Objective section: say what the task is for under '## Objective' (or in text before the first section)", LedgerSeverity.Warning));
            }

            foreach (var kind in new[] { SectionKind.Files, SectionKind.Steps, SectionKind.Criteria })
            {
                if (!sections.Any(s => s.Kind == kind))
                {
                    var why = kind switch
                    {
                        SectionKind.Files => "the change has no declared scope",
                        SectionKind.Steps => "say how the work is done",
                        _ => "nothing says when the task is done",
                    };
                    _diagnostics.Add(new(file, 1, $"no {SectionNames.Display(kind)} section: {why}", LedgerSeverity.Warning));
                }
            }

            foreach (var section in sections.Where(s => s.Kind != SectionKind.None && RawText(s.Content).Length == 0))
            {
                _diagnostics.Add(new(file, section.Line, $"the {SectionNames.Display(section.Kind)} section is empty", LedgerSeverity.Warning));
            }
        }

        private IEnumerable<TaskFileEntry> Files(Section section)
        {
            foreach (var block in Blocks(section.Content))
            {
                if (block.IsHeading)
                {
                    continue;
                }

                if (block.Code is { } code)
                {
                    foreach (var line in code.Where(l => l.Text.Trim().Length > 0 && !l.Text.TrimStart().StartsWith('#')))
                    {
                        if (FilePaths.TryRead(line.Text.Trim(), out var entry, out var problem, out _))
                        {
                            yield return entry with { Line = line.Number };
                        }
                        else
                        {
                            _diagnostics.Add(new(file, line.Number, problem));
                        }
                    }

                    continue;
                }

                var text = block.Text.ToString();
                if (!block.IsList && text.TrimEnd().EndsWith(':'))
                {
                    continue;
                }

                if (FilePaths.TryRead(text, out var found, out var error, out var isUnsafe))
                {
                    yield return found with { Line = block.Line };
                }
                else
                {
                    // A paragraph may be an aside ("see also the docs"); a list item is meant to be a file.
                    _diagnostics.Add(new(file, block.Line, error, block.IsList || isUnsafe ? LedgerSeverity.Error : LedgerSeverity.Warning));
                }
            }
        }

        private static IEnumerable<TaskItem> Steps(Section section)
        {
            var steps = new List<TaskItem>();
            foreach (var block in Blocks(section.Content))
            {
                if (block.Code is { } code)
                {
                    // A command shown under a step belongs to it.
                    var fenced = string.Join('\n', code.Select(l => l.Text));
                    if (steps.Count > 0)
                    {
                        steps[^1] = steps[^1] with { Text = steps[^1].Text + "\n" + fenced };
                    }

                    continue;
                }

                steps.Add(new TaskItem(block.Text.ToString(), block.Line, block.Checked));
            }

            return steps;
        }

        private static IEnumerable<TaskCriterion> Criteria(Section section)
        {
            foreach (var block in Blocks(section.Content))
            {
                if (block.IsHeading)
                {
                    continue;
                }

                if (block.Code is { } code)
                {
                    foreach (var line in code)
                    {
                        if (CriterionCommands.FromCodeLine(line.Text) is { } command)
                        {
                            yield return new TaskCriterion(command, line.Number, [command]);
                        }
                    }

                    continue;
                }

                var text = block.Text.ToString();
                yield return new TaskCriterion(text, block.Line, CriterionCommands.Find(text));
            }
        }

        /// <summary>Splits section content into list items, paragraphs, sub-headings and fenced blocks.</summary>
        private static List<Block> Blocks(List<BodyLine> content)
        {
            var blocks = new List<Block>();
            Block? open = null;
            List<BodyLine>? code = null;
            var afterBlank = false;
            foreach (var line in content)
            {
                switch (line.Kind)
                {
                    case LineKind.FenceOpen:
                        code = [];
                        blocks.Add(new Block(line.Number, isList: false) { Code = code });
                        open = null;
                        continue;
                    case LineKind.Code:
                        code?.Add(line);
                        continue;
                    case LineKind.FenceClose:
                        code = null;
                        continue;
                    case LineKind.Heading:
                        var heading = new Block(line.Number, isList: false) { IsHeading = true };
                        heading.Text.Append(line.Text);
                        blocks.Add(heading);
                        open = null;
                        continue;
                }

                var trimmed = line.Text.Trim();
                if (trimmed.Length == 0)
                {
                    afterBlank = true;
                    if (open is { IsList: false })
                    {
                        open = null;
                    }

                    continue;
                }

                if (MarkdownText.TryListItem(line.Text, out _, out var itemText))
                {
                    var stripped = MarkdownText.StripCheckbox(itemText.Trim(), out var isChecked);
                    open = new Block(line.Number, isList: true, isChecked);
                    open.Text.Append(stripped.Trim());
                    blocks.Add(open);
                }
                else if (open is not null && (!afterBlank || (open.IsList && MarkdownText.Indent(line.Text) >= 2)))
                {
                    open.Text.Append(open.Text.Length > 0 ? " " : "").Append(trimmed);
                }
                else
                {
                    open = new Block(line.Number, isList: false);
                    open.Text.Append(trimmed);
                    blocks.Add(open);
                }

                afterBlank = false;
            }

            return blocks;
        }

        private static string RawText(List<BodyLine> lines)
        {
            var text = string.Join('\n', lines.Select(l => l.Kind == LineKind.Heading ? new string('#', Math.Min(l.Level, 6)) + " " + l.Text : l.Text));
            return text.Trim('\n', ' ', '\t');
        }

        private static string Join(IEnumerable<string> parts) => string.Join("\n\n", parts.Where(p => p.Length > 0));

        private static string TitleFromFileName(string file)
        {
            var words = LeadingNumber().Replace(Path.GetFileNameWithoutExtension(file), "").Replace('-', ' ').Replace('_', ' ').Trim();
            return words.Length == 0 ? Path.GetFileNameWithoutExtension(file) : char.ToUpperInvariant(words[0]) + words[1..];
        }
    }

    [GeneratedRegex(@"^task\s*:\s*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TitleLabel();

    [GeneratedRegex(@"^\d+[-_. ]+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumber();
}
