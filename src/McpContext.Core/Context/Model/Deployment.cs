using System.Text.Json;
using System.Text.Json.Serialization;
using McpContext.Toml;

namespace McpContext.Core.Context.Model;

/// <summary>How releases reach their targets: <c>[deployment]</c>.</summary>
public sealed record Deployment
{
    /// <summary>The deployment model (blue-green, rolling, canary, recreate, manual, ...).</summary>
    public string? Model { get; init; }

    /// <summary>Where it runs (kubernetes, docker-compose, systemd, ...).</summary>
    public string? Platform { get; init; }

    /// <summary>The environments or hosts deployed to.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>How a release is rolled back; a plain string reads as <see cref="Rollback.Command"/>.</summary>
    public Rollback? Rollback { get; init; }

    /// <summary>The health checks that gate a release; an array of paths reads as <see cref="HealthChecks.Paths"/>.</summary>
    public HealthChecks? HealthChecks { get; init; }

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    internal static Deployment Read(ModelReader r) => new()
    {
        Model = r.String("model"),
        Platform = r.String("platform"),
        Targets = r.Strings("targets"),
        Rollback = r.Raw("rollback") switch
        {
            null => null,
            string command => new Rollback { Command = command },
            TomlTable => Rollback.Read(r.Table("rollback")!),
            var other => r.Mismatch<Rollback>("rollback", "a command (string) or a [deployment.rollback] table", other),
        },
        HealthChecks = r.Raw("health_checks") switch
        {
            null => null,
            TomlArray => new HealthChecks { Paths = r.Strings("health_checks") },
            TomlTable => HealthChecks.Read(r.Table("health_checks")!),
            var other => r.Mismatch<HealthChecks>("health_checks", "an array of paths or a [deployment.health_checks] table", other),
        },
        Extra = r.Extra(),
    };
}

/// <summary>How a release is rolled back: <c>[deployment.rollback]</c>.</summary>
public sealed record Rollback
{
    /// <summary>Whether every release must be able to roll back.</summary>
    public bool? Required { get; init; }

    /// <summary>Whether rollback happens without a person.</summary>
    public bool? Automatic { get; init; }

    /// <summary>The repository script that rolls back.</summary>
    public string? Script { get; init; }

    /// <summary>The command that rolls back.</summary>
    public string? Command { get; init; }

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    internal static Rollback Read(ModelReader r) => new()
    {
        Required = r.Bool("required"),
        Automatic = r.Bool("automatic"),
        Script = r.String("script"),
        Command = r.String("command"),
        Extra = r.Extra(),
    };
}

/// <summary>The health checks that gate a release: <c>[deployment.health_checks]</c>.</summary>
public sealed record HealthChecks
{
    /// <summary>Whether no release may take traffic without passing them.</summary>
    public bool? Required { get; init; }

    /// <summary>The health-check path.</summary>
    public string? Path { get; init; }

    /// <summary>Several health-check paths.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Seconds between probes.</summary>
    public long? IntervalSeconds { get; init; }

    /// <summary>Seconds before a probe counts as failed.</summary>
    public long? TimeoutSeconds { get; init; }

    /// <summary>Passing probes in a row before the release counts as healthy.</summary>
    public long? ConsecutiveSuccesses { get; init; }

    /// <summary>What happens when a check fails (for example rollback, page, halt).</summary>
    public string? OnFailure { get; init; }

    /// <summary>Keys this model does not interpret.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; internal set; }

    internal static HealthChecks Read(ModelReader r) => new()
    {
        Required = r.Bool("required"),
        Path = r.String("path"),
        Paths = r.Strings("paths"),
        IntervalSeconds = r.Integer("interval_seconds"),
        TimeoutSeconds = r.Integer("timeout_seconds"),
        ConsecutiveSuccesses = r.Integer("consecutive_successes"),
        OnFailure = r.String("on_failure"),
        Extra = r.Extra(),
    };
}
