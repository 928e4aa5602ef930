using System.ComponentModel;
using System.Globalization;
using McpContext.Core.Context;
using McpContext.Core.Knowledge;
using McpContext.Server.Context;
using McpContext.Server.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// The <c>search</c> toolset: <c>search</c> and <c>fetch</c> in exactly the shapes ChatGPT connectors and
/// deep research require, over the context's sections, known issues, lessons and decisions.
/// </summary>
[McpServerToolType]
internal sealed class SearchTools(ContextWorkspace workspace, IEnumerable<ISearchSource> sources)
{
    private const int MaxResults = 10;

    [McpServerTool(Name = "search", Title = "Search the project context", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(SearchOutput))]
    [Description("Searches the project's operational context (sections, known issues, lessons learned, decisions, and tasks when there are any) and returns the best matches as {results: [{id, title, url}]}. Pass an id to fetch for the full text.")]
    public async Task<CallToolResult> Search(
        McpServer server,
        [Description("words describing what you look for, e.g. 'build does not start after tag'")] string query,
        CancellationToken cancellationToken = default)
    {
        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var hits = ContextSearch.Search(await DocumentsAsync(server, store.Read(), cancellationToken).ConfigureAwait(false), query ?? "", MaxResults);
        var results = hits.Select(h => new SearchResultOutput(h.Document.Id, h.Document.Title, h.Document.Url)).ToList();
        var text = results.Count == 0
            ? $"nothing in the project context matches '{query}'"
            : string.Join("\n", results.Select(r => $"{r.Id}: {r.Title}"));
        return ToolResults.Success(new SearchOutput(results), ServerJsonContext.Default.SearchOutput, text);
    }

    [McpServerTool(Name = "fetch", Title = "Fetch a part of the project context", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(FetchOutput))]
    [Description("Returns one part of the project context by the id search gave (section/services, known_issues/KI-001, lessons/L-002, decisions/D-001, tasks/T-261121-k3m9qz7p) as {id, title, text, url, metadata}.")]
    public async Task<CallToolResult> Fetch(
        McpServer server,
        [Description("an id from search, e.g. known_issues/KI-001 or section/deployment")] string id,
        CancellationToken cancellationToken = default)
    {
        var store = await workspace.GetStoreAsync(server, cancellationToken).ConfigureAwait(false);
        var snapshot = store.Read();
        var wanted = (id ?? "").Trim().Replace("context://", "", StringComparison.Ordinal).Replace("ledger://", "", StringComparison.Ordinal);
        var documents = await DocumentsAsync(server, snapshot, cancellationToken).ConfigureAwait(false);
        if (documents.FirstOrDefault(d => d.Id == wanted) is not { } document)
        {
            var examples = string.Join(", ", documents.Take(4).Select(d => d.Id));
            return ToolResults.InvalidArgument("id", $"no part of the context has id '{id}'; ids look like {(examples.Length == 0 ? "section/services" : examples)}; call search to find one");
        }

        var metadata = new Dictionary<string, string>(document.Metadata, StringComparer.Ordinal) { ["revision"] = snapshot.Revision };
        return ToolResults.Success(new FetchOutput(document.Id, document.Title, document.Text, document.Url, metadata), ServerJsonContext.Default.FetchOutput,
            string.Create(CultureInfo.InvariantCulture, $"{document.Title}\n\n{document.Text}"));
    }

    /// <summary>The context's own documents, then those of every other source (tasks).</summary>
    private async Task<IReadOnlyList<SearchDocument>> DocumentsAsync(McpServer server, ContextSnapshot snapshot, CancellationToken cancellationToken)
    {
        var documents = new List<SearchDocument>(Documents(snapshot));
        foreach (var source in sources)
        {
            documents.AddRange(await source.DocumentsAsync(server, cancellationToken).ConfigureAwait(false));
        }

        return documents;
    }

    private static IReadOnlyList<SearchDocument> Documents(ContextSnapshot snapshot) =>
        SnapshotMemo.GetOrAdd(snapshot, "search documents", () => ContextSearch.Documents(snapshot.Model));
}
