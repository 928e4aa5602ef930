using McpContext.Core.Knowledge;
using ModelContextProtocol.Server;

namespace McpContext.Server.Tools;

/// <summary>
/// More documents for <c>search</c> and <c>fetch</c> beyond the context's own sections and knowledge.
/// Each area that has searchable things registers one in the service collection.
/// </summary>
internal interface ISearchSource
{
    /// <summary>The documents this source offers now.</summary>
    Task<IReadOnlyList<SearchDocument>> DocumentsAsync(McpServer server, CancellationToken cancellationToken);
}
