using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Prompts;

/// <summary>
/// One prompt, declared as data instead of through the SDK's attributed methods. The server must have its
/// prompts before it can answer <c>initialize</c> (it reads them while it is constructed), and creating
/// attributed ones reflects over the methods and builds JSON schemas first: the largest part of a cold
/// start that has no other use, since prompt arguments are always strings.
/// </summary>
/// <param name="protocolPrompt">What <c>prompts/list</c> shows: name, title, description, arguments.</param>
/// <param name="get">Builds the prompt from its arguments (every required one present) with the server's <see cref="ContextPrompts"/>.</param>
internal sealed class ContextPrompt(Prompt protocolPrompt, Func<ContextPrompts, McpServer, PromptArguments, CancellationToken, Task<GetPromptResult>> get) : McpServerPrompt
{
    public override Prompt ProtocolPrompt { get; } = protocolPrompt;

    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <summary>Refuses missing required arguments and arguments that are not strings with invalid-params naming them: a prompt has no error result of its own.</summary>
    public override async ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var given = request.Params?.Arguments;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in ProtocolPrompt.Arguments ?? [])
        {
            if (given is null || !given.TryGetValue(argument.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            values[argument.Name] = value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw Invalid($"argument {argument.Name}: expected a string, got {value.ValueKind.ToString().ToLowerInvariant()}; prompt arguments are strings");
        }

        var missing = ProtocolPrompt.Arguments?.Where(a => a.Required == true && !values.ContainsKey(a.Name)).Select(a => a.Name).ToList() ?? [];
        if (missing.Count > 0)
        {
            throw Invalid($"argument {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} required and missing");
        }

        var prompts = (request.Services ?? request.Server.Services)!.GetRequiredService<ContextPrompts>();
        return await get(prompts, request.Server, new PromptArguments(values), cancellationToken).ConfigureAwait(false);
    }

    private McpProtocolException Invalid(string problem) => new($"prompt {ProtocolPrompt.Name}: {problem}", McpErrorCode.InvalidParams);
}

/// <summary>A prompt's string arguments, every required one present.</summary>
internal sealed class PromptArguments(IReadOnlyDictionary<string, string> values)
{
    /// <summary>A required argument (checked before the prompt runs).</summary>
    public string this[string name] => values[name];

    /// <summary>An optional argument, or null.</summary>
    public string? Optional(string name) => values.GetValueOrDefault(name);
}
