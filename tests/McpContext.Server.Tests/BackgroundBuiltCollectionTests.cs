using McpContext.Server.Hosting;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tests;

public sealed class BackgroundBuiltCollectionTests
{
    [Fact]
    public async Task A_read_waits_for_the_build_and_sees_the_whole_set()
    {
        using var release = new ManualResetEventSlim();
        var tools = new BackgroundBuiltCollection<McpServerTool>(() =>
        {
            release.Wait(TestContext.Current.CancellationToken);
            return [Tool("a"), Tool("b")];
        });

        var reader = Task.Run(() => tools.Select(t => t.ProtocolTool.Name).Order().ToList(), TestContext.Current.CancellationToken);
        release.Set();

        Assert.Equal(["a", "b"], await reader);
        Assert.True(tools.TryGetPrimitive("b", out var b));
        Assert.Equal("b", b.ProtocolTool.Name);
        Assert.False(tools.TryGetPrimitive("c", out _));
        Assert.Equal(2, ((ICollection<McpServerTool>)tools).Count);
        Assert.Equal(2, tools.ToList().Count);
    }

    [Fact]
    public void The_set_is_fixed_once_built()
    {
        var tools = new BackgroundBuiltCollection<McpServerTool>(() => [Tool("a")]);

        var error = Assert.Throws<NotSupportedException>(() => tools.TryAdd(Tool("b")));

        Assert.Equal("the server's tools are fixed when it starts (--toolsets, --read-only)", error.Message);
        Assert.Throws<NotSupportedException>(() => tools.Remove(tools.Single()));
    }

    [Fact]
    public void A_failed_build_fails_every_read_with_its_own_exception()
    {
        var tools = new BackgroundBuiltCollection<McpServerTool>(() => throw new InvalidOperationException("schema for tool x"));

        Assert.Equal("schema for tool x", Assert.Throws<InvalidOperationException>(() => tools.ToArray()).Message);
        Assert.Equal("schema for tool x", Assert.Throws<InvalidOperationException>(() => tools.TryGetPrimitive("x", out _)).Message);
    }

    private static McpServerTool Tool(string name) => McpServerTool.Create(() => name, new McpServerToolCreateOptions { Name = name });
}
