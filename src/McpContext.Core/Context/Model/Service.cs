using System.Text.Json;
using System.Text.Json.Serialization;
using McpContext.Toml;

namespace McpContext.Core.Context.Model;

/// <summary>A service the project runs: <c>[services.NAME]</c>, or the short form <c>NAME = PORT</c>.</summary>
public sealed record Service
{
    /// <summary>The port it listens on.</summary>
    public long? Port { get; init; }

    /// <summary>The protocol spoken on the port (http, grpc, streamable-http, ...).</summary>
    public string? Protocol { get; init; }

    /// <summary>The address it binds to, when that matters (for example 127.0.0.1).</summary>
    public string? Bind { get; init; }

    /// <summary>The health-check path.</summary>
    public string? Health { get; init; }

    /// <summary>Who owns it.</summary>
    public string? Owner { get; init; }

    /// <summary>Whether it runs yet (for example planned, active, retired).</summary>
    public string? Status { get; init; }

    /// <summary>What it does.</summary>
    public string? Description { get; init; }

    /// <summary>Repository paths (globs) that make up or configure the service.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    /// <summary>Where the port is written: <c>services.NAME</c> in the short form, <c>services.NAME.port</c> in the rich form.</summary>
    internal TomlPath? PortPath { get; init; }

    internal static IReadOnlyDictionary<string, Service> ReadAll(ModelReader root)
    {
        var services = new OrderedDictionary<string, Service>(StringComparer.Ordinal);
        if (root.Table("services") is not { } table)
        {
            return services;
        }

        foreach (var (name, value) in (TomlTable)root.Raw("services")!)
        {
            switch (value)
            {
                case long port:
                    services[name] = new Service { Port = port, PortPath = table.At.Append(name) };
                    table.Raw(name);
                    break;
                case TomlTable:
                    services[name] = Read(table.Table(name)!);
                    break;
                default:
                    table.Mismatch<object>(name, "a port (integer) or a [services." + name + "] table", value);
                    table.Raw(name);
                    break;
            }
        }

        return services;
    }

    private static Service Read(ModelReader r) => new()
    {
        Port = r.Integer("port"),
        PortPath = r.At.Append("port"),
        Protocol = r.String("protocol"),
        Bind = r.String("bind"),
        Health = r.String("health"),
        Owner = r.String("owner"),
        Status = r.String("status"),
        Description = r.String("description"),
        Paths = r.Strings("paths"),
        Extra = r.Extra(),
    };
}
