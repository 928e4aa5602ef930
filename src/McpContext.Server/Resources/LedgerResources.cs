using System.Text.Json;
using McpContext.Core.Knowledge;
using McpContext.Core.Ledger;
using McpContext.Server.Json;
using McpContext.Server.Ledger;
using McpContext.Server.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Resources;

/// <summary>
/// The task ledger's MCP surface that is not a tool: the resources <c>ledger://tasks</c> (every task)
/// and <c>ledger://tasks/{id}</c> (one task in full), subscribable, offered once the project has a
/// <c>tasks/</c> folder; and tasks as <c>search</c>/<c>fetch</c> documents. Added as request filters
/// around the context's own resource handlers, which handle every other URI.
/// </summary>
internal static class LedgerResources
{
    public const string ListUri = "ledger://tasks";

    private const string TaskPrefix = "ledger://tasks/";

    private const string Json = "application/json";

    public static IMcpServerBuilder WithLedger(this IMcpServerBuilder builder)
    {
        builder.Services.TryAddSingleton<LedgerWorkspace>();
        builder.Services.TryAddSingleton<LedgerNotifier>();
        builder.Services.AddSingleton<ISearchSource, TaskSearchSource>();
        return builder.WithRequestFilters(filters => filters
            .AddListResourcesFilter(next => async (request, cancellationToken) =>
            {
                var result = await next(request, cancellationToken).ConfigureAwait(false);
                if (request.Params?.Cursor is null && await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false) is { } ledger)
                {
                    var snapshot = ledger.Read();
                    result.Resources.Add(new Resource { Uri = ListUri, Name = "tasks", Description = "every task in the ledger with its state", MimeType = Json });
                    foreach (var task in snapshot.Tasks)
                    {
                        result.Resources.Add(new Resource { Uri = TaskSearch.Url(task.Id), Name = $"tasks/{task.Id}", Description = task.Spec.Title, MimeType = Json });
                    }
                }

                return result;
            })
            .AddListResourceTemplatesFilter(next => async (request, cancellationToken) =>
            {
                var result = await next(request, cancellationToken).ConfigureAwait(false);
                if (request.Params?.Cursor is null && await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false) is not null)
                {
                    result.ResourceTemplates.Add(new ResourceTemplate { UriTemplate = TaskPrefix + "{id}", Name = "task", Description = "one task of the ledger by its id: spec, state, claim, evidence, reviews, history", MimeType = Json });
                }

                return result;
            })
            .AddReadResourceFilter(next => async (request, cancellationToken) =>
            {
                var uri = request.Params?.Uri ?? "";
                if (!uri.StartsWith("ledger://", StringComparison.Ordinal))
                {
                    return await next(request, cancellationToken).ConfigureAwait(false);
                }

                var ledger = await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false);
                var text = ledger is null ? null : Read(ledger.Read(), uri);
                return text is null
                    ? throw NotFound(request.Server, uri)
                    : new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = Json, Text = text }] };
            })
            .AddSubscribeToResourcesFilter(next => async (request, cancellationToken) =>
            {
                var uri = request.Params?.Uri ?? "";
                if (!uri.StartsWith("ledger://", StringComparison.Ordinal))
                {
                    return await next(request, cancellationToken).ConfigureAwait(false);
                }

                await OpenAsync(request.Server, cancellationToken).ConfigureAwait(false);
                Notifier(request.Server).Subscribe(request.Server, uri);
                return new EmptyResult();
            })
            .AddUnsubscribeFromResourcesFilter(next => async (request, cancellationToken) =>
            {
                var uri = request.Params?.Uri ?? "";
                if (!uri.StartsWith("ledger://", StringComparison.Ordinal))
                {
                    return await next(request, cancellationToken).ConfigureAwait(false);
                }

                Notifier(request.Server).Unsubscribe(request.Server, uri);
                return new EmptyResult();
            }));
    }

    /// <summary>The content of a ledger URI as JSON, or null when there is no such resource.</summary>
    public static string? Read(LedgerSnapshot snapshot, string uri)
    {
        if (uri == ListUri)
        {
            var all = snapshot.Tasks.Select(TaskOutputs.Summary).ToList();
            var output = new TaskListOutput(all, all.Count, [.. snapshot.LedgerDiagnostics.Select(TaskOutputs.Diagnostic)], null);
            return JsonSerializer.Serialize(output, ServerJsonContext.Default.TaskListOutput);
        }

        return uri.StartsWith(TaskPrefix, StringComparison.Ordinal) && snapshot.Find(Uri.UnescapeDataString(uri[TaskPrefix.Length..])) is { } task
            ? JsonSerializer.Serialize(TaskOutputs.Detail(task, snapshot), ServerJsonContext.Default.TaskDetailOutput)
            : null;
    }

    /// <summary>The ledger, once the project has a tasks folder; null before (no ledger resources are offered then).</summary>
    private static async Task<TaskLedger?> OpenAsync(McpServer server, CancellationToken cancellationToken)
    {
        Notifier(server).Attach(server);
        var ledger = await server.Services!.GetRequiredService<LedgerWorkspace>().GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
        return Directory.Exists(ledger.TasksDirectory) ? ledger : null;
    }

    private static LedgerNotifier Notifier(McpServer server) => server.Services!.GetRequiredService<LedgerNotifier>();

    private static McpProtocolException NotFound(McpServer server, string uri)
    {
        // Protocol revisions up to 2025-11-25 say -32002; later ones say -32602 (invalid params).
        var code = string.CompareOrdinal(server.NegotiatedProtocolVersion, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound;
        return new McpProtocolException($"Resource not found: {uri} (see resources/list and resources/templates/list)", code);
    }

    /// <summary>Tasks as search documents.</summary>
    private sealed class TaskSearchSource(LedgerWorkspace workspace) : ISearchSource
    {
        public async Task<IReadOnlyList<SearchDocument>> DocumentsAsync(McpServer server, CancellationToken cancellationToken)
        {
            var ledger = await workspace.GetLedgerAsync(server, cancellationToken).ConfigureAwait(false);
            return TaskSearch.Documents(ledger.Read());
        }
    }
}
