using System.Globalization;
using System.Text;
using McpContext.Core.Context;
using McpContext.Core.Git;

namespace McpContext.Core.Ledger;

/// <summary>A change of the ledger: the snapshots before and after, which tasks changed, and whether the set of tasks did.</summary>
/// <param name="Previous">The ledger before.</param>
/// <param name="Current">The ledger now.</param>
/// <param name="ChangedIds">Tasks whose file or log changed, or that appeared or disappeared.</param>
/// <param name="ListChanged">True when tasks appeared or disappeared.</param>
public sealed record LedgerChange(LedgerSnapshot Previous, LedgerSnapshot Current, IReadOnlyList<string> ChangedIds, bool ListChanged);

/// <summary>
/// The task ledger of one project, safe for many agents and processes at once. Task specs are Markdown
/// files under <c>tasks/</c>; each task's state is folded from its own hash-chained event log,
/// <c>tasks/.ledger/{id}.jsonl</c>, committed with the code: two branches that touch different tasks
/// touch different files and merge cleanly. Every write takes a cross-process lock
/// (<c>.mcpcontext/ledger.lock</c>), re-reads the ledger from disk under it, checks the state machine
/// and its guards, and appends one event. Expected failures come back as data, never as exceptions.
/// </summary>
public sealed class TaskLedger : IDisposable
{
    /// <summary>The folder of task files, under the project root.</summary>
    public const string TasksFolder = "tasks";

    /// <summary>The folder of event logs, under <see cref="TasksFolder"/>.</summary>
    public const string LogFolder = ".ledger";

    private const int MaxTitleLength = 200;

    private readonly LedgerOptions _options;
    private readonly string _lockPath;
    private readonly Lock _gate = new();
    private readonly LedgerCache _cache = new();
    private LedgerSnapshot? _snapshot;
    private volatile bool _dirty = true;
    private FileSystemWatcher? _watcher;
    private int _refreshQueued;
    private bool _disposed;

    /// <summary>Opens the ledger of the project at <paramref name="root"/>; nothing needs to exist yet.</summary>
    public TaskLedger(string root, LedgerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
        _options = options ?? new LedgerOptions();
        TasksDirectory = Path.Combine(Root, TasksFolder);
        LogDirectory = Path.Combine(TasksDirectory, LogFolder);
        _lockPath = Path.Combine(Root, ".mcpcontext", "ledger.lock");
        Freezes = new SpecFreeze(this);
    }

    /// <summary>The project root.</summary>
    public string Root { get; }

    /// <summary><c>{root}/tasks</c>.</summary>
    public string TasksDirectory { get; }

    /// <summary><c>{root}/tasks/.ledger</c>.</summary>
    public string LogDirectory { get; }

    /// <summary>The frozen spec documents (hashes recorded so later changes are flagged).</summary>
    public SpecFreeze Freezes { get; }

    internal LedgerOptions Options => _options;

    /// <summary>Raised after the ledger changed, through this instance, another process or a hand edit (when watching).</summary>
    public event EventHandler<LedgerChange>? Changed;

    /// <summary>
    /// The ledger now. Served from memory while the watcher saw nothing change; otherwise re-read, parsing
    /// only files whose size or time changed.
    /// </summary>
    public LedgerSnapshot Read()
    {
        LedgerChange? change;
        LedgerSnapshot snapshot;
        lock (_gate)
        {
            EnsureWatcher();
            if (_snapshot is not null && !_dirty && _watcher is not null)
            {
                return _snapshot;
            }

            (snapshot, change) = Rebuild();
        }

        Announce(change);
        return snapshot;
    }

    /// <summary>The task to work on next, now, and why each other unfinished task is not it (see <see cref="LedgerSnapshot.Next"/>).</summary>
    public NextTask Next() => Read().Next(_options.Time.GetUtcNow());

    /// <summary>The task with <paramref name="id"/> (case-insensitive) with its parsed spec (files to modify and all), or null.</summary>
    public LedgerTask? Find(string id) => Read().Find(id);

    /// <summary>Writes a new task file and records its creation; refused (nothing written) when the task is not valid.</summary>
    public LedgerWriteResult Create(NewTask task, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(actor);
        if (CheckNew(task, out var priority) is { } invalid)
        {
            return LedgerWriteResult.Refused(invalid);
        }

        return Locked(snapshot =>
        {
            var id = task.Id?.Trim();
            if (id is not null)
            {
                if (snapshot.Find(id) is { } taken)
                {
                    return LedgerWriteResult.Refused($"id: '{id}' is taken by {taken.Spec.File}; choose another id or omit it to get a fresh one");
                }

                if (File.Exists(LogPath(id)))
                {
                    return LedgerWriteResult.Refused($"id: '{id}' has an event log already ({Relative(LogPath(id))}) without a task file; restore the task file or choose another id");
                }
            }
            else
            {
                do
                {
                    id = TaskIds.New(_options.Time.GetUtcNow());
                }
                while (snapshot.Find(id) is not null || File.Exists(LogPath(id)));
            }

            var dependsOn = task.DependsOn.Select(TaskIds.Normalize).ToList();
            if (dependsOn.FirstOrDefault(d => snapshot.Find(d) is null) is { } unknown)
            {
                return LedgerWriteResult.Refused($"depends_on: {snapshot.UnknownId(unknown)}");
            }

            var edges = Edges(snapshot);
            edges[id] = dependsOn;
            if (DependencyGraph.CycleThrough(id, edges) is { } cycle)
            {
                return LedgerWriteResult.Refused($"depends_on: that would close a dependency cycle ({string.Join(" -> ", cycle)}); a task cannot wait for itself");
            }

            var file = Path.Combine(TasksDirectory, $"{id}-{TaskIds.Slug(task.Title, 50)}.md".Replace("-.md", ".md", StringComparison.Ordinal));
            if (File.Exists(file))
            {
                return LedgerWriteResult.Refused($"{Relative(file)} exists already; choose another id or title");
            }

            var text = TaskSpecWriter.Write(task with { DependsOn = dependsOn }, id, priority);
            var spec = TaskSpecParser.Parse(Relative(file), text);
            if (spec.HasErrors)
            {
                return LedgerWriteResult.Refused($"the task would not read back cleanly, so nothing was written: {string.Join("; ", spec.Diagnostics.Where(d => d.Severity == LedgerSeverity.Error).Select(d => d.Message))}");
            }

            Directory.CreateDirectory(TasksDirectory);
            AtomicFile.Write(file, Encoding.UTF8.GetBytes(text));
            var now = _options.Time.GetUtcNow();
            var (line, created) = LedgerLog.Format(new LedgerEvent { Task = id, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Created, Title = task.Title.Trim() }, null);
            LedgerLog.Append(LogPath(id), line);
            var last = created;
            if (task.Ready)
            {
                (line, last) = LedgerLog.Format(new LedgerEvent { Task = id, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Transition, From = "draft", To = "ready", Reason = "created ready" }, created);
                LedgerLog.Append(LogPath(id), line);
            }

            return new LedgerWriteResult { Event = last };
        }, cancellationToken);
    }

    /// <summary>
    /// Gives <paramref name="owner"/> the task under a lease: a ready task whose dependencies are done moves
    /// to in_progress; the owner's own claim is renewed; someone else's claim is refused while its lease
    /// lives and taken over once it has expired.
    /// </summary>
    public LedgerWriteResult Claim(string id, string owner, TimeSpan? lease, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.IsNullOrWhiteSpace(owner))
        {
            return LedgerWriteResult.Refused("owner: expected who takes the task (an agent or worker name)");
        }

        var length = lease ?? _options.DefaultLease;
        if (length < TimeSpan.FromMinutes(1) || length > _options.MaxLease)
        {
            return LedgerWriteResult.Refused(string.Create(CultureInfo.InvariantCulture, $"lease: expected between 1 and {_options.MaxLease.TotalMinutes:0} minutes, not {length.TotalMinutes:0.##}"));
        }

        owner = owner.Trim();
        return Change(id, (snapshot, task, now) =>
        {
            var until = now + length;
            var claimed = new LedgerEvent { Task = task.Id, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Claimed, From = task.State.Name(), Owner = owner, LeaseUntil = until };
            if (task.State == TaskState.Ready)
            {
                if (task.HasErrors)
                {
                    return Refuse(Errors(task, "be claimed"));
                }

                var pending = snapshot.PendingDependencies(task);
                return pending.Count > 0
                    ? Refuse($"{task.Id} waits for {string.Join(", ", pending)}; claim it once they are done (task_next picks a task that can start)")
                    : (claimed with { To = TaskState.InProgress.Name() }, null);
            }

            if (TaskStateMachine.IsClaimed(task.State) && task.Progress.Claim is { } held)
            {
                if (string.Equals(held.Owner, owner, StringComparison.Ordinal))
                {
                    return (claimed with { To = task.State.Name() }, null);
                }

                return held.IsLive(now)
                    ? Refuse($"{task.Id} is already claimed by {held.Owner} until {Time(held.Until)} ({Left(held.Until - now)} left); a second claimer is refused while the lease lives")
                    : (claimed with { To = task.State.Name(), TookOverFrom = held.Owner, Reason = $"took over: {held.Owner}'s lease ended {Time(held.Until)}" }, null);
            }

            return Refuse($"{task.Id} is {task.State.Name()}; only a ready task, or a claimed one whose lease expired, can be claimed");
        }, cancellationToken);
    }

    /// <summary>
    /// Moves a task to <paramref name="to"/> if the state machine and its guards allow it: a reason for
    /// blocked, cancelled and changes_requested; no spec errors on the way forward; only the claim's owner
    /// moves a claimed task while the lease lives; in_review and done need passing evidence for
    /// <paramref name="commit"/> (HEAD when null).
    /// </summary>
    public async Task<LedgerWriteResult> TransitionAsync(string id, TaskState to, string actor, string? reason = null, string? commit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(actor);
        if (to == TaskState.InProgress)
        {
            return LedgerWriteResult.Refused("to: a task moves to in_progress by being claimed; call task_claim, which takes a lease");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null && TaskStateMachine.NeedsReason(to))
        {
            return LedgerWriteResult.Refused($"reason: moving a task to {to.Name()} needs a reason; say why");
        }

        string? Guard(LedgerTask task, DateTimeOffset now)
        {
            var from = task.State;
            if (!TaskStateMachine.IsAllowed(from, to))
            {
                return $"{task.Id} cannot go from {from.Name()} to {to.Name()}; from {from.Name()} it can go to {TaskStateMachine.DescribeAllowed(from)}";
            }

            if (task.HasErrors && to is not (TaskState.Blocked or TaskState.Cancelled))
            {
                return Errors(task, $"move to {to.Name()}");
            }

            return to != TaskState.Cancelled && task.Progress.Claim is { } held && held.IsLive(now) && !string.Equals(held.Owner, actor, StringComparison.Ordinal)
                ? $"{task.Id} is claimed by {held.Owner} until {Time(held.Until)} ({Left(held.Until - now)} left); only {held.Owner} can move it now (pass owner if you claimed it under that name), or anyone once the lease ends"
                : null;
        }

        string? resolved = null;
        if (to is TaskState.InReview or TaskState.Done)
        {
            // Say what the machine refuses before asking git about commits; the lock re-checks everything.
            if (Refresh().Find(id) is { IsTrusted: true } current && Guard(current, _options.Time.GetUtcNow()) is { } early)
            {
                return LedgerWriteResult.Refused(early, current);
            }

            var found = await ResolveCommitAsync(commit, cancellationToken).ConfigureAwait(false);
            if (found.Error is not null)
            {
                return LedgerWriteResult.Refused(found.Error, Find(id));
            }

            resolved = found.Commit;
        }

        return Change(id, (_, task, now) =>
        {
            if (Guard(task, now) is { } refused)
            {
                return Refuse(refused);
            }

            if (resolved is not null && task.Progress.EvidenceProblem(resolved, task.Spec.Checks) is { } unproven)
            {
                return Refuse($"{task.Id} cannot move to {to.Name()}: {unproven}");
            }

            return (new LedgerEvent { Task = task.Id, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Transition, From = task.State.Name(), To = to.Name(), Reason = reason, Commit = resolved }, null);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs the task's runnable completion criteria in the project root (each with <paramref name="timeout"/>,
    /// killed with its process group on timeout or cancellation, output kept up to a bound) and records the
    /// evidence: exit codes, durations, output tails, and the commit they ran at.
    /// </summary>
    public async Task<LedgerWriteResult> VerifyAsync(string id, string actor, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var length = timeout ?? _options.CommandTimeout;
        if (length <= TimeSpan.Zero)
        {
            return LedgerWriteResult.Refused("timeout: expected a positive number of seconds");
        }

        var snapshot = Refresh();
        if (snapshot.Find(id) is not { } task)
        {
            return LedgerWriteResult.Refused(Unknown(id, snapshot));
        }

        if (Unwritable(task) is { } problem)
        {
            return LedgerWriteResult.Refused(problem, task);
        }

        if (task.State.IsFinal())
        {
            return LedgerWriteResult.Refused($"{task.Id} is {task.State.Name()}; there is nothing left to verify", task);
        }

        var checks = task.Spec.Checks;
        var (evidence, error) = await TaskChecks.RunAsync(Root, [LogDirectory, Path.GetDirectoryName(_lockPath)!], checks, length, _options.OutputTailBytes, cancellationToken).ConfigureAwait(false);
        if (evidence is null)
        {
            return LedgerWriteResult.Refused(error!, task);
        }

        // Recorded even when the caller cancelled: it says what ran and how it ended.
        return Change(id, (_, current, now) =>
            current.State.IsFinal()
                ? Refuse($"{current.Id} became {current.State.Name()} while its checks ran; the evidence was not recorded")
                : (new LedgerEvent { Task = current.Id, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Evidence, From = current.State.Name(), To = current.State.Name(), Commit = evidence.Commit, Evidence = evidence }, null), CancellationToken.None);
    }

    /// <summary>
    /// Records a structured review of a task in_review and makes its state change: approved → done (only
    /// with passing evidence for the reviewed commit), changes_requested → changes_requested with the
    /// recommended actions attached, rejected → blocked.
    /// </summary>
    public async Task<LedgerWriteResult> RecordReviewAsync(string id, TaskReview review, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(review);
        var problems = ReviewRules.Check(review);
        if (problems.Count > 0)
        {
            return LedgerWriteResult.Refused(string.Join("; ", problems));
        }

        var found = await ResolveCommitAsync(review.Commit, cancellationToken).ConfigureAwait(false);
        if (found.Error is not null)
        {
            return LedgerWriteResult.Refused(found.Error, Find(id));
        }

        var reviewed = review with { Commit = found.Commit, Reviewer = review.Reviewer ?? actor };
        var to = review.Status switch
        {
            "approved" => TaskState.Done,
            "changes_requested" => TaskState.ChangesRequested,
            _ => TaskState.Blocked,
        };
        return Change(id, (_, task, now) =>
        {
            if (task.State != TaskState.InReview)
            {
                return Refuse($"{task.Id} is {task.State.Name()}; a review is recorded for a task in_review (move it there with task_transition once task_verify passed)");
            }

            if (to == TaskState.Done && task.Progress.EvidenceProblem(found.Commit!, task.Spec.Checks) is { } unproven)
            {
                return Refuse($"{task.Id} cannot be approved: {unproven}");
            }

            var reason = review.Status == "rejected" ? $"rejected in review: {review.Summary.Trim()}" : review.Summary.Trim();
            return (new LedgerEvent { Task = task.Id, Seq = 0, Time = now, Actor = actor, Kind = LedgerEventKinds.Review, From = task.State.Name(), To = to.Name(), Reason = reason, Commit = found.Commit, Review = reviewed }, null);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    internal string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    internal string LogPath(string id) => Path.Combine(LogDirectory, id + ".jsonl");

    /// <summary>Where <see cref="LedgerIndex"/> keeps what earlier loads parsed and checked (local state beside the lock, not in <c>tasks/</c>).</summary>
    internal string IndexPath => Path.Combine(Path.GetDirectoryName(_lockPath)!, "ledger-index");

    /// <summary>Runs <paramref name="write"/> under the ledger lock on a snapshot re-read from disk, then announces the change.</summary>
    internal LedgerWriteResult Locked(Func<LedgerSnapshot, LedgerWriteResult> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_lockPath)!);
        LedgerWriteResult result;
        using (var fileLock = FileLock.TryAcquire(_lockPath, _options.LockTimeout, cancellationToken))
        {
            if (fileLock is null)
            {
                return LedgerWriteResult.Refused(string.Create(CultureInfo.InvariantCulture, $"another process has held the ledger lock ({_lockPath}) for more than {_options.LockTimeout.TotalSeconds:0.#} s; nothing was written"));
            }

            result = write(Refresh());
            if (!result.Succeeded)
            {
                return result;
            }
        }

        var after = Refresh();
        return result with { Task = result.Event is { } written && after.Find(written.Task) is { } task ? task : result.Task };
    }

    /// <summary>Re-reads the ledger from disk whatever the watcher says: writes and checks must not act on a stale view.</summary>
    internal LedgerSnapshot Refresh()
    {
        LedgerChange? change;
        LedgerSnapshot snapshot;
        lock (_gate)
        {
            (snapshot, change) = Rebuild();
        }

        Announce(change);
        return snapshot;
    }

    private LedgerWriteResult Change(string id, Func<LedgerSnapshot, LedgerTask, DateTimeOffset, (LedgerEvent? Event, string? Error)> decide, CancellationToken cancellationToken) =>
        Locked(snapshot =>
        {
            if (snapshot.Find(id) is not { } task)
            {
                return LedgerWriteResult.Refused(Unknown(id, snapshot));
            }

            if (Unwritable(task) is { } problem)
            {
                return LedgerWriteResult.Refused(problem, task);
            }

            var (entry, error) = decide(snapshot, task, _options.Time.GetUtcNow());
            if (error is not null)
            {
                return LedgerWriteResult.Refused(error, task);
            }

            var (line, written) = LedgerLog.Format(entry!, task.Progress.Last);
            LedgerLog.Append(LogPath(task.Id), line);
            return new LedgerWriteResult { Event = written, Task = task };
        }, cancellationToken);

    private static (LedgerEvent? Event, string? Error) Refuse(string error) => (null, error);

    private static string? Unwritable(LedgerTask task) =>
        task.IsTrusted ? null
        : $"{task.Id}'s event log cannot be trusted, so nothing is added to it: {task.LogFile}: {task.Progress.Problem}. Restore it from git (git checkout -- {task.LogFile}) or repair it by hand";

    private static string Errors(LedgerTask task, string what) =>
        $"{task.Id} has errors to fix before it can {what}: {string.Join("; ", task.Diagnostics.Where(d => d.Severity == LedgerSeverity.Error).Take(3))}";

    private static string Unknown(string id, LedgerSnapshot snapshot) => $"id: {snapshot.UnknownId(id)}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Left(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalMinutes):0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Ceiling(span.TotalSeconds)):0} s");

    private static Dictionary<string, IReadOnlyList<string>> Edges(LedgerSnapshot snapshot)
    {
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in snapshot.Tasks)
        {
            edges.TryAdd(task.Id, task.Spec.DependsOn);
        }

        return edges;
    }

    private async Task<(string? Commit, string? Error)> ResolveCommitAsync(string? commit, CancellationToken cancellationToken)
    {
        var repository = await GitRepository.OpenAsync(Root, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!repository.Succeeded)
        {
            return (null, $"evidence is tied to commits, and {repository.Error}");
        }

        var resolved = await repository.Value!.ResolveCommitAsync(commit ?? "HEAD", cancellationToken).ConfigureAwait(false);
        if (!resolved.Succeeded)
        {
            return (null, resolved.Error);
        }

        return resolved.Value is null
            ? (null, commit is null ? "evidence is tied to commits, and the repository has none yet: commit first" : $"commit: '{commit}' names no commit in {repository.Value.Root}")
            : (resolved.Value, null);
    }

    private static string? CheckNew(NewTask task, out int priority)
    {
        priority = TaskPriority.Default;
        if (string.IsNullOrWhiteSpace(task.Title) || task.Title.Contains('\n', StringComparison.Ordinal) || task.Title.Trim().Length > MaxTitleLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"title: expected one line of at most {MaxTitleLength} characters");
        }

        if (task.Id is { } id && !TaskIds.IsValid(id.Trim()))
        {
            return $"id: '{id}' is not valid; use {TaskIds.Rule}, or omit it to get a fresh one";
        }

        if (task.Priority is { } text && !TaskPriority.TryParse(text, out priority))
        {
            return $"priority: '{text}' is not understood; use {TaskPriority.Expected}";
        }

        for (var i = 0; i < task.FilesToModify.Count; i++)
        {
            var file = task.FilesToModify[i];
            if (string.IsNullOrWhiteSpace(file) || file.Contains('`', StringComparison.Ordinal) || file.Contains('\n', StringComparison.Ordinal))
            {
                return string.Create(CultureInfo.InvariantCulture, $"files_to_modify[{i}]: expected one repository path, not '{file}'");
            }

            if (!FilePaths.TryRead($"`{file.Trim()}`", out _, out var problem, out _))
            {
                return string.Create(CultureInfo.InvariantCulture, $"files_to_modify[{i}]: {problem}");
            }
        }

        foreach (var (items, name) in new[] { (task.Steps, "steps"), (task.CompletionCriteria, "completion_criteria"), (task.Tags, "tags"), (task.DependsOn, "depends_on") })
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(items[i]) || items[i].Contains('\n', StringComparison.Ordinal))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]: expected one line of text");
                }
            }
        }

        foreach (var (value, name) in new[] { (task.Executor, "executor"), (task.Reviewer, "reviewer") })
        {
            if (value is not null && (value.Trim().Length == 0 || value.Contains('\n', StringComparison.Ordinal)))
            {
                return $"{name}: expected a name on one line";
            }
        }

        return null;
    }

    private void EnsureWatcher()
    {
        if (_watcher is not null || !_options.WatchForChanges || _disposed || !Directory.Exists(TasksDirectory))
        {
            return;
        }

        var watcher = new FileSystemWatcher(TasksDirectory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => OnDiskChange();
        watcher.Created += (_, _) => OnDiskChange();
        watcher.Deleted += (_, _) => OnDiskChange();
        watcher.Renamed += (_, _) => OnDiskChange();
        watcher.Error += (_, _) => OnDiskChange();
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;

        // Whatever changed before the watcher started is picked up by the rebuild that follows.
        _dirty = true;
    }

    private void OnDiskChange()
    {
        _dirty = true;
        if (Interlocked.Exchange(ref _refreshQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                Interlocked.Exchange(ref _refreshQueued, 0);
                try
                {
                    Read();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A file vanished or was locked mid-read; the next read tries again.
                    _dirty = true;
                }
            }, null);
        }
    }

    private void Announce(LedgerChange? change)
    {
        if (change is not null)
        {
            Changed?.Invoke(this, change);
        }
    }

    /// <summary>Re-reads what changed on disk and builds a new snapshot; the change, when there is one, for <see cref="Changed"/>.</summary>
    private (LedgerSnapshot Snapshot, LedgerChange? Change) Rebuild()
    {
        _dirty = false;
        var previous = _snapshot;
        var snapshot = LedgerLoader.Load(this, _cache);
        _snapshot = snapshot;
        if (previous is null || ReferenceEquals(previous, snapshot))
        {
            return (snapshot, null);
        }

        var changed = new List<string>();
        foreach (var task in snapshot.Tasks)
        {
            if (previous.Find(task.Id) is not { } before || !ReferenceEquals(before.Spec, task.Spec) || !ReferenceEquals(before.Progress, task.Progress))
            {
                changed.Add(task.Id);
            }
        }

        var removed = previous.Tasks.Where(t => snapshot.Find(t.Id) is null).Select(t => t.Id).ToList();
        changed.AddRange(removed);
        var listChanged = removed.Count > 0 || snapshot.Tasks.Any(t => previous.Find(t.Id) is null);
        return (snapshot, changed.Count == 0 ? null : new LedgerChange(previous, snapshot, changed, listChanged));
    }
}
