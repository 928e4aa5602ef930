using System.Reflection;
using McpContext.Core.Context;

namespace McpContext.Core.Tests.Context;

/// <summary>The repository's own context files and schemas, copied beside the tests, and the repository itself.</summary>
internal static class RepoFiles
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "repo-files");

    public static string RepositoryRoot { get; } = typeof(RepoFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Schema => Path.Combine(Directory, "schemas", "project-context.schema.json");

    /// <summary>Every example context (TOML, JSON, YAML) and the repository's own, relative to <see cref="Directory"/>.</summary>
    public static TheoryData<string> Contexts => new(ContextFiles);

    /// <summary>The same as <see cref="Contexts"/>, as a plain list.</summary>
    public static IReadOnlyList<string> ContextFiles => [.. System.IO.Directory.GetFiles(Directory, "project-context.*", SearchOption.AllDirectories)
        .Where(f => ContextFileLocator.FileNames.Contains(Path.GetFileName(f))).Select(f => Path.GetRelativePath(Directory, f)).Order(StringComparer.Ordinal)];

    /// <summary>A context file read through the store, whatever its format.</summary>
    public static ContextSnapshot Read(string relative)
    {
        using var store = new ContextStore(Path.Combine(Directory, relative), new ContextStoreOptions { WatchForChanges = false });
        return store.Read();
    }
}
