using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Git;
using McpContext.Core.Tests.Context;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Constraints;

/// <summary>
/// The wp-edge-core example as a real repository: its context file beside the nginx, compose, script and
/// workflow files it describes, committed, so a test can change files and check the diff git gives.
/// </summary>
internal sealed class EdgeRepo : IDisposable
{
    public const string Nginx = "deploy/nginx/nginx.conf";
    public const string Upstream = "deploy/nginx/conf.d/upstream-active.conf";
    public const string BlueCompose = "deploy/compose/blue.yml";
    public const string Switch = "deploy/scripts/switch-slot.sh";
    public const string Rollback = "deploy/scripts/rollback.sh";
    public const string Build = ".github/workflows/build.yml";

    private readonly ContextStore _store;

    private EdgeRepo(TempGitRepo git)
    {
        Git = git;
        _store = new ContextStore(git.PathOf("project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
    }

    public TempGitRepo Git { get; }

    public ContextStore Store => _store;

    public static string ExampleContext => File.ReadAllText(Path.Combine(RepoFiles.Directory, "examples", "wp-edge-core", "project-context.toml"));

    public static async Task<EdgeRepo> CreateAsync(string? context = null)
    {
        var git = await TempGitRepo.CreateAsync();
        git.Write("project-context.toml", context ?? ExampleContext);
        git.Write(Nginx, "events {}\nhttp {\n  include conf.d/*.conf;\n  server {\n    listen 3000;\n    location /healthz { proxy_pass http://active/healthz; }\n    location / { proxy_pass http://active; }\n  }\n}\n");
        git.Write(Upstream, "upstream active {\n  server 127.0.0.1:3001;\n}\n");
        git.Write(BlueCompose, "services:\n  app:\n    image: wp-edge/app:blue\n    ports:\n      - \"127.0.0.1:3001:8080\"\n");
        git.Write("deploy/compose/green.yml", "services:\n  app:\n    image: wp-edge/app:green\n    ports:\n      - \"127.0.0.1:3002:8080\"\n");
        git.Write(Switch, "#!/bin/sh\nset -eu\nsed -i \"s/300[12]/$1/\" /etc/nginx/conf.d/upstream-active.conf\nnginx -t && nginx -s reload\n");
        git.Write(Rollback, "#!/bin/sh\nset -eu\nexec \"$(dirname \"$0\")/switch-slot.sh\" \"$PREVIOUS_PORT\"\n");
        git.Write(Build, "name: build\non:\n  push:\n    tags: ['v*']\n  workflow_dispatch: {}\njobs:\n  build:\n    runs-on: [self-hosted, linux, ARM64, jetson]\n    steps:\n      - uses: actions/checkout@v4\n");
        git.Write("app/Dockerfile", "FROM nvcr.io/nvidia/l4t-base:r36.2.0\nEXPOSE 8080\n");
        git.Write("README.md", "# wp-edge-core\n");
        await git.CommitAllAsync("initial");
        return new EdgeRepo(git);
    }

    public ChangeValidator Validator() => new(_store, Git.Root, new LedgerTaskScopes(Git.Root));

    /// <summary>Every uncommitted change, new files included (they are staged first), as git diffs it.</summary>
    public async Task<string> WorkingDiffAsync()
    {
        await Git.GitAsync("add", "-A");
        var repo = await GitRepository.OpenAsync(Git.Root, cancellationToken: TestContext.Current.CancellationToken);
        var diff = await repo.Value!.DiffAsync(GitDiffSource.WorkingTree, TestContext.Current.CancellationToken);
        Assert.True(diff.Succeeded, diff.Error);
        return diff.Value!;
    }

    /// <summary>Checks the uncommitted changes (the diff git gives) and returns the report.</summary>
    public async Task<ValidationReport> CheckWorkingTreeAsync(string? taskId = null)
    {
        var result = Validator().Validate(new ChangeRequest { Diff = await WorkingDiffAsync(), TaskId = taskId });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Report;
    }

    public ValidationReport Check(ChangeRequest request)
    {
        var result = Validator().Validate(request);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Report;
    }

    public IReadOnlyList<string> Errors(ChangeRequest request)
    {
        var result = Validator().Validate(request);
        Assert.False(result.Succeeded, "the change should not have been checkable");
        return result.Errors;
    }

    /// <summary>Replaces the first occurrence of <paramref name="from"/> in a file.</summary>
    public void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(Git.PathOf(path));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Git.Write(path, string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length)));
    }

    public void Dispose()
    {
        _store.Dispose();
        Git.Dispose();
    }
}
