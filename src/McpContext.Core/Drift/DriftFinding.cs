using McpContext.Core.Context;

namespace McpContext.Core.Drift;

/// <summary>The kinds of disagreement drift reports, as they appear in every finding.</summary>
public static class DriftKinds
{
    /// <summary>A listed workflow file does not exist.</summary>
    public const string WorkflowMissing = "workflow_missing";

    /// <summary>A listed workflow file was renamed in git.</summary>
    public const string WorkflowRenamed = "workflow_renamed";

    /// <summary>A workflow file exists that the context does not list.</summary>
    public const string WorkflowUnlisted = "workflow_unlisted";

    /// <summary><c>ci.pipeline</c> names a CI system whose files are absent while another's are present.</summary>
    public const string CiPipeline = "ci_pipeline";

    /// <summary>Jobs ask for runner labels <c>ci.runner</c> does not mention, or it claims self-hosted runners no job uses.</summary>
    public const string RunnerLabels = "runner_labels";

    /// <summary>A service's port disagrees with the files that define it.</summary>
    public const string PortMismatch = "port_mismatch";

    /// <summary>nginx sends a service's traffic to another port than the context gives it.</summary>
    public const string UpstreamMismatch = "upstream_mismatch";

    /// <summary>nginx sends traffic to a port no service in the context has.</summary>
    public const string UpstreamUnknown = "upstream_unknown";

    /// <summary>No file mentions a service the context lists.</summary>
    public const string ServiceUnmentioned = "service_unmentioned";

    /// <summary>A file defines a service the context does not list.</summary>
    public const string ServiceUnlisted = "service_unlisted";

    /// <summary>A path the context names (service paths, knowledge paths, the rollback script) matches no file.</summary>
    public const string PathMissing = "path_missing";

    /// <summary>A path the context names was renamed in git.</summary>
    public const string PathRenamed = "path_renamed";
}

/// <summary>One disagreement between the context and the repository.</summary>
/// <param name="Kind">One of <see cref="DriftKinds"/>.</param>
/// <param name="Key">The context key it is about (<c>services.blue.port</c>, <c>ci.workflows[1]</c>).</param>
/// <param name="Message">What disagrees, in a sentence naming both sides.</param>
/// <param name="Evidence">The files and lines that say otherwise (or, for a missing path, what was searched).</param>
/// <param name="Operations">The <c>context_update</c> operations that make the context agree with the repository; empty when only the repository can be fixed.</param>
public sealed record DriftFinding(string Kind, string Key, string Message, IReadOnlyList<Evidence> Evidence, IReadOnlyList<ContextOperation> Operations)
{
    /// <summary>The line of <see cref="Key"/> (or of the nearest table above it) in the context file; 0 when the file has none.</summary>
    public int KeyLine { get; init; }
}
