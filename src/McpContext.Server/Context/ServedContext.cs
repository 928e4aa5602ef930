using McpContext.Core.Context;

namespace McpContext.Server.Context;

/// <summary>What the server adds to a snapshot's own diagnostics when it serves it.</summary>
public static class ServedContext
{
    /// <summary>
    /// The snapshot's diagnostics, plus a note when no file exists yet: reads then serve an empty context,
    /// and the note says how one is created.
    /// </summary>
    public static IReadOnlyList<ContextDiagnostic> Diagnostics(ContextStore store, ContextSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(snapshot);
        return File.Exists(store.FilePath)
            ? snapshot.Diagnostics
            : [new ContextDiagnostic(0, 0, $"no context file exists yet at {store.FilePath}; the context is empty. The first context_update (or mcpctx init) creates {ContextFileLocator.FileName}"), .. snapshot.Diagnostics];
    }
}
