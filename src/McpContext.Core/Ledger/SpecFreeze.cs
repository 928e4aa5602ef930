using System.Globalization;
using System.Security.Cryptography;
using McpContext.Core.Context;

namespace McpContext.Core.Ledger;

/// <summary>A frozen document: the hash recorded for it, and how it stands now.</summary>
/// <param name="Path">The document, relative to the project root.</param>
/// <param name="FrozenSha256">The SHA-256 recorded by the last freeze.</param>
/// <param name="CurrentSha256">The SHA-256 of the file now; null when it is gone.</param>
/// <param name="FrozenAt">When it was last frozen.</param>
/// <param name="FrozenBy">Who froze it.</param>
/// <param name="Reason">Why it was (re-)frozen.</param>
/// <param name="LogFile">The freeze log, relative to the project root.</param>
/// <param name="Problem">Why the freeze log cannot be trusted, if it cannot.</param>
public sealed record FrozenDocument(string Path, string FrozenSha256, string? CurrentSha256, DateTimeOffset FrozenAt, string FrozenBy, string Reason, string LogFile, string? Problem = null)
{
    /// <summary>True when the document no longer exists.</summary>
    public bool IsMissing => CurrentSha256 is null;

    /// <summary>True when the document differs from what was frozen, is gone, or its freeze log is broken.</summary>
    public bool IsChanged => Problem is not null || !string.Equals(CurrentSha256, FrozenSha256, StringComparison.Ordinal);

    /// <summary>"AGENTS.md changed since it was frozen on 2026-11-21 by lead (reason): re-freeze it with a reason once the change is agreed".</summary>
    public string Describe() =>
        Problem is not null ? $"{Path}: its freeze log cannot be trusted ({LogFile}: {Problem})"
        : !IsChanged ? $"{Path} is as frozen on {FrozenAt.UtcDateTime:yyyy-MM-dd} by {FrozenBy} ({Reason})"
        : $"{Path} {(IsMissing ? "was deleted" : "changed")} since it was frozen on {FrozenAt.UtcDateTime:yyyy-MM-dd} by {FrozenBy} ({Reason}); re-freeze it with a reason once the change is agreed";
}

/// <summary>The outcome of <see cref="SpecFreeze.Freeze"/>: the documents as now frozen, or why nothing was.</summary>
/// <param name="Error">Why nothing was frozen; null on success.</param>
/// <param name="Documents">The documents named, as they now stand.</param>
public sealed record FreezeResult(string? Error, IReadOnlyList<FrozenDocument> Documents);

/// <summary>
/// Requirement and architecture freeze: records the SHA-256 of named documents (the spec,
/// <c>AGENTS.md</c>) in hash-chained logs under <c>tasks/.ledger/frozen/</c>, one per document, and says
/// which of them changed since. <see cref="Changed"/> is the query drift and change validation use;
/// a changed document stays flagged until it is frozen again, with a reason.
/// </summary>
public sealed class SpecFreeze
{
    private readonly TaskLedger _ledger;

    internal SpecFreeze(TaskLedger ledger) => _ledger = ledger;

    /// <summary>Where the freeze logs live.</summary>
    public string LogDirectory => Path.Combine(_ledger.LogDirectory, "frozen");

    /// <summary>Records the current hash of each of <paramref name="paths"/> (relative to the project root); all or nothing.</summary>
    public FreezeResult Freeze(IReadOnlyList<string> paths, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(actor);
        if (paths.Count == 0)
        {
            return new FreezeResult("paths: name at least one document to freeze", []);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new FreezeResult("reason: freezing a document needs a reason (why this version is the agreed one)", []);
        }

        var normalized = new List<string>();
        foreach (var path in paths)
        {
            if (!FilePaths.TryRead($"`{path.Trim()}`", out var entry, out var problem, out _) || entry.Path.Contains('*', StringComparison.Ordinal))
            {
                return new FreezeResult($"paths: {(entry is null ? problem : $"'{path}' is a glob; name files")}", []);
            }

            if (!File.Exists(Path.Combine(_ledger.Root, entry.Path)))
            {
                return new FreezeResult($"paths: '{entry.Path}' is not a file in {_ledger.Root}", []);
            }

            normalized.Add(entry.Path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        using (var fileLock = FileLock.TryAcquire(LockPath, _ledger.Options.LockTimeout, cancellationToken))
        {
            if (fileLock is null)
            {
                return new FreezeResult(string.Create(CultureInfo.InvariantCulture, $"another process has held the ledger lock ({LockPath}) for more than {_ledger.Options.LockTimeout.TotalSeconds:0.#} s; nothing was frozen"), []);
            }

            var logs = normalized.Select(p => (Path: p, Log: LedgerLog.Read(LogPath(p), p))).ToList();
            if (logs.FirstOrDefault(l => l.Log.Problem is not null) is { Path: not null } broken)
            {
                return new FreezeResult($"the freeze log of {broken.Path} cannot be trusted ({_ledger.Relative(LogPath(broken.Path))}: {broken.Log.Problem}); restore it from git first", []);
            }

            var now = _ledger.Options.Time.GetUtcNow();
            foreach (var (path, log) in logs)
            {
                var hash = Sha256(Path.Combine(_ledger.Root, path));
                var (line, _) = LedgerLog.Format(new LedgerEvent { Task = path, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Frozen, Title = path, Sha256 = hash, Reason = reason.Trim() }, log.Events.Count == 0 ? null : log.Events[^1]);
                LedgerLog.Append(LogPath(path), line);
            }
        }

        return new FreezeResult(null, [.. List().Where(d => normalized.Contains(d.Path, StringComparer.Ordinal))]);
    }

    /// <summary>Every frozen document and how it stands now, by path.</summary>
    public IReadOnlyList<FrozenDocument> List()
    {
        if (!Directory.Exists(LogDirectory))
        {
            return [];
        }

        var documents = new List<FrozenDocument>();
        foreach (var file in Directory.EnumerateFiles(LogDirectory, "*.jsonl"))
        {
            var path = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file));
            var log = LedgerLog.Read(file, path);
            var last = log.Events.LastOrDefault(e => e.Kind == LedgerEventKinds.Frozen && e.Sha256 is not null);
            var full = Path.Combine(_ledger.Root, path);
            var current = File.Exists(full) ? Sha256(full) : null;
            documents.Add(new FrozenDocument(path, last?.Sha256 ?? "", current, last?.Time ?? default, last?.Actor ?? "", last?.Reason ?? "", _ledger.Relative(file),
                log.Problem ?? (last is null ? "it records no freeze" : null)));
        }

        return [.. documents.OrderBy(d => d.Path, StringComparer.Ordinal)];
    }

    /// <summary>The frozen documents that changed (or vanished, or whose log is broken) since they were last frozen.</summary>
    public IReadOnlyList<FrozenDocument> Changed() => [.. List().Where(d => d.IsChanged)];

    private string LockPath => Path.Combine(_ledger.Root, ".mcpcontext", "ledger.lock");

    private string LogPath(string path) => Path.Combine(LogDirectory, Uri.EscapeDataString(path) + ".jsonl");

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
