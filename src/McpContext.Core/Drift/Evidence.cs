namespace McpContext.Core.Drift;

/// <summary>Where a fact was read: a file (relative to the project root, with <c>/</c>) and a 1-based line.</summary>
/// <param name="File">The file, relative to the project root.</param>
/// <param name="Line">The 1-based line, or 0 when the fact is about the whole file.</param>
/// <param name="Detail">What the line says, in a few words (for example <c>compose service blue publishes 3001</c>).</param>
public sealed record Evidence(string File, int Line, string Detail)
{
    /// <summary><c>file:line</c>, or just the file when there is no line.</summary>
    public string Location => Line > 0 ? $"{File}:{Line}" : File;

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Detail}";
}
