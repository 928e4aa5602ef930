namespace McpContext.Server.Prompts;

/// <summary>The files a unified diff touches, read from its <c>---</c>/<c>+++</c> header lines.</summary>
internal static class DiffPaths
{
    public static IEnumerable<string> From(string diff) =>
        diff.ReplaceLineEndings("\n").Split('\n')
            .Where(line => line.StartsWith("+++ ", StringComparison.Ordinal) || line.StartsWith("--- ", StringComparison.Ordinal))
            .Select(line => Path(line[4..]))
            .OfType<string>();

    // git writes "a/x" and "b/x", other tools the bare path, some a tab and a timestamp after it.
    private static string? Path(string header)
    {
        var path = header.Split('\t')[0].Trim().Trim('"');
        if (path is "/dev/null" or "")
        {
            return null;
        }

        return path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
    }
}
