using System.Globalization;
using BenchmarkDotNet.Running;
using McpContext.Bench;

if (args.Length > 0 && args[0] == "ledger")
{
    return await LedgerBenchmark.RunAsync(args);
}

// BenchmarkDotNet runs each benchmark in a child process with another working directory; make the input path
// absolute here so the host (which prints the MB/s column) and the children read the same file.
var fromEnv = Environment.GetEnvironmentVariable(BenchInput.FileEnvVar);
if (!string.IsNullOrWhiteSpace(fromEnv))
{
    Environment.SetEnvironmentVariable(BenchInput.FileEnvVar, Path.GetFullPath(fromEnv));
}

var bigBytes = BenchInput.ByteCount(InputKind.BigFile);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Big input:   {BenchInput.BigFilePath} ({(bigBytes is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) + " bytes" : "MISSING")})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Small input: BenchInput.SmallContext ({BenchInput.ByteCount(InputKind.SmallContext):N0} bytes)"));

var summaries = BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(args);

// Non-zero exit when a benchmark failed (e.g. the input file is missing), so scripts notice.
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
