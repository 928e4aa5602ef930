using McpContext.Core.Context;
using McpContext.Server.Context;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Resources;

/// <summary>
/// The MCP resource handlers. Resources are computed from the current file on each request (the set of
/// sections and items changes with it), so they are handlers rather than attributed methods.
/// </summary>
internal static class ContextResources
{
    private const string Json = "application/json";

    public static IMcpServerBuilder WithContextResources(this IMcpServerBuilder builder) => builder
        .WithListResourcesHandler(ListAsync)
        .WithListResourceTemplatesHandler(ListTemplatesAsync)
        .WithReadResourceHandler(ReadAsync)
        .WithSubscribeToResourcesHandler(SubscribeAsync)
        .WithUnsubscribeFromResourcesHandler(UnsubscribeAsync);

    private static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false);
        var entries = ContextResourceMap.Entries(store.Read().Model);
        return new ListResourcesResult
        {
            Resources = [.. entries.Select(e => new Resource { Uri = e.Key, Name = e.Key["context://".Length..], Description = ContextResourceMap.Describe(e.Key, e.Value), MimeType = Json })],
        };
    }

    private static async ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken cancellationToken)
    {
        await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false);
        return new ListResourceTemplatesResult
        {
            ResourceTemplates = [.. ContextResourceMap.KnowledgeKinds.Select(kind => new ResourceTemplate
            {
                UriTemplate = $"context://{kind}/{{id}}",
                Name = kind,
                Description = $"one item of [[{kind}]] by its id",
                MimeType = Json,
            })],
        };
    }

    private static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri ?? "";
        var store = await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false);
        var text = ContextResourceMap.Read(store.Read().Model, uri) ?? throw NotFound(request.Server, uri);
        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = Json, Text = text }] };
    }

    private static async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false);
        Notifier(request.Server).Subscribe(request.Server, request.Params?.Uri ?? "");
        return new EmptyResult();
    }

    private static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        Notifier(request.Server).Unsubscribe(request.Server, request.Params?.Uri ?? "");
        return ValueTask.FromResult(new EmptyResult());
    }

    private static Task<ContextStore> OpenAsync(McpServer server, CancellationToken cancellationToken)
    {
        Notifier(server).Attach(server);
        return server.Services!.GetRequiredService<ContextWorkspace>().GetStoreAsync(server, cancellationToken);
    }

    private static ResourceNotifier Notifier(McpServer server) => server.Services!.GetRequiredService<ResourceNotifier>();

    private static McpProtocolException NotFound(McpServer server, string uri)
    {
        // Protocol revisions up to 2025-11-25 say -32002; later ones say -32602 (invalid params).
        var code = string.CompareOrdinal(server.NegotiatedProtocolVersion, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound;
        return new McpProtocolException($"Resource not found: {uri} (see resources/list and resources/templates/list)", code);
    }
}
