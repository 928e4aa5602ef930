using System.CommandLine;
using McpContext.Core.Git;

namespace McpContext.Cli;

/// <summary><c>mcpctx hook install</c>: a git pre-commit hook that runs <c>mcpctx check --staged</c>.</summary>
internal static class HookCommand
{
    /// <summary>Marks a hook file as ours, so reinstalling replaces it and nobody else's hook is overwritten.</summary>
    private const string Marker = "# mcpctx pre-commit hook";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var force = new Option<bool>("--force") { Description = "Replace a pre-commit hook that is not mcpctx's (it is kept as pre-commit.mcpctx-backup)." };
        var root = new Option<string>("--root") { HelpName = "DIR", Description = "A directory inside the repository (default: the working directory)." };
        var install = new Command("install", "Install a git pre-commit hook that runs mcpctx check --staged and stops a commit that breaks the constraints.") { force, root };
        install.SetAction((result, cancellationToken) => InstallAsync(result.GetValue(force), result.GetValue(root), stdout, stderr, cancellationToken));
        return new Command("hook", "Git hooks.") { install };
    }

    private static async Task<int> InstallAsync(bool force, string? root, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var git = await GitRepository.OpenAsync(root ?? ".", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!git.Succeeded)
        {
            await stderr.WriteLineAsync($"mcpctx hook install: {git.Error}").ConfigureAwait(false);
            return 2;
        }

        var hooks = await git.Value!.HooksDirectoryAsync(cancellationToken).ConfigureAwait(false);
        if (!hooks.Succeeded)
        {
            await stderr.WriteLineAsync($"mcpctx hook install: {hooks.Error}").ConfigureAwait(false);
            return 2;
        }

        var hook = Path.Combine(hooks.Value!, "pre-commit");
        var verb = "installed";
        if (File.Exists(hook))
        {
            var ours = (await File.ReadAllTextAsync(hook, cancellationToken).ConfigureAwait(false)).Contains(Marker, StringComparison.Ordinal);
            if (!ours && !force)
            {
                await stderr.WriteLineAsync($"mcpctx hook install: {hook} exists and is not mcpctx's; nothing was changed. Call mcpctx check --staged from it, or rerun with --force to replace it (it is kept as pre-commit.mcpctx-backup)").ConfigureAwait(false);
                return 1;
            }

            if (!ours)
            {
                File.Copy(hook, hook + ".mcpctx-backup", overwrite: true);
            }

            verb = ours ? "updated" : "replaced";
        }

        Directory.CreateDirectory(hooks.Value!);
        await File.WriteAllTextAsync(hook, Script(), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, File.GetUnixFileMode(hook) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        await stdout.WriteLineAsync($"{verb} {hook}: git commit now runs mcpctx check --staged (skip it once with git commit --no-verify)").ConfigureAwait(false);
        return 0;
    }

    /// <summary>The hook runs the mcpctx that installed it, and falls back to the one on PATH if that has moved.</summary>
    private static string Script()
    {
        var process = Environment.ProcessPath!;

        // Run as "dotnet mcpctx.dll" (a framework-dependent build), the program is dotnet and the dll its argument.
        var viaDotnet = Path.GetFileNameWithoutExtension(process) == "dotnet";
        var target = viaDotnet ? Path.Combine(AppContext.BaseDirectory, "mcpctx.dll") : process;
        var command = viaDotnet ? $"{Quote(process)} {Quote(target)}" : Quote(target);
        return $"""
            #!/bin/sh
            {Marker}: checks the staged change against the project's constraints.
            # Installed by `mcpctx hook install`; skip once with `git commit --no-verify`.
            if [ -e {Quote(target)} ]; then
              exec {command} check --staged
            fi
            exec mcpctx check --staged

            """;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
