using System.Globalization;
using McpContext.Core.Context;
using McpContext.Core.Context.Model;
using McpContext.Toml;

namespace McpContext.Core.Drift;

/// <summary>Services: ports that disagree with the files, services no file mentions, services no one listed, nginx upstreams that lead nowhere.</summary>
internal static class ServiceChecks
{
    private const int MaxEvidence = 5;

    // The strongest statement of where a service is reached decides; weaker ones count only when no stronger one exists.
    private static readonly PortRole[][] Groups =
    [
        [PortRole.Published, PortRole.Cluster, PortRole.Listen],
        [PortRole.Url, PortRole.Command, PortRole.Environment],
        [PortRole.Container],
    ];

    private static readonly TomlPath Services = TomlPath.FromKeys("services");

    public static IEnumerable<DriftFinding> Check(ProjectContext context, RepositoryScan scan, ServiceAttribution attribution)
    {
        var findings = new List<DriftFinding>();
        foreach (var (name, service) in context.Services)
        {
            var ports = attribution.PortsOf(name);
            if (service.Port is { } port && service.PortPath is { } portPath)
            {
                var mismatch = PortMismatch(name, port, portPath, ports);
                if (mismatch is not null)
                {
                    findings.Add(mismatch);
                }
                else if (ports.Where(p => p.ByName && p.Fact.Role == PortRole.Upstream && p.Fact.Port != port).Select(p => p.Fact).ToList() is { Count: > 0 } upstreams)
                {
                    findings.Add(new DriftFinding(DriftKinds.UpstreamMismatch, portPath.ToString(),
                        $"services.{name} listens on {port}, but nginx sends its traffic to port {upstreams[0].Port}; the rest of the repository agrees with the context, so fix the nginx configuration",
                        [.. upstreams.Take(MaxEvidence).Select(u => u.Evidence)], []));
                }
            }

            if (!Mentioned(service, scan, ports, attribution.ServicesOf(name)) && service.Status is null or "active")
            {
                var path = Services.Append(name);
                findings.Add(new DriftFinding(DriftKinds.ServiceUnmentioned, path.ToString(),
                    $"no file in the repository mentions services.{name}: no compose service, manifest, Procfile entry or nginx upstream by that name{(service.Paths.Count > 0 ? ", no file under its paths" : "")}{(service.Port is { } p ? $", no file using port {p}" : "")}",
                    [], [new ContextOperation(ContextOperationKind.Remove, path)]));
            }
        }

        findings.AddRange(Unlisted(context, scan, attribution));
        findings.AddRange(UnknownUpstreams(context, attribution));
        return findings;
    }

    private static DriftFinding? PortMismatch(string name, long port, TomlPath portPath, IReadOnlyList<AttributedPort> ports)
    {
        foreach (var group in Groups)
        {
            // A container port reached through the service's paths says little: app/** holds the Dockerfile of every slot.
            var facts = ports.Where(p => group.Contains(p.Fact.Role) && (p.ByName || p.Fact.Role != PortRole.Container))
                .Select(p => p.Fact).OrderBy(f => f.Role).ToList();
            if (facts.Count == 0)
            {
                continue;
            }

            if (facts.Any(f => f.Port == port))
            {
                return null;
            }

            var proposed = facts[0].Port;
            var others = facts.Select(f => f.Port).Distinct().Count() > 1 ? $" (and {string.Join(", ", facts.Select(f => f.Port).Distinct().Skip(1))})" : "";

            // The repository disagrees with itself when nginx still sends the service's traffic to the old port: say so, it is the part that breaks.
            var stale = ports.Where(p => p.ByName && p.Fact.Role == PortRole.Upstream && p.Fact.Port == port).Select(p => p.Fact).ToList();
            var nginx = stale.Count == 0 ? "" : $"; nginx still sends its traffic to {port} ({stale[0].Evidence.Location}), so change it too";
            return new DriftFinding(DriftKinds.PortMismatch, portPath.ToString(),
                $"services.{name} has port {port}, but {facts[0].Evidence.Location} says {proposed}{others}{nginx}",
                [.. facts.Concat(stale).Take(MaxEvidence).Select(f => f.Evidence)], [new ContextOperation(ContextOperationKind.Set, portPath, proposed)]);
        }

        return null;
    }

    private static bool Mentioned(Service service, RepositoryScan scan, IReadOnlyList<AttributedPort> ports, IReadOnlyList<ServiceFact> definitions) =>
        ports.Count > 0 || definitions.Count > 0
        || service.Paths.Any(scan.Files.Exists)
        || (service.Port is { } port && scan.Ports.Any(p => p.Port == port));

    private static IEnumerable<DriftFinding> Unlisted(ProjectContext context, RepositoryScan scan, ServiceAttribution attribution)
    {
        var used = context.Services.Values.Where(s => s.Port is not null).Select(s => s.Port!.Value).ToHashSet();
        foreach (var group in attribution.Unattributed.GroupBy(f => ServiceAttribution.Normalize(f.Name)))
        {
            var name = group.First().Name;
            var files = group.Select(f => f.Evidence.File).Distinct(StringComparer.Ordinal).ToList();
            var value = new TomlTable();
            var port = BestPort(scan, name, files);
            var evidence = group.Select(f => f.Evidence).ToList();
            if (port is not null && used.Add(port.Port))
            {
                value["port"] = port.Port;
                evidence.Add(port.Evidence);
            }

            value["paths"] = new TomlArray(files);
            var path = Services.Append(name);
            yield return new DriftFinding(DriftKinds.ServiceUnlisted, path.ToString(),
                $"{group.First().Evidence.Location} defines the {group.First().Source} service {name}{(port is null ? "" : $" on port {port.Port}")}, which the context does not list",
                [.. evidence.Take(MaxEvidence)], [new ContextOperation(ContextOperationKind.Set, path, value)]);
        }
    }

    /// <summary>The port a service found in <paramref name="files"/> under <paramref name="name"/> is reached at: the strongest statement, then the first.</summary>
    internal static PortFact? BestPort(RepositoryScan scan, string name, IReadOnlyCollection<string> files) =>
        scan.Ports.Where(p => p.Role != PortRole.Upstream && p.Service is not null
                && ServiceAttribution.Normalize(p.Service) == ServiceAttribution.Normalize(name) && files.Contains(p.Evidence.File))
            .OrderBy(p => Array.FindIndex(Groups, g => g.Contains(p.Role)))
            .FirstOrDefault();

    private static IEnumerable<DriftFinding> UnknownUpstreams(ProjectContext context, ServiceAttribution attribution)
    {
        var ports = context.Services.Values.Where(s => s.Port is not null).Select(s => s.Port!.Value).ToHashSet();
        foreach (var group in attribution.UnattributedUpstreams.Where(u => !ports.Contains(u.Port)).GroupBy(u => u.Port))
        {
            yield return new DriftFinding(DriftKinds.UpstreamUnknown, Services.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"nginx sends traffic to port {group.Key} ({group.First().Evidence.Location}), but no service in the context has that port"),
                [.. group.Take(MaxEvidence).Select(u => u.Evidence)], []);
        }
    }
}
