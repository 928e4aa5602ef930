using McpContext.Server.Context;
using McpContext.Toml;
using Microsoft.Extensions.Logging;

namespace McpContext.Server.Resources;

/// <summary>
/// Tells sessions about changed context resources: <c>notifications/resources/updated</c> to the
/// subscribers of a URI whose content changed, <c>notifications/resources/list_changed</c> to every session
/// that used resources when URIs appear or disappear. Whoever changed the file (a tool, another process, a person).
/// </summary>
public sealed class ResourceNotifier : SessionNotifier, IDisposable
{
    private readonly ContextWorkspace _workspace;

    /// <summary>Starts listening to <paramref name="workspace"/>'s changes.</summary>
    public ResourceNotifier(ContextWorkspace workspace, ILogger<ResourceNotifier> logger)
        : base(logger, "context")
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _workspace = workspace;
        _workspace.Changed += OnChanged;
    }

    private void OnChanged(object? sender, ContextChange change)
    {
        var before = ContextResourceMap.Entries(change.Previous.Model);
        var after = ContextResourceMap.Entries(change.Current.Model);
        var listChanged = before.Count != after.Count || before.Keys.Any(k => !after.ContainsKey(k));
        var updated = after.Where(e => !before.TryGetValue(e.Key, out var old) || !TomlModel.DeepEquals(old, e.Value)).Select(e => e.Key)
            .Concat(before.Keys.Where(k => !after.ContainsKey(k)))
            .ToHashSet(StringComparer.Ordinal);
        Publish(listChanged, updated);
    }

    /// <inheritdoc />
    public void Dispose() => _workspace.Changed -= OnChanged;
}
