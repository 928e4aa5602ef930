using System.Diagnostics.CodeAnalysis;
using ModelContextProtocol.Server;

namespace McpContext.Server.Hosting;

/// <summary>
/// The server's tools, created on a background thread that starts with the server. Creating them
/// is most of a cold start: the SDK reflects over every tool method and builds its input and output JSON
/// schemas, tens of milliseconds that a client starting a stdio server per session would otherwise wait for
/// before its <c>initialize</c> is answered. Every read waits for the creation to finish, so a
/// <c>tools/list</c> or <c>tools/call</c> that arrives early sees the whole set, never part of it.
/// </summary>
/// <remarks>
/// The set is fixed for the server's life (toolsets and <c>--read-only</c> are start-up options), so the
/// mutators refuse. The base class's non-virtual <c>Count</c> and <c>IsEmpty</c> do not see the set; the
/// collection interfaces, which LINQ uses, are re-implemented so they do. The SDK reads the collection only
/// through its virtual members.
/// </remarks>
internal sealed class BackgroundBuiltCollection<T> : McpServerPrimitiveCollection<T>, ICollection<T>, IReadOnlyCollection<T>
    where T : IMcpServerPrimitive
{
    private readonly Task<Dictionary<string, T>> _built;

    public BackgroundBuiltCollection(Func<IEnumerable<T>> create)
    {
        _built = Task.Run(() => create().ToDictionary(p => p.Id, StringComparer.Ordinal));
    }

    private Dictionary<string, T> Built => _built.GetAwaiter().GetResult();

    int ICollection<T>.Count => Built.Count;

    int IReadOnlyCollection<T>.Count => Built.Count;

    public override ICollection<string> PrimitiveNames => Built.Keys;

    public override bool TryGetPrimitive(string name, [NotNullWhen(true)] out T? primitive)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Built.TryGetValue(name, out primitive);
    }

    public override bool Contains(T primitive) => Built.TryGetValue(primitive.Id, out var found) && EqualityComparer<T>.Default.Equals(found, primitive);

    public override T[] ToArray() => [.. Built.Values];

    public override void CopyTo(T[] array, int arrayIndex) => Built.Values.CopyTo(array, arrayIndex);

    public override IEnumerator<T> GetEnumerator() => Built.Values.GetEnumerator();

    public override bool TryAdd(T primitive) => throw Fixed();

    public override bool Remove(T primitive) => throw Fixed();

    public override void Clear() => throw Fixed();

    private static NotSupportedException Fixed() => new("the server's tools are fixed when it starts (--toolsets, --read-only)");
}
