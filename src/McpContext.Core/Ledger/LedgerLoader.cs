using System.Text;

namespace McpContext.Core.Ledger;

/// <summary>
/// Builds a <see cref="LedgerSnapshot"/> from the files on disk, re-parsing only the task files and logs
/// whose size or modification time changed since the last load, then checking what spans tasks:
/// duplicate ids, unknown dependencies, cycles, and logs without a task.
/// </summary>
/// <summary>What the last load read, so the next one re-reads only files whose size or time changed.</summary>
internal sealed class LedgerCache
{
    public Dictionary<string, (long Length, long Ticks, TaskSpec Spec)> Specs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (long Length, long Ticks, TaskProgress Progress)> Logs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> LogNames { get; set; } = new(StringComparer.Ordinal);

    public LedgerSnapshot? Snapshot { get; set; }
}

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

    private static readonly TaskProgress NoEvents = TaskProgress.Fold(LogContent.Empty);

    public static LedgerSnapshot Load(TaskLedger ledger, LedgerCache cache)
    {
        var specs = cache.Specs;
        var logs = cache.Logs;
        var specFiles = Directory.Exists(ledger.TasksDirectory)
            ? new DirectoryInfo(ledger.TasksDirectory).EnumerateFiles("*.md", TaskFiles).Where(IsTaskFile).ToList()
            : [];
        var files = specFiles.Select(f => (Relative: ledger.Relative(f.FullName), Info: f)).OrderBy(f => f.Relative, NaturalOrder.Instance).ToList();
        var seen = new HashSet<string>(files.Select(f => f.Relative), StringComparer.Ordinal);
        var stale = files.Where(f => !specs.TryGetValue(f.Relative, out var cached) || cached.Length != f.Info.Length || cached.Ticks != f.Info.LastWriteTimeUtc.Ticks).ToList();
        var parsed = new TaskSpec[stale.Count];

        // Files are independent: a cold load of thousands of tasks uses every core.
        Parallel.For(0, stale.Count, i => parsed[i] = ReadSpec(stale[i].Relative, stale[i].Info.FullName));
        for (var i = 0; i < stale.Count; i++)
        {
            specs[stale[i].Relative] = (stale[i].Info.Length, stale[i].Info.LastWriteTimeUtc.Ticks, parsed[i]);
        }

        var current = files.Select(f => specs[f.Relative].Spec).ToList();
        var removed = specs.Keys.Where(k => !seen.Contains(k)).ToList();
        foreach (var gone in removed)
        {
            specs.Remove(gone);
        }

        var logFiles = Directory.Exists(ledger.LogDirectory)
            ? new DirectoryInfo(ledger.LogDirectory).EnumerateFiles("*.jsonl", LogFiles).ToDictionary(f => Path.GetFileNameWithoutExtension(f.Name), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, FileInfo>(StringComparer.OrdinalIgnoreCase);
        var logNames = logFiles.Values.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in logs.Keys.Where(k => !logNames.Contains(k)).ToList())
        {
            logs.Remove(gone);
        }

        var staleLogs = current.Select(spec => spec.Id).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => (Id: id, Info: logFiles.GetValueOrDefault(id)))
            .Where(l => l.Info is not null && (!logs.TryGetValue(l.Info.Name, out var cached) || cached.Length != l.Info.Length || cached.Ticks != l.Info.LastWriteTimeUtc.Ticks))
            .ToList();
        if (cache.Snapshot is { } unchanged && stale.Count == 0 && removed.Count == 0 && staleLogs.Count == 0 && cache.LogNames.SetEquals(logNames))
        {
            // Nothing on disk moved: the snapshot stands, and checking cost one stat per file.
            return unchanged;
        }

        cache.LogNames = logNames;

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

        var folded = new TaskProgress[staleLogs.Count];
        Parallel.For(0, staleLogs.Count, i => folded[i] = TaskProgress.Fold(LedgerLog.Read(staleLogs[i].Info!.FullName, staleLogs[i].Id)));
        for (var i = 0; i < staleLogs.Count; i++)
        {
            logs[staleLogs[i].Info!.Name] = (staleLogs[i].Info!.Length, staleLogs[i].Info!.LastWriteTimeUtc.Ticks, folded[i]);
        }

        var tasks = new List<LedgerTask>(current.Count);
        foreach (var spec in current)
        {
            var progress = logFiles.TryGetValue(spec.Id, out var logFile) ? logs[logFile.Name].Progress : NoEvents;
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
        return cache.Snapshot = new LedgerSnapshot(tasks, orphans);
    }

    private static bool IsTaskFile(FileInfo file) =>
        !file.Name.StartsWith('_') && !file.Name.StartsWith('.') &&
        !string.Equals(file.Name, "README.md", StringComparison.OrdinalIgnoreCase) && !string.Equals(file.Name, "TEMPLATE.md", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file as UTF-8 text, like <see cref="File.ReadAllText(string, Encoding)"/> but decoded from one read
    /// of its bytes; a UTF-16 or UTF-32 byte order mark still switches to that encoding.
    /// </summary>
    private static string ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && (bytes[0] is 0xFE or 0xFF || (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)))
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }

        return Encoding.UTF8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
    }

    private static TaskSpec ReadSpec(string relative, string path)
    {
        try
        {
            return TaskSpecParser.Parse(relative, ReadText(path));
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
