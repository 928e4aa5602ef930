using System.Reflection;
using McpContext.Server.Context;
using McpContext.Server.Json;
using McpContext.Server.Prompts;
using McpContext.Server.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpContext.Server.Hosting;

/// <summary>
/// Builds the McpContext MCP server: as a host over whichever transport the caller adds (stdio, a stream pair),
/// or as services an HTTP endpoint creates one server per session from (<see cref="AddContextServer"/>).
/// </summary>
public static class ContextServer
{
    /// <summary>The server's name in <c>initialize</c>.</summary>
    public const string Name = "mcpcontext";

    private const string Instructions =
        "McpContext serves this project's operational context (project-context.toml): focus, services and ports, deployment, CI, constraints, known issues, lessons, decisions. " +
        "Read it with context_get before changing deployment, CI or service configuration. Change it with context_update, passing the revision context_get returned; " +
        "on a conflict, re-read and apply the change again. Never put secrets in it. " +
        "Before changing files or the context, check the change with validate_change (the files, a diff or a context patch) and respect its verdict.";

    /// <summary>
    /// A host running one MCP server with <paramref name="settings"/>; <paramref name="addTransport"/> adds the
    /// transport (for example <c>b =&gt; b.WithStdioServerTransport()</c>). Logs go to stderr only.
    /// </summary>
    /// <exception cref="ArgumentException">A toolset in <paramref name="settings"/> is unknown (check with <see cref="Toolsets.TryResolve"/> first).</exception>
    public static IHost Build(ServerSettings settings, Action<IMcpServerBuilder> addTransport)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(addTransport);

        // The empty builder reads no appsettings.json or environment: the server runs in other people's
        // projects and under clients (Codex) that pass almost no environment.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(settings.LogLevel);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        addTransport(builder.Services.AddContextServer(settings));
        return builder.Build();
    }

    /// <summary>
    /// Serves one MCP session over stdin/stdout until the client closes stdin or <paramref name="cancellationToken"/>
    /// fires. No generic host: a client starts a stdio server for every session, often per tool call, so the
    /// configuration, hosting and lifetime machinery it would load only delays the answer to <c>initialize</c>.
    /// Logs go to stderr only.
    /// </summary>
    /// <exception cref="ArgumentException">A toolset in <paramref name="settings"/> is unknown (check with <see cref="Toolsets.TryResolve"/> first).</exception>
    public static async Task RunStdioAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(settings.LogLevel));
        services.AddContextServer(settings);
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<McpServerOptions>>().Value;
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        await using var server = McpServer.Create(StdioTransport.Start(loggers), options, loggers, provider);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers one project's MCP server in <paramref name="services"/>, whatever the transport: server info,
    /// instructions, capabilities, toolsets, prompts, resources, argument errors and the read-only filter.
    /// The stdio host and each Streamable HTTP endpoint are built from this.
    /// </summary>
    /// <exception cref="ArgumentException">A toolset in <paramref name="settings"/> is unknown (check with <see cref="Toolsets.TryResolve"/> first).</exception>
    public static IMcpServerBuilder AddContextServer(this IServiceCollection services, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Toolsets.TryResolve(settings.Toolsets, out var toolsets, out var error))
        {
            throw new ArgumentException(error, nameof(settings));
        }

        services.AddSingleton(settings);
        services.AddSingleton<ContextWorkspace>();
        services.AddSingleton<ResourceNotifier>();

        var mcp = services.AddMcpServer(options =>
        {
            options.ServerInfo = new Implementation { Name = Name, Version = Version };
            options.ServerInstructions = Instructions;
            options.Capabilities = new ServerCapabilities { Resources = new ResourcesCapability { Subscribe = true, ListChanged = true } };
        });
        foreach (var toolset in toolsets)
        {
            toolset.Register(mcp, ServerJson.Options);
        }

        // Prompts only read, so every toolset and --read-only keep them.
        services.AddSingleton<ContextPrompts>();
        mcp.WithPrompts(ContextPrompts.All).WithContextResources().WithLedger().WithArgumentErrors();

        CreateToolsInBackground(services, settings.ReadOnly);
        return mcp;
    }

    /// <summary>
    /// Takes the tools the toolsets registered out of <paramref name="services"/> and has them created by a
    /// <see cref="BackgroundBuiltCollection{T}"/> instead, so the server answers <c>initialize</c> while they are
    /// built. <paramref name="readOnly"/> drops every tool not annotated read-only: by the annotation rather
    /// than by name, so a tool that writes is dropped even within a toolset. Every tool returns a finished
    /// result (<see cref="FinishedResultTool"/>).
    /// </summary>
    private static void CreateToolsInBackground(IServiceCollection services, bool readOnly)
    {
        var registered = services.Where(d => d.ServiceType == typeof(McpServerTool)).ToList();
        foreach (var descriptor in registered)
        {
            services.Remove(descriptor);
        }

        if (registered.Count == 0)
        {
            return;
        }

        services.AddOptions<McpServerOptions>().PostConfigure<IServiceProvider>((options, provider) =>
            options.ToolCollection = new BackgroundBuiltCollection<McpServerTool>(() => registered
                .Select(descriptor => descriptor.ImplementationInstance as McpServerTool
                    ?? descriptor.ImplementationFactory?.Invoke(provider) as McpServerTool
                    ?? throw new InvalidOperationException($"tool registered by type ({descriptor.ImplementationType}); register tools with WithTools<T>"))
                .Where(tool => !readOnly || tool.ProtocolTool.Annotations?.ReadOnlyHint == true)
                .Select(tool => new FinishedResultTool(tool))));
    }

    /// <summary>The version reported to clients: the assembly's informational version without the commit hash.</summary>
    public static string Version { get; } =
        typeof(ContextServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
