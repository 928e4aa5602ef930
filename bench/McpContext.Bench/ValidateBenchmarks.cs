using BenchmarkDotNet.Attributes;
using McpContext.Core.Constraints;
using McpContext.Core.Context;
using McpContext.Core.Diffs;

namespace McpContext.Bench;

/// <summary>
/// The change validator on the repository bench/validate/make-repo.py builds (200 rules) and the diff of
/// its 5,000 changed files ($MCPCTX_VALIDATE_REPO and $MCPCTX_VALIDATE_DIFF, set by bench/validate.sh).
/// </summary>
[MemoryDiagnoser]
public class ValidateBenchmarks : IDisposable
{
    private string _diff = "";
    private ContextStore? _store;
    private ChangeValidator? _validator;

    [GlobalSetup]
    public void Setup()
    {
        var repo = Environment.GetEnvironmentVariable("MCPCTX_VALIDATE_REPO") ?? throw new InvalidOperationException("set MCPCTX_VALIDATE_REPO (bench/validate.sh does)");
        var diff = Environment.GetEnvironmentVariable("MCPCTX_VALIDATE_DIFF") ?? throw new InvalidOperationException("set MCPCTX_VALIDATE_DIFF (bench/validate.sh does)");
        _diff = File.ReadAllText(diff);
        _store = new ContextStore(Path.Combine(repo, "project-context.toml"), new ContextStoreOptions { WatchForChanges = false });
        _validator = new ChangeValidator(_store, repo, new LedgerTaskScopes(repo));
        var result = _validator.Validate(new ChangeRequest { Diff = _diff });
        if (!result.Succeeded || result.Report.Files.Count != 5000)
        {
            throw new InvalidOperationException($"the benchmark input is not the 5,000-file change it should be: {string.Join("; ", result.Errors)}");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _store?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Only the unified diff parser.</summary>
    [Benchmark]
    public int ParseDiff() => UnifiedDiff.Parse(_diff).Files.Count;

    /// <summary>Everything mcpctx check does after reading the diff: parse, compile the rules, every check, the change id, approvals, knowledge.</summary>
    [Benchmark]
    public int Validate() => _validator!.Validate(new ChangeRequest { Diff = _diff }).Report!.Findings.Count;
}
