using McpContext.Core.Drift.Scanners;

namespace McpContext.Core.Drift;

/// <summary>What the scanners read from a project's files: ports, services, CI workflows, and notes on what they could not read.</summary>
public sealed class RepositoryScan
{
    internal RepositoryScan(RepositoryFiles files, ScanSink sink, int scannedFiles)
    {
        Files = files;
        Ports = sink.Ports;
        Services = sink.Services;
        Workflows = sink.Workflows;
        Notes = sink.Notes;
        ScannedFiles = scannedFiles;
    }

    /// <summary>Every file of the project.</summary>
    public RepositoryFiles Files { get; }

    /// <summary>Ports stated by compose, Dockerfiles, nginx, Kubernetes, .NET settings, package.json, .env files and Procfiles.</summary>
    public IReadOnlyList<PortFact> Ports { get; }

    /// <summary>Services defined by name.</summary>
    public IReadOnlyList<ServiceFact> Services { get; }

    /// <summary>CI workflow and pipeline files.</summary>
    public IReadOnlyList<WorkflowFact> Workflows { get; }

    /// <summary>Files that could not be read or were not understood.</summary>
    public IReadOnlyList<ScanNote> Notes { get; }

    /// <summary>How many files a scanner read.</summary>
    public int ScannedFiles { get; }
}
