namespace McpContext.Core.Context;

/// <summary>
/// One value (or key) of a context that holds a secret. It says where and what kind, never the secret:
/// findings end up in tool results, diagnostics and logs.
/// </summary>
/// <param name="Path">
/// The value's path as <see cref="McpContext.Toml.TomlPath"/> writes it, e.g. <c>known_issues[2].details</c>.
/// A key that is itself a secret appears under its redaction marker, so the path never carries the secret either.
/// </param>
/// <param name="Kind">What the secret looks like.</param>
/// <param name="InKey">True when the secret is the key at <paramref name="Path"/> rather than its value.</param>
public sealed record SecretFinding(string Path, SecretKind Kind, bool InKey = false)
{
    /// <summary>The diagnostic for the user: the path and the kind, and what to do instead.</summary>
    public string Message
    {
        get
        {
            var where = Path.Length == 0 ? "the value" : Path;
            var what = InKey ? " is a key that looks like " : " holds what looks like ";
            return where + what + Kind.DescribeWithArticle()
                + "; secrets do not belong in the project context (store it in a secret manager and reference it by name)";
        }
    }
}
