using System.Security.Cryptography;
using System.Text;
using McpContext.Core.Context;

namespace McpContext.Core.Constraints;

/// <summary>
/// Names a change, so an approval can be given for exactly it: the first 16 hex digits of a SHA-256 over
/// the change normalised. Per file, in path order: its kind and paths, its mode change, and the removed
/// and added lines of its hunks in order (not their line numbers or the context lines around them, so the
/// same edit named by <c>git diff</c> before staging and by the hook at commit time gets the same id);
/// then the context patch's operations. Any other edit gives another id, and needs its own approval.
/// </summary>
public static class ChangeIdentity
{
    /// <summary>
    /// The id of a change to <paramref name="files"/> with the context <paramref name="patch"/>, from each file's
    /// <see cref="Text"/> (<paramref name="texts"/>, in the order of <paramref name="files"/>), worked out as the
    /// file's part of the diff arrived.
    /// </summary>
    internal static string Compute(IReadOnlyList<ChangedFile> files, IReadOnlyList<string> texts, IReadOnlyList<ContextOperation> patch)
    {
        // One buffer hashed once: a large change has tens of thousands of lines, and a hash call per line costs more than the hashing.
        var text = new StringBuilder();
        foreach (var i in Enumerable.Range(0, files.Count).OrderBy(i => files[i].Path, StringComparer.Ordinal).ThenBy(i => files[i].OldPath, StringComparer.Ordinal))
        {
            text.Append(texts[i]);
        }

        foreach (var operation in patch)
        {
            text.Append($"patch\0{operation}\0");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>One file's share of the id: its kind and paths, its mode change, and its removed and added lines.</summary>
    internal static string Text(ChangedFile file)
    {
        var text = new StringBuilder();
        text.Append("file\0").Append(file.Kind.Name()).Append('\0').Append(file.OldPath).Append('\0').Append(file.Path).Append('\0');
        if (file.Diff is { } diff)
        {
            text.Append(diff.OldMode).Append('\0').Append(diff.NewMode).Append('\0').Append(diff.IsBinary ? "binary" : "").Append('\0');
            foreach (var hunk in diff.Hunks)
            {
                foreach (var line in hunk.Lines)
                {
                    if (line.Kind != ' ')
                    {
                        text.Append(line.Kind).Append(line.Text).Append(line.NoNewlineAtEnd ? "" : "\n");
                    }
                }
            }
        }

        return text.Append('\0').ToString();
    }

    /// <summary>Whether <paramref name="text"/> has the form of a change id (16 lower-case hex digits).</summary>
    public static bool IsValid(string? text) => text is { Length: 16 } && text.All(char.IsAsciiHexDigitLower);
}
