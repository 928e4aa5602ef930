namespace McpContext.Server.Tests;

/// <summary>
/// Watches the SDK client's HTTP traffic for the moment its GET event stream is open: the server drops
/// notifications sent before then (the transport has nowhere to put them), so a test waits for it.
/// </summary>
internal sealed class GetStreamWatch() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Open => _open.Task;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Get && response.IsSuccessStatusCode)
        {
            _open.TrySetResult();
        }

        return response;
    }
}
