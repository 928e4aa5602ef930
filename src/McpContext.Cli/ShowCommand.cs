using System.CommandLine;
using McpContext.Core.Context;

namespace McpContext.Cli;

/// <summary><c>mcpctx show [PATH]</c>: a one-screen summary of a project's context file (TOML, JSON or YAML).</summary>
internal static class ShowCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path")
        {
            Description = $"A context file, or a directory to search upward from for {string.Join(", ", ContextFileLocator.FileNames)}.",
            DefaultValueFactory = _ => ".",
        };
        var command = new Command("show", "Summarise a project's context: identity, focus, services, deployment, CI, constraints and knowledge.") { path };
        command.SetAction(result => Run(result.GetValue(path)!, stdout, stderr));
        return command;
    }

    private static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        var file = ContextFileLocator.Find(path);
        if (file is null)
        {
            stderr.WriteLine($"no {string.Join(", ", ContextFileLocator.FileNames)} at or above '{Path.GetFullPath(path)}'; pass a file or a project directory");
            return 2;
        }

        using var store = new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });
        var snapshot = store.Read();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        foreach (var diagnostic in snapshot.Diagnostics)
        {
            stderr.WriteLine($"{relative}:{diagnostic}");
        }

        var format = store.Format.ToString().ToUpperInvariant();
        if (snapshot.HasSyntaxErrors)
        {
            stderr.WriteLine($"{relative}: not valid {format} ({snapshot.Diagnostics.Count} error(s))");
            return 1;
        }

        var lines = File.ReadAllText(file).Count(c => c == '\n');
        var state = snapshot.Diagnostics.Count == 0 ? "valid" : $"{snapshot.Diagnostics.Count} problem(s) in";
        stdout.WriteLine($"{relative}  ({state} {format}, {lines} lines, revision {snapshot.Revision})");
        stdout.Write(ContextSummary.Render(snapshot.Model));
        return snapshot.Diagnostics.Count == 0 ? 0 : 1;
    }
}
