using System.Text;

namespace McpContext.Toml.Tests;

/// <summary>
/// Mutates the suite's inputs with a fixed seed and checks that parsing never throws or hangs, that every
/// diagnostic has a position, that the tree stays lossless even for broken input, and that whatever is
/// accepted re-encodes to the same value. 10 shards x 10,000 cases = 100,000 cases per run.
/// </summary>
public sealed class FuzzTests
{
    private const int CasesPerShard = 10_000;

    // Bytes that steer the parser into its interesting states.
    private static readonly byte[] Interesting = "[]{}=\"'.,#\\\n\r\t _-+:0123456789eExob\u007f"u8.ToArray()
        .Concat(new byte[] { 0x00, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0xF0, 0x9F, 0x98, 0x80, 0xFF }).ToArray();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly byte[][] Seeds = [.. TomlTestSuite.ValidCaseNames.Concat(TomlTestSuite.InvalidCaseNames)
        .Select(TomlTestSuite.ReadToml).Where(b => b.Length > 0)];

    public static TheoryData<int> Shards => new(Enumerable.Range(1, 10));

    [Theory]
    [MemberData(nameof(Shards))]
    public void Mutated_inputs_never_crash_and_stay_lossless(int shard)
    {
        var random = new Random(shard);
        for (var n = 0; n < CasesPerShard; n++)
        {
            var input = Mutate(Seeds[random.Next(Seeds.Length)], random);
            Check(input, $"shard {shard} case {n}: {Convert.ToBase64String(input)}");
        }
    }

    private static void Check(byte[] input, string label)
    {
        var document = TomlDocument.Parse(input);
        foreach (var diagnostic in document.Diagnostics)
        {
            Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1, $"{label}: {diagnostic}");
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message), label);
        }

        if (IsUtf8(input))
        {
            Assert.True(document.ToFullString() == document.Text, $"{label}: print-back differs");
        }

        if (!document.HasErrors)
        {
            var reparsed = TomlDocument.Parse(TomlEncoder.Encode(document.Model));
            Assert.True(!reparsed.HasErrors && TomlModel.DeepEquals(document.Model, reparsed.Model), $"{label}: encoder round trip");
        }
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(6))
            {
                case 0 when at < bytes.Count:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 3 when at < bytes.Count:
                    var length = Math.Min(random.Next(1, 16), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    if (at < bytes.Count)
                    {
                        bytes[at] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
