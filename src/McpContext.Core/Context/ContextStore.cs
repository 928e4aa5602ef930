using System.Security.Cryptography;
using System.Text;
using McpContext.Core.Context.Formats;
using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>Settings for a <see cref="ContextStore"/>.</summary>
public sealed class ContextStoreOptions
{
    /// <summary>How long a write waits for another process's write to finish before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Further checks of a proposed new value, after <see cref="ContextValidator"/>'s; each returned string is a reason to refuse the write.</summary>
    public Func<TomlTable, IReadOnlyList<string>>? Validate { get; init; }

    /// <summary>Raise <see cref="ContextStore.Changed"/> when the file changes on disk (another process, a hand edit).</summary>
    public bool WatchForChanges { get; init; } = true;

    /// <summary>The clock for journal entries.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The one way McpContext reads and writes a context file, safely shared by several processes (Codex's
/// stdio server, the HTTP server, a person with an editor). Every read names a revision (a hash of the
/// file's bytes); every write names the revision it read and is refused with a conflict if the file has
/// moved on. Writes hold a cross-process lock, re-read under it, edit through the lossless TOML tree so
/// comments survive, replace the file atomically, and append a journal entry.
/// </summary>
public sealed class ContextStore : IDisposable
{
    private readonly ContextStoreOptions _options;
    private readonly string _lockPath;
    private readonly object _gate = new();
    private readonly FileSystemWatcher? _watcher;
    private ContextSnapshot? _current;
    private ContextSnapshot? _lastGood;
    private string? _diskRevision;
    private (long Length, long Ticks) _stamp;
    private string? _announcedRevision;

    // As deep as a parsed TOML value may nest; checked before anything walks a value.
    private const int MaxValueDepth = 128;

    /// <summary>Opens the store for <paramref name="filePath"/>; the file may not exist yet (the first write creates it).</summary>
    public ContextStore(string filePath, ContextStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        FilePath = Path.GetFullPath(filePath);
        Format = ContextFormats.FromPath(FilePath);
        _options = options ?? new ContextStoreOptions();
        var stateDirectory = Path.Combine(Path.GetDirectoryName(FilePath)!, ".mcpcontext");
        _lockPath = Path.Combine(stateDirectory, "lock");
        Journal = new ContextJournal(Path.Combine(stateDirectory, "journal.jsonl"));
        if (_options.WatchForChanges)
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(FilePath)!, Path.GetFileName(FilePath))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += (_, _) => Refresh();
            _watcher.Created += (_, _) => Refresh();
            _watcher.Renamed += (_, _) => Refresh();
            _watcher.Deleted += (_, _) => Refresh();
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>The context file.</summary>
    public string FilePath { get; }

    /// <summary>The file's format, from its extension.</summary>
    public ContextFormat Format { get; }

    /// <summary>The history of changes made through any store on this file.</summary>
    public ContextJournal Journal { get; }

    /// <summary>Raised with the new snapshot whenever the file's revision changes, whoever changed it.</summary>
    public event EventHandler<ContextSnapshot>? Changed;

    /// <summary>
    /// The current snapshot. Cheap when nothing changed (a stat of the file); re-read and re-parsed when
    /// the file changed on disk. A broken file yields the last good snapshot with the file's diagnostics.
    /// </summary>
    public ContextSnapshot Read()
    {
        lock (_gate)
        {
            var stamp = Stamp();
            if (_current is not null && stamp == _stamp)
            {
                return _current;
            }

            var bytes = ReadBytes();
            _stamp = stamp;
            return Load(bytes, Hash(bytes));
        }
    }

    /// <summary>
    /// Applies <paramref name="operations"/> in order if the file is still at <paramref name="expectedRevision"/>.
    /// All or nothing: one refused operation refuses the write.
    /// </summary>
    public ContextWriteResult Update(string expectedRevision, IReadOnlyList<ContextOperation> operations, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedRevision);
        ArgumentNullException.ThrowIfNull(operations);
        Directory.CreateDirectory(Path.GetDirectoryName(_lockPath)!);
        using var fileLock = FileLock.TryAcquire(_lockPath, _options.LockTimeout, cancellationToken);
        if (fileLock is null)
        {
            return ContextWriteResult.Rejected(_current, [$"another writer has held the context lock ({_lockPath}) for more than {_options.LockTimeout.TotalSeconds:0.#} s; nothing was written"]);
        }

        ContextSnapshot current;
        string diskRevision;
        lock (_gate)
        {
            var bytes = ReadBytes();
            diskRevision = Hash(bytes);
            _stamp = Stamp();
            current = Load(bytes, diskRevision);
        }

        if (current.IsLastGood || current.Document.HasErrors)
        {
            return ContextWriteResult.Rejected(current, [.. current.Diagnostics.Select(d => $"the context file on disk is not valid, fix it first: {Path.GetFileName(FilePath)}:{d}")]);
        }

        if (!string.Equals(diskRevision, expectedRevision, StringComparison.Ordinal))
        {
            return ContextWriteResult.Conflict(current, expectedRevision);
        }

        if (operations.FirstOrDefault(o => o.Value is not null && TomlModel.Depth(o.Value, MaxValueDepth) > MaxValueDepth) is { } deep)
        {
            return ContextWriteResult.Rejected(current, [$"{deep.Kind.ToString().ToLowerInvariant()} {deep.Path}: the value nests more than {MaxValueDepth} levels deep; nothing was written"]);
        }

        var secrets = operations.Where(o => o.Value is not null).SelectMany(o => SecretGuard.Scan(o.Path, o.Value!)).ToList();
        if (secrets.Count > 0)
        {
            return ContextWriteResult.Rejected(current, [.. secrets.Select(f => f.Message + "; nothing was written")]);
        }

        if (operations.FirstOrDefault(o => o.Kind != ContextOperationKind.Remove && o.Value is null) is { } valueless)
        {
            throw new ArgumentException($"{valueless.Kind} {valueless.Path} needs a value", nameof(operations));
        }

        if (current.Document.Apply(operations, out var editError) is not { } edited)
        {
            return ContextWriteResult.Rejected(current, [$"{editError}; nothing was written"]);
        }

        // Problems a person already left in the file do not block unrelated writes; a write may not add new ones.
        // The snapshot already validated the file: its key-path diagnostics are those problems, as "path: message".
        var existing = current.Diagnostics.Where(d => d.Path is not null).Select(d => d.Message).ToHashSet(StringComparer.Ordinal);
        var problems = ContextValidator.Validate(edited.Model).Where(p => !existing.Contains(p))
            .Concat(_options.Validate?.Invoke(edited.Model) ?? []).ToList();
        if (problems.Count > 0)
        {
            return ContextWriteResult.Rejected(current, problems);
        }

        var newBytes = Encoding.UTF8.GetBytes(edited.Text);
        var newRevision = Hash(newBytes);
        if (newRevision == diskRevision)
        {
            return ContextWriteResult.Written(current);
        }

        AtomicFile.Write(FilePath, newBytes);
        Journal.Append(new ContextJournalEntry(_options.Time.GetUtcNow(), actor, reason, [.. operations.Select(o => ContextJournal.Describe(o))], diskRevision, newRevision, [.. operations.Select(o => o.Path.ToString())]));
        ContextSnapshot written;
        lock (_gate)
        {
            _stamp = Stamp();
            written = Load(edited, newRevision);
        }

        Announce(written);
        return ContextWriteResult.Written(written);
    }

    /// <summary>
    /// Appends an entry that is not a change to the file (an approval), under the write lock so it never
    /// interleaves with a write; <paramref name="entry"/> gets the current revision and time. False when the lock stayed busy.
    /// </summary>
    internal bool TryAppendToJournal(Func<string, DateTimeOffset, ContextJournalEntry> entry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_lockPath)!);
        using var fileLock = FileLock.TryAcquire(_lockPath, _options.LockTimeout, cancellationToken);
        if (fileLock is null)
        {
            return false;
        }

        Journal.Append(entry(Hash(ReadBytes()), _options.Time.GetUtcNow()));
        return true;
    }

    /// <summary>Re-reads after a file-system event and tells subscribers if the revision moved.</summary>
    private void Refresh()
    {
        try
        {
            Announce(Read());
        }
        catch (IOException)
        {
            // The file was mid-replacement; the rename's own event follows and reads it whole.
        }
    }

    private void Announce(ContextSnapshot snapshot)
    {
        lock (_gate)
        {
            var key = snapshot.Revision + (snapshot.IsLastGood ? "!" : "");
            if (key == _announcedRevision)
            {
                return;
            }

            _announcedRevision = key;
        }

        Changed?.Invoke(this, snapshot);
    }

    private ContextSnapshot Load(byte[] bytes, string revision) =>
        _current is not null && revision == _diskRevision ? _current : Load(ContextDocument.Parse(Format, bytes), revision);

    /// <summary>Makes <paramref name="document"/>, the file's content at <paramref name="revision"/>, the current snapshot.</summary>
    private ContextSnapshot Load(ContextDocument document, string revision)
    {
        if (_current is not null && revision == _diskRevision)
        {
            return _current;
        }

        _diskRevision = revision;
        if (!document.HasErrors)
        {
            _current = new ContextSnapshot(revision, document, [], isLastGood: false);

            // An editor that saves by truncating and then writing shows an empty file for a moment; if the
            // write that follows is broken, the version to fall back to is the one before, not the blank.
            if (_lastGood is null || !string.IsNullOrWhiteSpace(document.Text) || string.IsNullOrWhiteSpace(_lastGood.Document.Text))
            {
                _lastGood = _current;
            }

            return _current;
        }

        var diagnostics = document.SyntaxErrors;
        _current = _lastGood is null
            ? new ContextSnapshot(revision, document, diagnostics, isLastGood: false)
            : new ContextSnapshot(_lastGood.Revision, _lastGood.Document, diagnostics, isLastGood: true);
        return _current;
    }

    private (long, long) Stamp()
    {
        var info = new FileInfo(FilePath);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1, 0);
    }

    private byte[] ReadBytes()
    {
        try
        {
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (FileNotFoundException)
        {
            // No file yet: an empty document, which the first write creates.
            return [];
        }
    }

    /// <summary>A revision: the first 16 hex digits of the SHA-256 of the file's bytes.</summary>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content))[..16];

    /// <inheritdoc />
    public void Dispose() => _watcher?.Dispose();
}
