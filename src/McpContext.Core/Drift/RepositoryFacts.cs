namespace McpContext.Core.Drift;

/// <summary>What a port fact says about its port, from the strongest claim about where a service is reached to the weakest.</summary>
public enum PortRole
{
    /// <summary>A port published on the host (compose <c>ports:</c>, a Kubernetes nodePort).</summary>
    Published,

    /// <summary>A port in a Kubernetes Service (<c>port</c>, <c>targetPort</c>) or container spec (<c>containerPort</c>): in a cluster, all of them name the service.</summary>
    Cluster,

    /// <summary>An nginx <c>listen</c>.</summary>
    Listen,

    /// <summary>A port nginx sends traffic to (<c>upstream</c> servers, <c>proxy_pass</c>).</summary>
    Upstream,

    /// <summary>A URL the process binds (.NET <c>applicationUrl</c>, <c>Urls</c>, Kestrel endpoints).</summary>
    Url,

    /// <summary>A port in a command line (package.json scripts, Procfile entries).</summary>
    Command,

    /// <summary>A <c>PORT=</c> style setting in a .env file.</summary>
    Environment,

    /// <summary>A port inside a container that compose or a Dockerfile states (<c>EXPOSE</c>, a compose target or <c>expose:</c>).</summary>
    Container,
}

/// <summary>A port some file states.</summary>
/// <param name="Port">The port number.</param>
/// <param name="Role">What kind of statement it is.</param>
/// <param name="Service">The name the file gives the thing listening (compose service, upstream, project directory), when it gives one.</param>
/// <param name="Evidence">Where it was read.</param>
public sealed record PortFact(long Port, PortRole Role, string? Service, Evidence Evidence);

/// <summary>A service some file defines by name: a compose service, a Kubernetes workload or Service, a Procfile process, nginx itself.</summary>
/// <param name="Name">Its name in that file.</param>
/// <param name="Source">compose, kubernetes, procfile or nginx.</param>
/// <param name="Evidence">Where it was read.</param>
public sealed record ServiceFact(string Name, string Source, Evidence Evidence);

/// <summary>A job in a CI file and the runner labels it asks for.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Labels">The labels (<c>runs-on</c>, GitLab <c>tags</c>); empty when none or only expressions.</param>
/// <param name="Line">The 1-based line of its labels, or of the job.</param>
public sealed record CiJob(string Id, IReadOnlyList<string> Labels, int Line);

/// <summary>A CI workflow or pipeline file.</summary>
/// <param name="System">github-actions or gitlab-ci.</param>
/// <param name="Path">The file, relative to the project root.</param>
/// <param name="Name">Its <c>name:</c>, when it has one.</param>
/// <param name="Triggers">The events that start it (GitHub <c>on:</c>).</param>
/// <param name="Jobs">Its jobs.</param>
/// <param name="Evidence">Where it was read (the file, or the <c>include:</c> line that names it).</param>
public sealed record WorkflowFact(string System, string Path, string? Name, IReadOnlyList<string> Triggers, IReadOnlyList<CiJob> Jobs, Evidence Evidence);

/// <summary>Something a scan could not read or did not understand; reported, never fatal.</summary>
/// <param name="File">The file, relative to the project root; null for notes about the project as a whole.</param>
/// <param name="Line">The 1-based line, or 0.</param>
/// <param name="Message">What was odd and what it means for the result.</param>
public sealed record ScanNote(string? File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => File is null ? Message : Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
