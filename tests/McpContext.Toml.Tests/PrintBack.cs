using System.Globalization;
using System.Text;

namespace McpContext.Toml.Tests;

/// <summary>Checks that a document printed back reproduces its input byte for byte.</summary>
internal static class PrintBack
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Returns null when <paramref name="printed"/> encoded as UTF-8 equals <paramref name="input"/>.</summary>
    public static string? Difference(byte[] input, string printed)
    {
        // Encoding.UTF8 replaces a lone surrogate instead of throwing, so such output is reported as a difference.
        var output = Encoding.UTF8.GetBytes(printed);
        if (output.AsSpan().SequenceEqual(input))
        {
            return null;
        }

        // Kept distinct so the lead can decide whether Text/ToFullString should keep a leading BOM (as U+FEFF).
        if (input.AsSpan().StartsWith(Utf8Bom) && output.AsSpan().SequenceEqual(input.AsSpan(Utf8Bom.Length)))
        {
            return "ToFullString() drops the input's leading UTF-8 BOM (EF BB BF); all other bytes match.";
        }

        var offset = input.AsSpan().CommonPrefixLength(output);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"printed text differs from the input at byte {offset} (input {input.Length} bytes, printed {output.Length}): "
                + $"input has [{Hex(input, offset)}], printed has [{Hex(output, offset)}]");
    }

    private static string Hex(byte[] bytes, int offset) =>
        offset >= bytes.Length
            ? "end of text"
            : string.Join(' ', bytes.Skip(offset).Take(16).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
