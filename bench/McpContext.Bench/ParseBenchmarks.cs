using System.Text;
using BenchmarkDotNet.Attributes;
using McpContext.Toml;

namespace McpContext.Bench;

/// <summary>Parse throughput of McpContext.Toml on the generated ~1 MB file and on a ~2 KB project context.</summary>
[MemoryDiagnoser]
[Config(typeof(ParseBenchmarksConfig))]
public class ParseBenchmarks
{
    private string _bigText = "";
    private byte[] _bigBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bigBytes = BenchInput.ReadBigFile();
        _bigText = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(_bigBytes);

        // A parser that stops at the first error would look fast: refuse to measure inputs it rejects.
        EnsureParsesCleanly("big file (text)", TomlDocument.Parse(_bigText), BenchInput.BigFilePath);
        EnsureParsesCleanly("big file (UTF-8)", TomlDocument.Parse(_bigBytes), BenchInput.BigFilePath);
        EnsureParsesCleanly("small context", TomlDocument.Parse(BenchInput.SmallContext), "BenchInput.SmallContext");
    }

    [Benchmark]
    [ParsesInput(InputKind.BigFile)]
    public TomlTable ParseToModel() => TomlDocument.Parse(_bigText).Model;

    [Benchmark]
    [ParsesInput(InputKind.BigFile)]
    public TomlTable ParseFromUtf8Bytes() => TomlDocument.Parse(_bigBytes).Model;

    [Benchmark]
    [ParsesInput(InputKind.SmallContext)]
    public TomlTable ParseSmallContext() => TomlDocument.Parse(BenchInput.SmallContext).Model;

    private static void EnsureParsesCleanly(string what, TomlDocument document, string source)
    {
        if (!document.HasErrors && document.Model.Count > 0)
        {
            return;
        }

        var first = string.Join(Environment.NewLine, document.Diagnostics.Take(5).Select(d => "  " + d));
        throw new InvalidOperationException(
            $"Benchmark input {what} ({source}) does not parse cleanly: {document.Diagnostics.Count} diagnostic(s), "
            + $"{document.Model.Count} top-level key(s).{Environment.NewLine}{first}");
    }
}
