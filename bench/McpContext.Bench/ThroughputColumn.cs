using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace McpContext.Bench;

/// <summary>Adds the input size and the "MB/s" column (input UTF-8 bytes / mean time, 1 MB = 1,000,000 bytes;
/// the same unit bench/smol-toml/bench.mjs prints).</summary>
public sealed class ParseBenchmarksConfig : ManualConfig
{
    public ParseBenchmarksConfig()
    {
        AddColumn(new InputSizeColumn(), new ThroughputColumn());
    }
}

/// <summary>Size in bytes of the input the benchmark parses (from its <see cref="ParsesInputAttribute"/>).</summary>
public sealed class InputSizeColumn : IColumn
{
    public string Id => nameof(InputSizeColumn);
    public string ColumnName => "Input bytes";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Params;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "UTF-8 size of the parsed input in bytes";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        ThroughputColumn.InputBytes(benchmarkCase) is { } bytes
            ? bytes.ToString("N0", CultureInfo.InvariantCulture)
            : "?";
}

/// <summary>Throughput: input bytes / mean time per parse, in MB/s (decimal megabytes).</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Parse throughput: input UTF-8 bytes / Mean, 1 MB = 1,000,000 bytes";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (InputBytes(benchmarkCase) is not { } bytes || meanNs is not { } ns || ns <= 0)
        {
            return "?";
        }

        // bytes / (ns * 1e-9 s) / 1e6 = bytes * 1e3 / ns
        var mbPerSecond = bytes * 1e3 / ns;
        return mbPerSecond.ToString("N1", CultureInfo.InvariantCulture);
    }

    internal static long? InputBytes(BenchmarkCase benchmarkCase)
    {
        var attribute = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ParsesInputAttribute>();
        return attribute is null ? null : BenchInput.ByteCount(attribute.Kind);
    }
}
