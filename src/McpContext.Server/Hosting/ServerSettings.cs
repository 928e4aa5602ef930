using Microsoft.Extensions.Logging;

namespace McpContext.Server.Hosting;

/// <summary>How one MCP server instance is set up: where the project is, which tools it offers, how much it logs.</summary>
public sealed record ServerSettings
{
    /// <summary>The project root given on the command line; null means discover it (client roots, then the working directory).</summary>
    public string? Root { get; init; }

    /// <summary>Where root discovery starts when no <see cref="Root"/> is given and the client offers no roots.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The toolsets to offer, by name; null means <see cref="Toolsets.Defaults"/>.</summary>
    public IReadOnlyList<string>? Toolsets { get; init; }

    /// <summary>Offer no tool that writes (every tool without the read-only annotation is dropped).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The least severe log level written to stderr.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How long to wait for the client's answer to <c>roots/list</c> before falling back to the working directory.</summary>
    public TimeSpan RootsTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
