using System.Text;

namespace McpContext.Core.Ledger;

/// <summary>What the last load read, so the next one re-reads only files whose size or time changed.</summary>
internal sealed class LedgerCache
{
    public Dictionary<string, CachedSpec> Specs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CachedLog> Logs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> LogNames { get; set; } = new(StringComparer.Ordinal);

    public LedgerSnapshot? Snapshot { get; set; }

    /// <summary>The entries of the index file as this process last read or wrote it: file or task, and content hash.</summary>
    public Dictionary<string, ContentHash>? Indexed { get; set; }
}

/// <summary>A task file as last read: its size and time (to notice a change), its content hash (null when it could not be read) and its spec.</summary>
internal sealed record CachedSpec(long Length, long Ticks, ContentHash? Hash, TaskSpec Spec);

/// <summary>A log as last read and checked, for its task <paramref name="Subject"/>, with its fold.</summary>
internal sealed record CachedLog(long Length, long Ticks, string Subject, ContentHash? Hash, LogContent Content, TaskProgress Progress);

/// <summary>
/// Builds a <see cref="LedgerSnapshot"/> from the files on disk, re-reading only the task files and logs
/// whose size or modification time changed since the last load, then checking what spans tasks:
/// duplicate ids, unknown dependencies, cycles, and logs without a task. A file read for the first time
/// in this process is parsed and checked unless <see cref="LedgerIndex"/> holds it with the same bytes.
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

    private static readonly TaskProgress NoEvents = TaskProgress.Fold(LogContent.Empty);

    public static LedgerSnapshot Load(TaskLedger ledger, LedgerCache cache)
    {
        var specs = cache.Specs;
        var logs = cache.Logs;
        var index = cache.Indexed is null ? LedgerIndex.Open(ledger.IndexPath) : LedgerIndex.Empty;
        cache.Indexed ??= index.Keys();
        var specFiles = Directory.Exists(ledger.TasksDirectory)
            ? new DirectoryInfo(ledger.TasksDirectory).EnumerateFiles("*.md", TaskFiles).Where(IsTaskFile).ToList()
            : [];
        var files = specFiles.Select(f => (Relative: ledger.Relative(f.FullName), Info: f)).OrderBy(f => f.Relative, NaturalOrder.Instance).ToList();
        var seen = new HashSet<string>(files.Select(f => f.Relative), StringComparer.Ordinal);
        var stale = files.Where(f => !specs.TryGetValue(f.Relative, out var cached) || cached.Length != f.Info.Length || cached.Ticks != f.Info.LastWriteTimeUtc.Ticks).ToList();
        var parsed = new CachedSpec[stale.Count];

        // Files are independent: a cold load of thousands of tasks uses every core.
        Parallel.For(0, stale.Count, i => parsed[i] = ReadSpec(stale[i].Relative, stale[i].Info, index));
        for (var i = 0; i < stale.Count; i++)
        {
            specs[stale[i].Relative] = parsed[i];
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

        var taskLogs = current.Select(spec => spec.Id).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => (Id: id, Info: logFiles.GetValueOrDefault(id)))
            .Where(l => l.Info is not null)
            .ToList();
        var staleLogs = taskLogs
            .Where(l => !logs.TryGetValue(l.Info!.Name, out var cached) || cached.Length != l.Info.Length || cached.Ticks != l.Info.LastWriteTimeUtc.Ticks || cached.Subject != l.Id)
            .ToList();
        if (cache.Snapshot is { } unchanged && stale.Count == 0 && removed.Count == 0 && staleLogs.Count == 0 && cache.LogNames.SetEquals(logNames))
        {
            // Nothing on disk moved: the snapshot stands, and checking cost one stat per file.
            return unchanged;
        }

        cache.LogNames = logNames;
        var checkedLogs = new CachedLog[staleLogs.Count];
        Parallel.For(0, staleLogs.Count, i => checkedLogs[i] = ReadLog(staleLogs[i].Id, staleLogs[i].Info!, index));
        for (var i = 0; i < staleLogs.Count; i++)
        {
            logs[staleLogs[i].Info!.Name] = checkedLogs[i];
        }

        var snapshot = Assemble(ledger, current, logFiles, logs);
        SaveIndexIfStale(ledger, cache, taskLogs.Select(l => logs[l.Info!.Name]).ToList());
        return cache.Snapshot = snapshot;
    }

    private static LedgerSnapshot Assemble(TaskLedger ledger, List<TaskSpec> current, Dictionary<string, FileInfo> logFiles, Dictionary<string, CachedLog> logs)
    {
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
            var progress = logFiles.TryGetValue(spec.Id, out var logFile) && logs.TryGetValue(logFile.Name, out var log) ? log.Progress : NoEvents;
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

    /// <summary>
    /// Rewrites the index when it holds too little of what is on disk: always when it is missing, else
    /// once a twentieth of the entries differ, so a change to one task does not cost a rewrite each time.
    /// </summary>
    private static void SaveIndexIfStale(TaskLedger ledger, LedgerCache cache, List<CachedLog> taskLogs)
    {
        var indexed = cache.Indexed!;
        var entries = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (file, spec) in cache.Specs)
        {
            if (spec.Hash is { } hash)
            {
                entries[LedgerIndex.SpecKey(file)] = hash;
            }
        }

        foreach (var log in taskLogs)
        {
            if (log.Hash is { } hash)
            {
                entries[LedgerIndex.LogKey(log.Subject)] = hash;
            }
        }

        var differing = entries.Count(e => !indexed.TryGetValue(e.Key, out var hash) || hash != e.Value) + indexed.Keys.Count(k => !entries.ContainsKey(k));
        if (differing == 0 || (indexed.Count > 0 && differing < Math.Max(1, entries.Count / 20)))
        {
            return;
        }

        LedgerIndex.Save(
            ledger.IndexPath,
            [.. cache.Specs.Where(s => s.Value.Hash is not null).Select(s => (s.Key, s.Value.Hash!.Value, s.Value.Spec))],
            [.. taskLogs.Where(l => l.Hash is not null).Select(l => (l.Subject, l.Hash!.Value, l.Content))]);
        cache.Indexed = entries;
    }

    private static bool IsTaskFile(FileInfo file) =>
        !file.Name.StartsWith('_') && !file.Name.StartsWith('.') &&
        !string.Equals(file.Name, "README.md", StringComparison.OrdinalIgnoreCase) && !string.Equals(file.Name, "TEMPLATE.md", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The bytes as UTF-8 text, as <see cref="File.ReadAllText(string, Encoding)"/> decodes them; a UTF-16
    /// or UTF-32 byte order mark makes it read the file that way instead.
    /// </summary>
    private static string Decode(byte[] bytes, string path)
    {
        if (bytes.Length >= 2 && (bytes[0] is 0xFE or 0xFF || (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)))
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }

        return Encoding.UTF8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
    }

    private static CachedSpec ReadSpec(string relative, FileInfo file, LedgerIndex index)
    {
        try
        {
            var bytes = File.ReadAllBytes(file.FullName);
            var hash = ContentHash.Of(bytes);
            var spec = index.Spec(relative, hash) ?? TaskSpecParser.Parse(relative, Decode(bytes, file.FullName));
            return new CachedSpec(file.Length, file.LastWriteTimeUtc.Ticks, hash, spec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CachedSpec(file.Length, file.LastWriteTimeUtc.Ticks, null, new TaskSpec
            {
                Id = TaskIds.FromFileName(relative),
                File = relative,
                Title = Path.GetFileNameWithoutExtension(relative),
                Diagnostics = [new(relative, 0, $"cannot be read: {e.Message}")],
            });
        }
    }

    private static CachedLog ReadLog(string subject, FileInfo file, LedgerIndex index)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new CachedLog(file.Length, file.LastWriteTimeUtc.Ticks, subject, null, LogContent.Empty, NoEvents);
        }

        var hash = ContentHash.Of(bytes);
        var content = index.Log(subject, hash) ?? LedgerLog.Parse(bytes, subject);
        return new CachedLog(file.Length, file.LastWriteTimeUtc.Ticks, subject, hash, content, TaskProgress.Fold(content));
    }
}
