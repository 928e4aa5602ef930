namespace McpContext.Core.Drift.Scanners;

/// <summary>Kubernetes manifests: workloads and Services by name, their container ports, Service ports and node ports.</summary>
internal sealed class KubernetesScanner : IFileScanner
{
    private static readonly string[] Directories =
        ["k8s", "kube", "kubernetes", "manifests", "deploy", "deployment", "deployments", "overlays", "base", "kustomize", "helm", "charts", "infra", "ops"];

    private static readonly string[] Workloads = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"];

    public string Kind => "kubernetes";

    public bool Accepts(string path)
    {
        if (!PathNames.IsYaml(path))
        {
            return false;
        }

        var name = PathNames.FileName(path);
        return PathNames.HasDirectory(path, Directories)
            || name.Contains("k8s", StringComparison.OrdinalIgnoreCase)
            || name.Contains("kube", StringComparison.OrdinalIgnoreCase)
            || name.Contains("deployment", StringComparison.OrdinalIgnoreCase)
            || name.Contains("manifest", StringComparison.OrdinalIgnoreCase);
    }

    public void Scan(ScanFile file, ScanSink sink)
    {
        // Cheap test first: most YAML in deploy folders is not a manifest, and those are skipped silently.
        if (!file.Text.Contains("apiVersion", StringComparison.Ordinal) || !file.Text.Contains("kind", StringComparison.Ordinal))
        {
            return;
        }

        if (file.Text.Contains("{{", StringComparison.Ordinal))
        {
            sink.Notes.Add(file.Note(0, "a templated manifest (Helm or similar); only rendered manifests can be read, so it is skipped"));
            return;
        }

        var documents = YamlTree.Load(file.Text, out var errorLine, out var error);
        if (documents is null)
        {
            sink.Notes.Add(file.Note(errorLine, error!));
            return;
        }

        foreach (var document in documents.OfType<YamlMap>())
        {
            foreach (var manifest in Expand(document))
            {
                Read(file, sink, manifest);
            }
        }
    }

    // A List kind (kubectl get -o yaml) holds its manifests under items.
    private static IEnumerable<YamlMap> Expand(YamlMap document) =>
        document.Get("kind").Text() == "List" ? document.Get("items") is YamlList items ? items.Items.OfType<YamlMap>() : [] : [document];

    private static void Read(ScanFile file, ScanSink sink, YamlMap manifest)
    {
        var kind = manifest.Get("kind").Text();
        if (kind is null || (manifest.Get("metadata") as YamlMap)?.Get("name") is not YamlText name)
        {
            return;
        }

        if (kind == "Service")
        {
            sink.Services.Add(new ServiceFact(name.Value, "kubernetes", file.At(name.Line, $"Kubernetes Service {name.Value}")));
            var ports = (manifest.Get("spec") as YamlMap)?.Get("ports") as YamlList;
            foreach (var port in ports?.Items.OfType<YamlMap>() ?? [])
            {
                Add(file, sink, name.Value, port.Get("port"), PortRole.Cluster, $"Kubernetes Service {name.Value} port {{0}}");
                Add(file, sink, name.Value, port.Get("targetPort"), PortRole.Cluster, $"Kubernetes Service {name.Value} targets container port {{0}}");
                Add(file, sink, name.Value, port.Get("nodePort"), PortRole.Published, $"Kubernetes Service {name.Value} node port {{0}}");
            }
        }
        else if (Workloads.Contains(kind))
        {
            sink.Services.Add(new ServiceFact(name.Value, "kubernetes", file.At(name.Line, $"Kubernetes {kind} {name.Value}")));
            var spec = manifest.Get("spec") as YamlMap;
            var podSpec = kind == "Pod" ? spec : ((spec?.Get("template") as YamlMap)?.Get("spec") as YamlMap);
            foreach (var container in (podSpec?.Get("containers") as YamlList)?.Items.OfType<YamlMap>() ?? [])
            {
                foreach (var port in (container.Get("ports") as YamlList)?.Items.OfType<YamlMap>() ?? [])
                {
                    Add(file, sink, name.Value, port.Get("containerPort"), PortRole.Cluster, $"Kubernetes {kind} {name.Value} container port {{0}}");
                }
            }
        }
    }

    private static void Add(ScanFile file, ScanSink sink, string service, YamlItem? value, PortRole role, string detail)
    {
        // A named targetPort refers to a container port by name; the container's own entry carries the number.
        if (value is YamlText text && PortText.TryParse(text.Value, out var port))
        {
            sink.Ports.Add(new PortFact(port, role, service, file.At(text.Line, string.Format(System.Globalization.CultureInfo.InvariantCulture, detail, port))));
        }
    }
}
