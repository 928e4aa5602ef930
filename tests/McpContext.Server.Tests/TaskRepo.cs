using McpContext.Core.Processes;

namespace McpContext.Server.Tests;

/// <summary>Makes a <see cref="TempProject"/> a real git repository with its own identity, for tasks that need commits.</summary>
internal static class TaskRepo
{
    private static readonly Dictionary<string, string?> Isolated = new() { ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1" };

    public static async Task InitAsync(TempProject project)
    {
        await GitAsync(project, "init", "-q");
        await GitAsync(project, "config", "user.name", "Test Person");
        await GitAsync(project, "config", "user.email", "test.person@example.com");
        await GitAsync(project, "config", "commit.gpgsign", "false");
        File.WriteAllText(Path.Combine(project.Root, ".gitignore"), ".mcpcontext/\n");
        await CommitAsync(project);
    }

    public static async Task<string> CommitAsync(TempProject project)
    {
        await GitAsync(project, "add", "-A");
        await GitAsync(project, "commit", "-q", "--allow-empty", "-m", "change");
        return (await GitAsync(project, "rev-parse", "HEAD")).Trim();
    }

    public static void WriteTask(TempProject project, string name, string text)
    {
        var path = Path.Combine(project.Root, "tasks", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".edit";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    public static string Spec(string id, string criteria = "- `true`") =>
        $"---\nid: {id}\n---\n# Task {id}\n\n## Objective\n\nDo {id}.\n\n## Files to Modify\n\n- `src/{id}.txt`\n\n## Steps\n\n1. Write it.\n\n## Completion Criteria\n\n{criteria}\n";

    private static async Task<string> GitAsync(TempProject project, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("git", args) { WorkingDirectory = project.Root, Environment = Isolated }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"git {string.Join(' ', args)}: {result.Error}{result.Stderr.Text}");
        return result.Stdout.Text;
    }
}
