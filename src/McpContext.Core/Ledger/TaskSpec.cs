namespace McpContext.Core.Ledger;

/// <summary>A list item or paragraph of a task section, with the line it starts on.</summary>
/// <param name="Text">The text, Markdown as written, continuation lines joined with spaces.</param>
/// <param name="Line">1-based line in the task file.</param>
/// <param name="Checked">For a checkbox item (<c>- [x]</c>), whether it is ticked; null otherwise.</param>
public sealed record TaskItem(string Text, int Line, bool? Checked = null);

/// <summary>A file the task may change, from its Files to Modify section.</summary>
/// <param name="Path">Relative to the repository root, <c>/</c> separators; may be a glob (<c>src/Ledger/**</c>).</param>
/// <param name="Note">What the item says about it beyond the path ("new", "add the method"), if anything.</param>
/// <param name="Line">1-based line in the task file.</param>
public sealed record TaskFileEntry(string Path, string? Note, int Line);

/// <summary>A completion criterion: prose for the reviewer, or one or more commands that can be run.</summary>
/// <param name="Text">The criterion as written.</param>
/// <param name="Line">1-based line in the task file.</param>
/// <param name="Commands">The commands it names (backtick spans that read as commands); empty for prose.</param>
public sealed record TaskCriterion(string Text, int Line, IReadOnlyList<string> Commands)
{
    /// <summary>True when the criterion can be checked by running its commands.</summary>
    public bool IsRunnable => Commands.Count > 0;
}

/// <summary>A section of a task file that is none of the four known ones (Notes, Risks, Context...), kept for readers.</summary>
/// <param name="Name">The heading as written.</param>
/// <param name="Line">The heading's line.</param>
/// <param name="Text">Its content, as written.</param>
public sealed record TaskSection(string Name, int Line, string Text);

/// <summary>A runnable completion check: one command and the criterion line it came from.</summary>
/// <param name="Command">Run with <c>sh -c</c> in the repository root.</param>
/// <param name="Line">The criterion's line in the task file.</param>
public sealed record TaskCheck(string Command, int Line);

/// <summary>
/// A task as its Markdown file states it: identity, title, the four sections, front matter fields, and
/// every problem found while reading it. State is not here: it lives in the ledger's event log.
/// </summary>
public sealed record TaskSpec
{
    /// <summary>The task's id: the front matter's <c>id</c>, else derived from the file name.</summary>
    public required string Id { get; init; }

    /// <summary>The task file, relative to the project root, with <c>/</c> separators.</summary>
    public required string File { get; init; }

    /// <summary>The title: the first heading, else the front matter's <c>title</c>, else the file name.</summary>
    public required string Title { get; init; }

    /// <summary>What the task is for: the Objective section (or the text before the first section).</summary>
    public string? Objective { get; init; }

    /// <summary>The files the task may change (its declared scope).</summary>
    public IReadOnlyList<TaskFileEntry> FilesToModify { get; init; } = [];

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<TaskItem> Steps { get; init; } = [];

    /// <summary>The completion criteria, in order.</summary>
    public IReadOnlyList<TaskCriterion> CompletionCriteria { get; init; } = [];

    /// <summary>Ids of the tasks that must be done first.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Lower runs first: 0 critical, 1 high, 2 medium (the default), 3 low, 4 lowest.</summary>
    public int Priority { get; init; } = TaskPriority.Default;

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Who should do the work (an agent or executor name), if the spec says.</summary>
    public string? Executor { get; init; }

    /// <summary>Who should review it, if the spec says.</summary>
    public string? Reviewer { get; init; }

    /// <summary>Sections other than the four known ones.</summary>
    public IReadOnlyList<TaskSection> OtherSections { get; init; } = [];

    /// <summary>Every problem found in the file.</summary>
    public IReadOnlyList<LedgerDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>The line of the front matter key that set something, for positioning later problems (0 when absent).</summary>
    public int DependsOnLine { get; init; }

    /// <summary>True when the file has a problem that keeps the task from moving on.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == LedgerSeverity.Error);

    /// <summary>The runnable completion checks, in order.</summary>
    public IReadOnlyList<TaskCheck> Checks => [.. CompletionCriteria.SelectMany(c => c.Commands.Select(command => new TaskCheck(command, c.Line)))];
}
