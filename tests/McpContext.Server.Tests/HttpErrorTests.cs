using System.Net;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpContext.Server.Tests;

/// <summary>Wrong requests get the status the Streamable HTTP transport prescribes and a JSON-RPC error saying what to do, and the server stays up.</summary>
public sealed class HttpErrorTests
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":7,"method":"tools/list"}""";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The JSON-RPC error of a refused request: its code, message and id.</summary>
    internal static async Task<(int Code, string Message, JsonNode? Id)> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal("2.0", (string?)body["jsonrpc"]);
        return ((int)body["error"]!["code"]!, (string)body["error"]!["message"]!, body["id"]);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData(null)]
    public async Task A_post_that_does_not_accept_both_json_and_event_streams_is_406(string? accept)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r =>
        {
            r.Headers.Accept.Clear();
            if (accept is not null)
            {
                r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }
        });

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal((-32000, "Not Acceptable: the Accept header must list both application/json and text/event-stream"), (error.Code, error.Message));
    }

    [Fact]
    public async Task A_get_that_does_not_accept_an_event_stream_is_406()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        var session = await server.StartSessionAsync();

        using var response = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Endpoint) { Headers = { { "Mcp-Session-Id", session }, { "Accept", "application/json" } } }, Cancel);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("Not Acceptable: the Accept header must list text/event-stream", (await ErrorOf(response)).Message);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400_with_a_parse_error_saying_where()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync("{\"jsonrpc\":\"2.0\",\n \"id\": 1,, }");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, message, id) = await ErrorOf(response);
        Assert.Equal(-32700, code);
        Assert.Equal("Parse error: the body is not valid JSON: ',' is an invalid start of a property name. Expected a '\"'. (line 2, byte 10)", message);
        Assert.Null(id);
    }

    [Theory]
    [InlineData("""{"hello":"world"}""", "Invalid Request: the body is JSON but not one JSON-RPC 2.0 message: ")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", "Invalid Request: the body is JSON but not one JSON-RPC 2.0 message (batches are not accepted; send one message per request): ")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""", "Invalid Request: the body is JSON but not one JSON-RPC 2.0 message: ")]
    public async Task Json_that_is_not_one_json_rpc_message_is_400_invalid_request(string body, string message)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal(-32600, error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_with_params_that_are_not_initialize_params_is_400_invalid_params()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":"nope"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        var (code, message, id) = await ErrorOf(response);
        Assert.Equal((-32602, 1), (code, (int)id!));
        Assert.StartsWith("Invalid params: initialize needs params {protocolVersion, capabilities, clientInfo}: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_415()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, configure: r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Unsupported Media Type: the body must be a JSON-RPC message with Content-Type application/json", (await ErrorOf(response)).Message);
    }

    [Fact]
    public async Task A_request_without_a_session_that_is_not_initialize_is_400_and_keeps_its_id()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(ToolsList);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, message, id) = await ErrorOf(response);
        Assert.Equal((-32000, 7), (code, (int)id!));
        Assert.Equal("Bad Request: the Mcp-Session-Id header is required on every request but initialize; send initialize first and use the Mcp-Session-Id its response carries", message);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task An_unknown_session_is_404_so_that_clients_start_a_new_one(string method)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        await server.StartSessionAsync();

        using var response = await server.Http.SendAsync(Request(method, server, "not-a-session"), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var (code, message, _) = await ErrorOf(response);
        Assert.Equal(-32001, code);
        Assert.Equal("Not Found: the session in Mcp-Session-Id does not exist (it ended, was deleted, or never began); start a new one with initialize", message);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task A_get_or_delete_without_a_session_is_400(string method)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.Http.SendAsync(Request(method, server, null), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad Request: the Mcp-Session-Id header is required; send initialize first and use the Mcp-Session-Id its response carries", (await ErrorOf(response)).Message);
    }

    [Theory]
    [InlineData("POST", "2024-11-05")]
    [InlineData("POST", "2026-07-28")]
    [InlineData("GET", "2025-13-01")]
    [InlineData("DELETE", "latest")]
    public async Task An_unsupported_protocol_version_header_is_400(string method, string version)
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        var session = await server.StartSessionAsync();
        var request = Request(method, server, session);
        request.Headers.Add("MCP-Protocol-Version", version);

        using var response = await server.Http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"Bad Request: unsupported MCP-Protocol-Version '{version}'; this server speaks 2025-03-26, 2025-06-18, 2025-11-25", (await ErrorOf(response)).Message);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_declared_or_chunked()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(LoopbackHttpServer.Settings(project.Root) with { MaxRequestBytes = 4096 });
        var session = await server.StartSessionAsync();
        var big = """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"QUERY"}}}""".Replace("QUERY", new string('x', 5000), StringComparison.Ordinal);

        using var declared = await server.PostAsync(big, session);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(big), Cancel);
        await pipe.Writer.CompleteAsync();
        using var chunked = await server.PostAsync(big, session, r => r.Content = new StreamContent(pipe.Reader.AsStream()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        using var small = await server.PostAsync(ToolsList, session);

        Assert.Null(chunked.RequestMessage!.Content!.Headers.ContentLength);
        foreach (var response in new[] { declared, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("Content Too Large: this server accepts request bodies of at most 4096 bytes (--max-request-bytes)", (await ErrorOf(response)).Message);
        }

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task Other_methods_are_405_naming_the_allowed_ones()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, server.Endpoint), Cancel);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST", "DELETE"], response.Content.Headers.Allow);
        Assert.Equal("Method Not Allowed: PUT; an MCP endpoint takes POST, GET and DELETE", (await ErrorOf(response)).Message);
    }

    [Fact]
    public async Task A_path_that_is_no_endpoint_is_404_naming_the_endpoints()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);

        using var response = await server.PostAsync(LoopbackHttpServer.Initialize, endpoint: new Uri(server.Endpoint, "/sse"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found: no MCP endpoint at '/sse'; this server's endpoints: /mcp", (await ErrorOf(response)).Message);
    }

    [Fact]
    public async Task A_session_has_one_get_stream_and_a_second_is_409()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        var session = await server.StartSessionAsync();

        using var first = await server.Http.SendAsync(Request("GET", server, session), HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var second = await server.Http.SendAsync(Request("GET", server, session), Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/event-stream", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Conflict: this session already has its GET stream, and a session has only one; start a new session to listen again", (await ErrorOf(second)).Message);
    }

    [Fact]
    public async Task The_server_stays_up_through_every_wrong_request()
    {
        using var project = new TempProject(TempProject.Example);
        await using var server = await LoopbackHttpServer.StartAsync(project.Root);
        string[] garbage = ["", "null", "{", "[]", "42", "\"x\"", "{} {}", """{"jsonrpc":"2.0","id":{},"method":"ping"}""", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":"nope"}""", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":7}}"""];

        var statuses = new List<HttpStatusCode>();
        foreach (var body in garbage)
        {
            using var response = await server.PostAsync(body);
            statuses.Add(response.StatusCode);
            await response.Content.ReadAsStringAsync(Cancel);
        }

        await using var client = await server.ConnectAsync();
        Assert.Equal(3002, (int)(await client.CallOkAsync("context_get", new { path = "services.green.port" }))["value"]!);
        Assert.Equal([HttpStatusCode.BadRequest], statuses.Distinct());
    }

    private static HttpRequestMessage Request(string method, LoopbackHttpServer server, string? session)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), server.Endpoint);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        if (method == "POST")
        {
            request.Content = new StringContent(ToolsList, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
