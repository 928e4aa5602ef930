using System.Text;

namespace McpContext.Bench;

/// <summary>Which input a benchmark parses; the MB/s column divides that input's UTF-8 size by the mean time.</summary>
public enum InputKind
{
    /// <summary>The generated ~1 MB file (MCPCTX_BENCH_FILE, default bench/data/big.toml).</summary>
    BigFile,

    /// <summary>The embedded ~2 KB project context, <see cref="BenchInput.SmallContext"/>.</summary>
    SmallContext,
}

/// <summary>Marks a benchmark method with the input it parses, for <see cref="ThroughputColumn"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ParsesInputAttribute(InputKind kind) : Attribute
{
    public InputKind Kind { get; } = kind;
}

/// <summary>Locates and describes the benchmark inputs. Used both by the benchmark process and by the host
/// process that prints the summary, so everything here resolves to the same file in both.</summary>
public static class BenchInput
{
    public const string FileEnvVar = "MCPCTX_BENCH_FILE";

    /// <summary>Absolute path of the big file: $MCPCTX_BENCH_FILE (made absolute by Program before the
    /// benchmark processes start) or bench/data/big.toml under the repository root.</summary>
    public static string BigFilePath
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable(FileEnvVar);
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                return Path.GetFullPath(fromEnv);
            }

            return Path.Combine(FindRepoRoot(), "bench", "data", "big.toml");
        }
    }

    /// <summary>Reads the big file, or throws with a message that says how to generate it.</summary>
    public static byte[] ReadBigFile()
    {
        var path = BigFilePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Benchmark input not found: {path}. Generate it with bench/run.sh, or with "
                + "'python3 ../shared/bench/make-big-toml.py bench/data/big.toml' from the repository root, "
                + $"or point {FileEnvVar} at a TOML file.",
                path);
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>UTF-8 size in bytes of the given input, or null when it cannot be determined.</summary>
    public static long? ByteCount(InputKind kind)
    {
        switch (kind)
        {
            case InputKind.SmallContext:
                return Encoding.UTF8.GetByteCount(SmallContext);
            case InputKind.BigFile:
                try
                {
                    var info = new FileInfo(BigFilePath);
                    return info.Exists ? info.Length : null;
                }
                catch (InvalidOperationException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    /// <summary>Walks up from the working directory, then from the app's base directory, to the folder that
    /// holds McpContext.sln (BenchmarkDotNet runs each benchmark in a child process from its own bin folder).</summary>
    public static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "McpContext.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (a folder with McpContext.sln) above '{Directory.GetCurrentDirectory()}' "
            + $"or '{AppContext.BaseDirectory}'. Run from inside the repository or set {FileEnvVar}.");
    }

    /// <summary>A realistic ~2 KB project context: the typical size McpContext parses on every request.</summary>
    public const string SmallContext = """"
        #:schema ./schemas/project-context.schema.json
        # billing-gateway: operational facts for agents. Secrets live in the vault, never here.

        project = "billing-gateway"
        project_type = "saas-api"
        description = "Card and SEPA payment gateway in front of two acquirers; .NET service on Kubernetes with Postgres."
        current_focus = [
          "Retry budget per acquirer instead of a global one",
          "Move settlement export from cron to the job queue",
        ]

        [services]
        api = 8080        # public HTTP API behind the ingress
        worker = 9090     # queue consumer; only /metrics and /healthz
        admin = 8081      # internal only, VPN

        [deployment]
        model = "rolling"
        platform = "kubernetes"
        namespace = "billing"
        max_unavailable = 0
        max_surge = 1
        health_checks = ["/healthz", "/readyz"]
        rollback = "kubectl rollout undo deployment/billing-gateway -n billing"

        [ci]
        pipeline = "github-actions"
        workflows = [".github/workflows/build.yml", ".github/workflows/deploy.yml"]

        [constraints]
        money_is_integer_minor_units = true
        no_secrets = true

        [[constraints.rules]]
        id = "R-001"
        description = "Schema migrations need a DBA review (expand/contract only)."
        effect = "needs_approval"
        paths = ["db/migrations/**"]

        [[constraints.rules]]
        id = "R-002"
        description = "Do not change acquirer timeouts without the payments on-call."
        effect = "warn"
        paths = ["src/Acquirers/**"]
        keys = ["deployment.max_surge"]

        [[known_issues]]
        id = "KI-014"
        title = "Acquirer B sends duplicate webhooks after a 502"
        status = "open"
        opened = 2025-11-04
        paths = ["src/Webhooks/AcquirerB.cs"]
        details = """
        Handlers must dedupe by the acquirer's event id; order of arrival is not guaranteed.
        """

        [[known_issues]]
        id = "KI-017"
        title = "Settlement export times out for merchants with > 1M rows"
        status = "resolved"
        opened = 2025-12-01
        resolved = 2026-01-15T09:30:00Z

        [[decisions]]
        id = "D-003"
        title = "Integer minor units for amounts"
        status = "accepted"
        date = 2025-09-03
        weight = 0.75

        [verified]
        commit = "4f2c9e1"
        at = 2026-02-10T17:05:00+01:00
        by = "platform-team"

        """";
}
