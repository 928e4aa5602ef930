using System.CommandLine;
using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Cli;

/// <summary><c>mcpctx show [PATH]</c>: a one-screen summary of a project's context file.</summary>
internal static class ShowCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path")
        {
            Description = $"A context file, or a directory to search upward from for {ContextFileLocator.FileName}.",
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
            stderr.WriteLine($"no {ContextFileLocator.FileName} at or above '{Path.GetFullPath(path)}'; pass a file or a project directory");
            return 2;
        }

        var document = TomlDocument.Parse(File.ReadAllBytes(file));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        if (document.HasErrors)
        {
            foreach (var diagnostic in document.Diagnostics)
            {
                stderr.WriteLine($"{relative}:{diagnostic}");
            }

            stderr.WriteLine($"{relative}: not valid TOML ({document.Diagnostics.Count} error(s))");
            return 1;
        }

        stdout.WriteLine($"{relative}  (valid TOML, {document.Text.Count(c => c == '\n')} lines)");
        stdout.Write(ContextSummary.Render(document.Model));
        return 0;
    }
}
