using McpContext.Core.Context.Model;

namespace McpContext.Core.Drift;

/// <summary>A port fact attributed to a context service, and whether by name (strong) or by the service's paths (weaker).</summary>
internal readonly record struct AttributedPort(PortFact Fact, bool ByName);

/// <summary>
/// Decides which context service each scanned fact is about. By name first (compose service <c>blue</c> is
/// <c>services.blue</c>; names compare without case or punctuation); otherwise by the service's
/// <c>paths</c>, unless the file defines several services by name (a compose file with <c>web</c> and
/// <c>db</c> is not all about whichever service lists it); a named service no rule places is matched by
/// the port it publishes. nginx upstreams are matched by name only: the file belongs to nginx, the ports
/// to the services behind it.
/// </summary>
internal sealed class ServiceAttribution
{
    private readonly Dictionary<string, List<AttributedPort>> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ServiceFact>> _services = new(StringComparer.Ordinal);

    public ServiceAttribution(IReadOnlyDictionary<string, Service> services, RepositoryScan scan)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        var globs = new GlobIndex<string>();
        foreach (var (name, service) in services)
        {
            byName.TryAdd(Normalize(name), name);
            _ports[name] = [];
            _services[name] = [];
            foreach (var path in service.Paths)
            {
                globs.Add(path, name);
            }
        }

        var namesInFile = scan.Services.GroupBy(s => s.Evidence.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => Normalize(s.Name)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        bool SharedFile(string file, string? name) =>
            name is not null && namesInFile.TryGetValue(file, out var names) && names.Count > 1 && names.Contains(Normalize(name));

        foreach (var fact in scan.Ports)
        {
            if (fact.Service is not null && byName.TryGetValue(Normalize(fact.Service), out var owner))
            {
                _ports[owner].Add(new AttributedPort(fact, ByName: true));
            }
            else if (fact.Role == PortRole.Upstream)
            {
                UnattributedUpstreams.Add(fact);
            }
            else if (!SharedFile(fact.Evidence.File, fact.Service))
            {
                foreach (var service in globs.Match(fact.Evidence.File))
                {
                    _ports[service].Add(new AttributedPort(fact, ByName: false));
                }
            }
        }

        var contextPorts = services.Where(s => s.Value.Port is not null).GroupBy(s => s.Value.Port!.Value).ToDictionary(g => g.Key, g => g.First().Key);
        foreach (var fact in scan.Services)
        {
            IReadOnlyList<string> owners = byName.TryGetValue(Normalize(fact.Name), out var owner) ? [owner]
                : SharedFile(fact.Evidence.File, fact.Name) ? []
                : globs.Match(fact.Evidence.File);
            if (owners.Count == 0)
            {
                // Same service, other name: it publishes the port the context gives one of its services.
                var published = scan.Ports.FirstOrDefault(p => p.Evidence.File == fact.Evidence.File && p.Service == fact.Name
                    && p.Role is (PortRole.Published or PortRole.Cluster or PortRole.Listen) && contextPorts.ContainsKey(p.Port));
                owners = published is null ? [] : [contextPorts[published.Port]];
            }

            foreach (var service in owners)
            {
                _services[service].Add(fact);
            }

            if (owners.Count == 0)
            {
                Unattributed.Add(fact);
            }
        }
    }

    /// <summary>Named services in files that no context service accounts for.</summary>
    public List<ServiceFact> Unattributed { get; } = [];

    /// <summary>nginx upstream ports whose upstream name is no context service.</summary>
    public List<PortFact> UnattributedUpstreams { get; } = [];

    public IReadOnlyList<AttributedPort> PortsOf(string service) => _ports[service];

    public IReadOnlyList<ServiceFact> ServicesOf(string service) => _services[service];

    /// <summary>A name as compared: lower case, letters and digits only (<c>Ledger_API</c> is <c>ledgerapi</c>).</summary>
    public static string Normalize(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
