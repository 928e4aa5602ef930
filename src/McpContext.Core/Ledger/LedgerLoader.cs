using System.Text;

namespace McpContext.Core.Ledger;

/// <summary>
/// Builds a <see cref="LedgerSnapshot"/> from the files on disk, re-parsing only the task files and logs
/// whose size or modification time changed since the last load, then checking what spans tasks:
/// duplicate ids, unknown dependencies, cycles, and logs without a task.
/// </summary>
internal static class LedgerLoader
{
    private static readonly EnumerationOptions TaskFiles = new()
    {
        RecurseSubdirectories = true,
        MatchCasing = MatchCasing.CaseInsensitive,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
    };

    private static readonly EnumerationOptions LogFiles = new() { MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true };

    public static LedgerSnapshot Load(
        TaskLedger ledger,
        Dictionary<string, (long Length, long Ticks, TaskSpec Spec)> specs,
        Dictionary<string, (long Length, long Ticks, TaskProgress Progress)> logs)
    {
        var specFiles = Directory.Exists(ledger.TasksDirectory)
            ? new DirectoryInfo(ledger.TasksDirectory).EnumerateFiles("*.md", TaskFiles).Where(IsTaskFile).ToList()
            : [];
        var current = new List<TaskSpec>(specFiles.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in specFiles.OrderBy(f => ledger.Relative(f.FullName), NaturalOrder.Instance))
        {
            var relative = ledger.Relative(file.FullName);
            seen.Add(relative);
            var ticks = file.LastWriteTimeUtc.Ticks;
            if (!specs.TryGetValue(relative, out var cached) || cached.Length != file.Length || cached.Ticks != ticks)
            {
                cached = (file.Length, ticks, ReadSpec(relative, file.FullName));
                specs[relative] = cached;
            }

            current.Add(cached.Spec);
        }

        foreach (var gone in specs.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            specs.Remove(gone);
        }

        var logFiles = Directory.Exists(ledger.LogDirectory)
            ? new DirectoryInfo(ledger.LogDirectory).EnumerateFiles("*.jsonl", LogFiles).ToDictionary(f => Path.GetFileNameWithoutExtension(f.Name), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, FileInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in logs.Keys.Where(k => !logFiles.ContainsKey(k)).ToList())
        {
            logs.Remove(gone);
        }

        var byId = current.GroupBy(s => s.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in current)
        {
            edges.TryAdd(spec.Id, spec.DependsOn);
        }

        var inCycle = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var cycle in DependencyGraph.Cycles(edges))
        {
            foreach (var id in cycle)
            {
                inCycle[id] = cycle;
            }
        }

        var tasks = new List<LedgerTask>(current.Count);
        foreach (var spec in current)
        {
            var progress = TaskProgress.Fold(LogContent.Empty);
            if (logFiles.TryGetValue(spec.Id, out var logFile))
            {
                var ticks = logFile.LastWriteTimeUtc.Ticks;
                if (!logs.TryGetValue(logFile.Name[..^".jsonl".Length], out var cached) || cached.Length != logFile.Length || cached.Ticks != ticks)
                {
                    cached = (logFile.Length, ticks, TaskProgress.Fold(EventLog.Read(logFile.FullName, spec.Id)));
                    logs[logFile.Name[..^".jsonl".Length]] = cached;
                }

                progress = cached.Progress;
            }

            var logPath = ledger.Relative(ledger.LogPath(spec.Id));
            var diagnostics = new List<LedgerDiagnostic>(spec.Diagnostics);
            if (progress.Problem is { } problem)
            {
                diagnostics.Add(new(logPath, progress.ProblemLine, $"the event log cannot be trusted: {problem}; restore it from git or repair it, nothing is added to it until then"));
            }

            if (byId[spec.Id].Count > 1)
            {
                var others = byId[spec.Id].Where(s => !ReferenceEquals(s, spec)).Select(s => s.File);
                diagnostics.Add(new(spec.File, 1, $"id '{spec.Id}' is also the id of {string.Join(", ", others)}; ids must be unique (set a different id in the front matter)"));
            }

            foreach (var dependency in spec.DependsOn.Where(d => !byId.ContainsKey(d)))
            {
                diagnostics.Add(new(spec.File, spec.DependsOnLine, $"depends on '{dependency}', which no task has"));
            }

            if (inCycle.TryGetValue(spec.Id, out var cycle) && !spec.DependsOn.Contains(spec.Id, StringComparer.OrdinalIgnoreCase))
            {
                var at = cycle.FindIndex(id => string.Equals(id, spec.Id, StringComparison.OrdinalIgnoreCase));
                var fromHere = cycle[at..].Concat(cycle[..at]).Append(spec.Id);
                diagnostics.Add(new(spec.File, spec.DependsOnLine, $"in a dependency cycle: {string.Join(" -> ", fromHere)}; no task in it can ever start"));
            }

            tasks.Add(new LedgerTask(spec, progress, logPath, tasks.Count, diagnostics));
        }

        var orphans = logFiles.Where(l => !byId.ContainsKey(l.Key))
            .Select(l => new LedgerDiagnostic(ledger.Relative(l.Value.FullName), 0, $"no task file has id '{l.Key}' (renamed or deleted?); its events are kept but belong to no task", LedgerSeverity.Warning))
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ToList();
        return new LedgerSnapshot(tasks, orphans);
    }

    private static bool IsTaskFile(FileInfo file) =>
        !file.Name.StartsWith('_') && !file.Name.StartsWith('.') &&
        !string.Equals(file.Name, "README.md", StringComparison.OrdinalIgnoreCase) && !string.Equals(file.Name, "TEMPLATE.md", StringComparison.OrdinalIgnoreCase);

    private static TaskSpec ReadSpec(string relative, string path)
    {
        try
        {
            return TaskSpecParser.Parse(relative, File.ReadAllText(path, Encoding.UTF8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TaskSpec
            {
                Id = TaskIds.FromFileName(relative),
                File = relative,
                Title = Path.GetFileNameWithoutExtension(relative),
                Diagnostics = [new(relative, 0, $"cannot be read: {e.Message}")],
            };
        }
    }
}
