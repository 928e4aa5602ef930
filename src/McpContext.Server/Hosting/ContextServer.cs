using System.Reflection;
using McpContext.Server.Context;
using McpContext.Server.Json;
using McpContext.Server.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Hosting;

/// <summary>Builds the McpContext MCP server as a host, over whichever transport the caller adds (stdio, a stream pair).</summary>
public static class ContextServer
{
    /// <summary>The server's name in <c>initialize</c>.</summary>
    public const string Name = "mcpcontext";

    private const string Instructions =
        "McpContext serves this project's operational context (project-context.toml): focus, services and ports, deployment, CI, constraints, known issues, lessons, decisions. " +
        "Read it with context_get before changing deployment, CI or service configuration. Change it with context_update, passing the revision context_get returned; " +
        "on a conflict, re-read and apply the change again. Never put secrets in it.";

    /// <summary>
    /// A host running one MCP server with <paramref name="settings"/>; <paramref name="addTransport"/> adds the
    /// transport (for example <c>b =&gt; b.WithStdioServerTransport()</c>). Logs go to stderr only.
    /// </summary>
    /// <exception cref="ArgumentException">A toolset in <paramref name="settings"/> is unknown (check with <see cref="Toolsets.TryResolve"/> first).</exception>
    public static IHost Build(ServerSettings settings, Action<IMcpServerBuilder> addTransport)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(addTransport);
        if (!Toolsets.TryResolve(settings.Toolsets, out var toolsets, out var error))
        {
            throw new ArgumentException(error, nameof(settings));
        }

        // The empty builder reads no appsettings.json or environment: the server runs in other people's
        // projects and under clients (Codex) that pass almost no environment.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(settings.LogLevel);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ContextWorkspace>();
        builder.Services.AddSingleton<ResourceNotifier>();

        var mcp = builder.Services.AddMcpServer(options =>
        {
            options.ServerInfo = new Implementation { Name = Name, Version = Version };
            options.ServerInstructions = Instructions;
            options.Capabilities = new ServerCapabilities { Resources = new ResourcesCapability { Subscribe = true, ListChanged = true } };
        });
        foreach (var toolset in toolsets)
        {
            toolset.Register(mcp, ServerJson.Options);
        }

        // Prompts go here, as mcp.WithPrompts<T>(ServerJson.Options), one line per prompt class.
        mcp.WithContextResources().WithLedger().WithArgumentErrors();
        addTransport(mcp);

        if (settings.ReadOnly)
        {
            // Filtering by the annotation rather than by name: a tool that writes is dropped even within a toolset.
            builder.Services.PostConfigure<McpServerOptions>(options =>
            {
                foreach (var tool in options.ToolCollection?.Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint != true).ToList() ?? [])
                {
                    options.ToolCollection!.Remove(tool);
                }
            });
        }

        return builder.Build();
    }

    /// <summary>The version reported to clients: the assembly's informational version without the commit hash.</summary>
    public static string Version { get; } =
        typeof(ContextServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
