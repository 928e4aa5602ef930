using System.Net;

namespace McpContext.Server.Tests;

/// <summary>Session lifetime over HTTP: idle pruning, the session limit, and the stateless mode.</summary>
public sealed class HttpSessionTests
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Get(LoopbackHttpServer server, string session) =>
        new(HttpMethod.Get, server.Endpoint) { Headers = { { "Mcp-Session-Id", session }, { "Accept", "text/event-stream" } } };

    [Fact]
    public async Task A_session_idle_past_the_timeout_is_ended_and_then_unknown()
    {
        using var project = new TempProject(TempProject.Example);
        var clock = new ManualClock();
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { TimeProvider = clock, SessionIdleTimeout = TimeSpan.FromMinutes(30) });
        var idle = await server.StartSessionAsync();
        var recent = await server.StartSessionAsync();

        clock.Advance(TimeSpan.FromMinutes(20));
        using (await server.PostAsync(ToolsList, recent))
        {
        }

        clock.Advance(TimeSpan.FromMinutes(11));
        await server.StartSessionAsync();
        using var afterwards = await server.PostAsync(ToolsList, idle);
        using var stillThere = await server.PostAsync(ToolsList, recent);

        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task A_session_with_an_open_get_stream_is_not_idle()
    {
        using var project = new TempProject(TempProject.Example);
        var clock = new ManualClock();
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { TimeProvider = clock });
        var listening = await server.StartSessionAsync();
        using var stream = await server.Http.SendAsync(Get(server, listening), HttpCompletionOption.ResponseHeadersRead, Cancel);

        clock.Advance(TimeSpan.FromHours(2));
        await server.StartSessionAsync();
        using var response = await server.PostAsync(ToolsList, listening);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (stream.StatusCode, response.StatusCode));
    }

    [Fact]
    public async Task At_the_session_limit_the_longest_idle_session_makes_room()
    {
        using var project = new TempProject(TempProject.Example);
        var clock = new ManualClock();
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { TimeProvider = clock, MaxSessions = 2 });
        var oldest = await server.StartSessionAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await server.StartSessionAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await server.StartSessionAsync();

        using var a = await server.PostAsync(ToolsList, oldest);
        using var b = await server.PostAsync(ToolsList, second);
        using var c = await server.PostAsync(ToolsList, third);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK), (a.StatusCode, b.StatusCode, c.StatusCode));
    }

    [Fact]
    public async Task When_every_session_is_busy_a_new_one_is_503()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { MaxSessions = 1 });
        var busy = await server.StartSessionAsync();
        using var stream = await server.Http.SendAsync(Get(server, busy), HttpCompletionOption.ResponseHeadersRead, Cancel);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Service Unavailable: 1 sessions are busy, the most this server keeps (--max-sessions); try again later", (await HttpErrorTests.ErrorOf(response)).Message);
    }

    [Fact]
    public async Task Stateless_answers_each_post_on_its_own_and_promises_no_notifications()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { Stateless = true });
        await using var client = await server.ConnectAsync();

        var port = await client.CallOkAsync("context_get", new { path = "services.green.port" });
        using var initialize = await server.PostAsync(LoopbackHttpServer.Initialize);
        using var withoutInitialize = await server.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"context_get","arguments":{"path":"services.blue.port"}}}""");

        Assert.Equal(3002, (int)port["value"]!);
        Assert.Equal((false, false), (client.ServerCapabilities.Resources!.Subscribe == true, client.ServerCapabilities.Resources.ListChanged == true));
        Assert.False(initialize.Headers.Contains("Mcp-Session-Id"));
        Assert.Equal(HttpStatusCode.OK, withoutInitialize.StatusCode);
        Assert.Equal(3001, (int)(await LoopbackHttpServer.EventAsync(withoutInitialize))["result"]!["structuredContent"]!["value"]!);
    }

    [Theory]
    [InlineData("GET", "Method Not Allowed: this server is stateless (--stateless); it keeps no sessions and has no GET stream")]
    [InlineData("DELETE", "Method Not Allowed: this server is stateless (--stateless); it keeps no sessions to delete")]
    public async Task Stateless_has_no_get_stream_and_nothing_to_delete(string method, string message)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { Stateless = true });

        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), server.Endpoint) { Headers = { { "Accept", "text/event-stream" } } }, Cancel);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal(message, (await HttpErrorTests.ErrorOf(response)).Message);
    }

    [Fact]
    public async Task Stateless_refuses_initialize_params_that_are_not_initialize_params()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { Stateless = true });

        using var response = await server.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":7}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Invalid params: initialize needs params {protocolVersion, capabilities, clientInfo}: ", (await HttpErrorTests.ErrorOf(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stateless_refuses_a_session_id()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { Stateless = true });

        using var response = await server.PostAsync(ToolsList, "some-session");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad Request: this server is stateless and keeps no sessions; send requests without Mcp-Session-Id", (await HttpErrorTests.ErrorOf(response)).Message);
    }
}
