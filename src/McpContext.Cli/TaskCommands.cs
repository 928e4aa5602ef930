using System.CommandLine;
using System.Globalization;
using McpContext.Core.Ledger;
using McpContext.Server.Context;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx task list|show|new|next|claim|verify|transition|freeze</c>: the task ledger on the command line,
/// through the same <see cref="TaskLedger"/> as the MCP tools. Problems go to stderr as <c>file:line: message</c>.
/// </summary>
internal static class TaskCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("task", "The task ledger: task files in tasks/, their state, claims, evidence and reviews.")
        {
            List(stdout, stderr),
            Show(stdout, stderr),
            New(stdout, stderr),
            Next(stdout, stderr),
            Claim(stdout, stderr),
            Verify(stdout, stderr),
            Transition(stdout, stderr),
            Freeze(stdout, stderr),
        };
        return command;
    }

    private static Option<string> RootOption() => new("--root")
    {
        Description = "The project directory. Default: the nearest directory at or above the working directory holding a project-context file, else the git root, else the working directory.",
    };

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var status = new Option<string>("--status") { Description = $"Only tasks in this state: {string.Join(", ", TaskStates.Names)}." };
        var tag = new Option<string>("--tag") { Description = "Only tasks with this tag." };
        var command = new Command("list", "List the tasks with state, priority and claim; problems in task files and logs go to stderr (exit 1 if any is an error).") { root, status, tag };
        command.SetAction(result => Run(result.GetValue(root), stderr, ledger =>
        {
            TaskState? state = null;
            if (result.GetValue(status) is { } text)
            {
                if (!TaskStates.TryParse(text, out var parsed))
                {
                    stderr.WriteLine($"mcpctx task list: --status: expected one of {string.Join(", ", TaskStates.Names)}, not '{text}'");
                    return 2;
                }

                state = parsed;
            }

            var snapshot = ledger.Read();
            var wantedTag = result.GetValue(tag);
            var tasks = snapshot.Tasks.Where(t => (state is null || t.State == state) && (wantedTag is null || t.Spec.Tags.Contains(wantedTag, StringComparer.OrdinalIgnoreCase))).ToList();
            var width = tasks.Count == 0 ? 0 : tasks.Max(t => t.Id.Length);
            foreach (var task in tasks)
            {
                var claim = task.Progress.Claim is { } c ? $"  (claimed by {c.Owner})" : "";
                stdout.WriteLine($"{task.Id.PadRight(width)}  {task.State.Name(),-17}  {TaskPriority.Label(task.Spec.Priority),-8}  {task.Spec.Title}{claim}");
            }

            var problems = snapshot.Diagnostics.ToList();
            foreach (var problem in problems)
            {
                stderr.WriteLine(problem);
            }

            stdout.WriteLine($"{tasks.Count} task(s)");
            return problems.Any(p => p.Severity == LedgerSeverity.Error) ? 1 : 0;
        }));
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var id = new Argument<string>("id") { Description = "The task's id." };
        var command = new Command("show", "Show one task: spec, state, claim, evidence, reviews and problems.") { root, id };
        command.SetAction(result => Run(result.GetValue(root), stderr, ledger =>
        {
            var snapshot = ledger.Read();
            if (Find(snapshot, result.GetValue(id)!, "show", stderr) is not { } task)
            {
                return 2;
            }

            var spec = task.Spec;
            stdout.WriteLine($"{task.Id}: {spec.Title}");
            stdout.WriteLine($"  file      {spec.File}");
            stdout.WriteLine($"  state     {task.State.Name()}{(task.Progress.StateReason is { } why ? $" ({why})" : "")}; next: {TaskStateMachine.DescribeAllowed(task.State)}");
            stdout.WriteLine($"  priority  {TaskPriority.Describe(spec.Priority)}");
            if (task.Progress.Claim is { } claim)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  claim     {claim.Owner} until {claim.Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
            }

            if (spec.DependsOn.Count > 0)
            {
                stdout.WriteLine($"  depends   {string.Join(", ", spec.DependsOn.Select(d => $"{d} ({snapshot.Find(d)?.State.Name() ?? "missing"})"))}");
            }

            if (spec.Objective is { } objective)
            {
                stdout.WriteLine();
                stdout.WriteLine(objective);
            }

            Items(stdout, "Files to Modify", spec.FilesToModify.Select(f => f.Note is null ? f.Path : $"{f.Path} ({f.Note})"));
            Items(stdout, "Steps", spec.Steps.Select(s => s.Text));
            Items(stdout, "Completion Criteria", spec.CompletionCriteria.Select(c => c.IsRunnable ? $"{c.Text}  [runs: {string.Join("; ", c.Commands)}]" : c.Text));
            Items(stdout, "Open actions", task.Progress.OpenActions);
            Items(stdout, "Evidence", task.Progress.Evidence.Select(e => string.Create(CultureInfo.InvariantCulture,
                $"{e.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {(e.Evidence!.Passed ? "passed" : "failed")} at {e.Evidence.Commit?[..Math.Min(12, e.Evidence.Commit.Length)]}{(e.Evidence.Dirty ? " (uncommitted changes)" : "")}")));
            Items(stdout, "Reviews", task.Progress.Reviews.Select(e => $"{e.Review!.Status} by {e.Review.Reviewer}: {e.Review.Summary}"));
            foreach (var problem in task.Diagnostics)
            {
                stderr.WriteLine(problem);
            }

            return 0;
        }));
        return command;
    }

    private static Command New(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var title = new Argument<string>("title") { Description = "One line saying what the task achieves." };
        var objective = new Option<string>("--objective") { Description = "What the task is for and why." };
        var files = new Option<string[]>("--file") { Description = "A path (or glob) the task may change; repeat for more." };
        var steps = new Option<string[]>("--step") { Description = "A step; repeat, in order." };
        var criteria = new Option<string[]>("--criterion") { Description = "A completion criterion; a command in backticks is runnable. Repeat for more." };
        var dependsOn = new Option<string[]>("--depends-on") { Description = "The id of a task that must be done first; repeat for more." };
        var priority = new Option<string>("--priority") { Description = "critical, high, medium (default), low or lowest." };
        var tags = new Option<string[]>("--tag") { Description = "A tag; repeat for more." };
        var executor = new Option<string>("--executor") { Description = "Who should do the work." };
        var reviewer = new Option<string>("--reviewer") { Description = "Who should review it." };
        var id = new Option<string>("--id") { Description = "An id of your own; default: a fresh T-yymmdd-xxxxxxxx." };
        var ready = new Option<bool>("--ready") { Description = "Create it ready rather than draft." };
        var command = new Command("new", "Create a task file in tasks/ and record its creation.") { root, title, objective, files, steps, criteria, dependsOn, priority, tags, executor, reviewer, id, ready };
        command.SetAction(result => Run(result.GetValue(root), stderr, ledger =>
        {
            var task = new NewTask
            {
                Title = result.GetValue(title)!,
                Objective = result.GetValue(objective),
                FilesToModify = result.GetValue(files) ?? [],
                Steps = result.GetValue(steps) ?? [],
                CompletionCriteria = result.GetValue(criteria) ?? [],
                DependsOn = result.GetValue(dependsOn) ?? [],
                Priority = result.GetValue(priority),
                Tags = result.GetValue(tags) ?? [],
                Executor = result.GetValue(executor),
                Reviewer = result.GetValue(reviewer),
                Id = result.GetValue(id),
                Ready = result.GetValue(ready),
            };
            var written = ledger.Create(task, Actor());
            if (!written.Succeeded)
            {
                stderr.WriteLine($"mcpctx task new: {written.Error}");
                return 1;
            }

            stdout.WriteLine($"created {written.Task.Id} ({written.Task.State.Name()}): {written.Task.Spec.File}");
            return 0;
        }));
        return command;
    }

    private static Command Next(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var command = new Command("next", "Say which task to work on next (exit 0), or that none can start (exit 1), and why each other task is not next.") { root };
        command.SetAction(result => Run(result.GetValue(root), stderr, ledger =>
        {
            var next = ledger.Next();
            stdout.WriteLine(next.Task is null
                ? "no task can be started now"
                : $"next: {next.Task.Id}: {next.Task.Spec.Title}{(next.IsTakeover ? " (its lease expired: claiming it takes it over)" : "")}");
            foreach (var other in next.Others)
            {
                stdout.WriteLine($"  {other.Task.Id}: {other.Reason}");
            }

            return next.Task is null ? 1 : 0;
        }));
        return command;
    }

    private static Command Claim(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var id = new Argument<string>("id") { Description = "The task's id." };
        var owner = new Option<string>("--owner") { Description = "Who takes it (default: your user name)." };
        var lease = new Option<int?>("--lease") { Description = "Minutes the lease lasts, 1 to 1440 (default 30); claim again to renew." };
        var command = new Command("claim", "Take a ready task (or one whose lease expired) under a lease; it moves to in_progress.") { root, id, owner, lease };
        command.SetAction(result => Run(result.GetValue(root), stderr, ledger =>
        {
            var minutes = result.GetValue(lease);
            var written = ledger.Claim(result.GetValue(id)!, result.GetValue(owner) ?? Actor(), minutes is { } m ? TimeSpan.FromMinutes(m) : null, Actor());
            if (!written.Succeeded)
            {
                stderr.WriteLine($"mcpctx task claim: {written.Error}");
                return 1;
            }

            var claim = written.Task.Progress.Claim!;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{written.Task.Id}: {written.Task.State.Name()}, claimed by {claim.Owner} until {claim.Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
            return 0;
        }));
        return command;
    }

    private static Command Verify(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var id = new Argument<string>("id") { Description = "The task's id." };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds each command may run (default 600)." };
        var command = new Command("verify", "Run the task's runnable completion criteria in the project root and record the evidence (exit 0 all passed, 1 otherwise).") { root, id, timeout };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(root), stderr, async ledger =>
        {
            var seconds = result.GetValue(timeout);
            if (seconds is < 1)
            {
                stderr.WriteLine($"mcpctx task verify: --timeout: expected a positive number of seconds, not {seconds}");
                return 2;
            }

            var written = await ledger.VerifyAsync(result.GetValue(id)!, Actor(), seconds is { } s ? TimeSpan.FromSeconds(s) : null, cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                stderr.WriteLine($"mcpctx task verify: {written.Error}");
                return 1;
            }

            var evidence = written.Event.Evidence!;
            foreach (var run in evidence.Commands)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(run.Passed ? "ok  " : "FAIL")}  {run.Command}  ({TaskProgress.Describe(run)}, {run.DurationMs} ms)"));
                if (!run.Passed)
                {
                    stdout.Write(run.StdoutTail);
                    stdout.Write(run.StderrTail);
                }
            }

            stdout.WriteLine($"{written.Task.Id}: {(evidence.Passed ? "passed" : "failed")} at {evidence.Commit}{(evidence.Dirty ? " with uncommitted changes: not evidence for the commit" : "")}{(evidence.Commands.Count == 0 ? "; no runnable completion criteria, nothing ran" : "")}");
            return evidence.Passed ? 0 : 1;
        }));
        return command;
    }

    private static Command Transition(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var id = new Argument<string>("id") { Description = "The task's id." };
        var to = new Argument<string>("state") { Description = "The state to move to: ready, verifying, in_review, done, changes_requested, blocked, cancelled or draft." };
        var reason = new Option<string>("--reason") { Description = "Why; required for blocked, cancelled and changes_requested." };
        var owner = new Option<string>("--owner") { Description = "The claim owner you act as, for a claimed task." };
        var commit = new Option<string>("--commit") { Description = "For in_review and done: the commit whose evidence counts (default HEAD)." };
        var command = new Command("transition", "Move a task to another state, if the state machine and its guards allow it.") { root, id, to, reason, owner, commit };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(root), stderr, async ledger =>
        {
            var text = result.GetValue(to)!;
            if (!TaskStates.TryParse(text, out var state))
            {
                stderr.WriteLine($"mcpctx task transition: expected a state ({string.Join(", ", TaskStates.Names)}), not '{text}'");
                return 2;
            }

            var written = await ledger.TransitionAsync(result.GetValue(id)!, state, result.GetValue(owner) ?? Actor(), result.GetValue(reason), result.GetValue(commit), cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                stderr.WriteLine($"mcpctx task transition: {written.Error}");
                return 1;
            }

            stdout.WriteLine($"{written.Task.Id}: {written.Event.From} -> {written.Event.To}; next: {TaskStateMachine.DescribeAllowed(written.Task.State)}");
            return 0;
        }));
        return command;
    }

    private static Command Freeze(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var files = new Argument<string[]>("files") { Description = "Documents to freeze (relative to the project root); none to list what is frozen.", Arity = ArgumentArity.ZeroOrMore };
        var reason = new Option<string>("--reason") { Description = "Why this version is the agreed one (required to freeze)." };
        var command = new Command("freeze", "Record the hash of spec documents (freeze), or list frozen documents and which changed since (exit 1 if any did).") { root, files, reason };
        command.SetAction(result => Run(result.GetValue(root), stderr, ledger =>
        {
            var paths = result.GetValue(files) ?? [];
            if (paths.Length > 0)
            {
                var frozen = ledger.Freezes.Freeze(paths, result.GetValue(reason) ?? "", Actor());
                if (frozen.Error is not null)
                {
                    stderr.WriteLine($"mcpctx task freeze: {frozen.Error}");
                    return 1;
                }

                foreach (var document in frozen.Documents)
                {
                    stdout.WriteLine($"frozen {document.Path} ({document.FrozenSha256[..12]})");
                }

                return 0;
            }

            var all = ledger.Freezes.List();
            foreach (var document in all)
            {
                (document.IsChanged ? stderr : stdout).WriteLine(document.Describe());
            }

            stdout.WriteLine($"{all.Count} frozen document(s), {all.Count(d => d.IsChanged)} changed");
            return all.Any(d => d.IsChanged) ? 1 : 0;
        }));
        return command;
    }

    private static void Items(TextWriter stdout, string heading, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        stdout.WriteLine();
        stdout.WriteLine(heading);
        foreach (var item in list)
        {
            stdout.WriteLine($"  - {item}");
        }
    }

    private static LedgerTask? Find(LedgerSnapshot snapshot, string id, string verb, TextWriter stderr)
    {
        if (snapshot.Find(id) is { } task)
        {
            return task;
        }

        stderr.WriteLine($"mcpctx task {verb}: {snapshot.UnknownId(id)}");
        return null;
    }

    private static string Actor() => Environment.UserName is { Length: > 0 } name ? name : "cli";

    private static int Run(string? root, TextWriter stderr, Func<TaskLedger, int> action)
    {
        if (Open(root, stderr) is not { } ledger)
        {
            return 2;
        }

        using (ledger)
        {
            return action(ledger);
        }
    }

    private static async Task<int> RunAsync(string? root, TextWriter stderr, Func<TaskLedger, Task<int>> action)
    {
        if (Open(root, stderr) is not { } ledger)
        {
            return 2;
        }

        using (ledger)
        {
            return await action(ledger).ConfigureAwait(false);
        }
    }

    private static TaskLedger? Open(string? root, TextWriter stderr)
    {
        if (root is not null && !Directory.Exists(root))
        {
            stderr.WriteLine($"mcpctx task: --root '{root}' is not a directory");
            return null;
        }

        var directory = root is null ? Path.GetDirectoryName(ProjectRoot.FindContextFile(Environment.CurrentDirectory))! : Path.GetFullPath(root);
        return new TaskLedger(directory, new LedgerOptions { WatchForChanges = false });
    }
}
