using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpContext.Core.Ledger;

/// <summary>
/// Task ids. A hand-written task without an <c>id</c> takes its file name (<c>tasks/012-add-retries.md</c>
/// is <c>012-add-retries</c>), which git keeps unique. A task created through McpContext gets
/// <c>T-yymmdd-xxxxxxxx</c>: the UTC date and eight random base-32 characters (40 bits), so two branches
/// adding tasks on the same day collide with a probability of about n·m / 2^40 (one in a hundred
/// million for a hundred tasks on each side) and the ledger refuses a duplicate it sees.
/// </summary>
public static class TaskIds
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 80;

    // Crockford's base 32, lower case: no i, l, o, u, so ids read back unambiguously.
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>"letters, digits, '.', '_' and '-', starting with a letter or digit, at most 80 characters".</summary>
    public const string Rule = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 80 characters";

    /// <summary>True when <paramref name="id"/> follows <see cref="Rule"/> (ids name log files, so nothing else is allowed).</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && !id.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>A fresh id for a task created on <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now)
    {
        var random = new StringBuilder(8);
        for (var i = 0; i < 8; i++)
        {
            random.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }

        return string.Create(CultureInfo.InvariantCulture, $"T-{now.UtcDateTime:yyMMdd}-{random}");
    }

    /// <summary>The id a task file without an <c>id</c> gets: its file name without <c>.md</c>, made valid if it is not.</summary>
    public static string FromFileName(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var stem = Path.GetFileNameWithoutExtension(file);
        return IsValid(stem) ? stem : Slug(stem, MaxLength) is { Length: > 0 } slug ? slug : "task";
    }

    /// <summary>Lower-case words joined by dashes, for file names: "Add retries to the API" → <c>add-retries-to-the-api</c>.</summary>
    public static string Slug(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '/' or ':')
            {
                if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length <= maxLength ? result : result[..maxLength].TrimEnd('-');
    }

    /// <summary>A dependency as people write it: an id, or a task file name (<c>tasks/012-x.md</c> is <c>012-x</c>).</summary>
    public static string Normalize(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var text = reference.Trim();
        if (text.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            text = Path.GetFileNameWithoutExtension(text.Replace('\\', '/').Split('/')[^1]);
        }

        return text.TrimStart('#');
    }
}
