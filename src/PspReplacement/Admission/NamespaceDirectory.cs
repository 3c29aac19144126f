using k8s.Models;
using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>
/// The namespaces a check knows: name → labels (and the namespaceObject CEL sees). Those the configuration owns (the
/// cluster's namespaces chart; with check --profile, every namespace) keep their labels: in the cluster a service
/// chart cannot relabel a namespace the namespaces release owns, so a Namespace among the checked manifests cannot
/// either. Only a namespace the configuration does not know takes its labels from such a document; one nobody
/// describes has no labels, like a namespace created without any.
/// </summary>
public sealed class NamespaceDirectory
{
    private readonly Dictionary<string, Dictionary<string, object?>> _namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _owned = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    private readonly IReadOnlyDictionary<string, string>? _fallbackLabels;

    /// <param name="known">Namespaces with their labels (a cluster's namespaces chart).</param>
    /// <param name="fallbackLabels">Labels for a namespace nobody describes (check --profile: every namespace is configured with the profile).</param>
    public NamespaceDirectory(IEnumerable<V1Namespace>? known = null, IReadOnlyDictionary<string, string>? fallbackLabels = null)
    {
        _fallbackLabels = fallbackLabels;
        foreach (var ns in known ?? [])
            if (ns.Metadata?.Name is { } name)
            {
                _namespaces[name] = Describe(name, ns.Metadata.Labels, ns.Metadata.Annotations);
                _owned.Add(name);
            }
    }

    /// <summary>A namespace of the configuration (the cluster's charts, the policy files): its labels are fixed.</summary>
    public void Own(ManifestObject ns)
    {
        Set(ns);
        lock (_lock) _owned.Add(ns.Name);
    }

    /// <summary>Whether the configuration owns the namespace's labels.</summary>
    public bool Owns(string name)
    {
        lock (_lock) return _fallbackLabels is not null || _owned.Contains(name);
    }

    /// <summary>
    /// A Namespace among the checked manifests. For a namespace the configuration owns, its labels are not used: a label
    /// it sets to another value than the configuration's, or a label the policies select namespaces on, is a conflict
    /// (the returned problem). For any other namespace its labels apply from here on, and the returned note says so.
    /// </summary>
    public (string? Problem, string? Note) Supply(ManifestObject ns, IReadOnlySet<string> selectorKeys)
    {
        if (!Owns(ns.Name))
        {
            Set(ns);
            return (null, $"namespace {ns.Name} is not in the configuration: the labels of this document apply to the objects after it");
        }
        var owned = LabelsOf(ns.Name);
        var conflicts = ns.Labels
            .Where(l => l.Key != "kubernetes.io/metadata.name")
            .Where(l => owned.TryGetValue(l.Key, out var v) ? v != l.Value : selectorKeys.Contains(l.Key))
            .Select(l => owned.TryGetValue(l.Key, out var v) ? $"{l.Key}={l.Value} (configured: {v})" : $"{l.Key}={l.Value} (configured: not set)")
            .ToList();
        if (conflicts.Count == 0) return (null, null);
        return ($"{ns.Location}: document {ns.Location.Document}: Namespace {ns.Name}: labels {string.Join(", ", conflicts)} conflict with the namespace's configured labels; " +
                "a chart cannot relabel a namespace whose labels the configuration owns, and its objects are checked with the configured labels: " +
                "remove the Namespace from the manifests, or change the namespace in values/ and render", null);
    }

    private void Set(ManifestObject ns)
    {
        var meta = ns.Metadata;
        var plain = Describe(ns.Name, ns.Labels, ManifestObject.StringMap(meta?.GetValueOrDefault("annotations")));
        if (ns.Content.GetValueOrDefault("spec") is Dictionary<string, object?> spec) plain["spec"] = spec;
        lock (_lock) _namespaces[ns.Name] = plain;
    }

    public IReadOnlyDictionary<string, string> LabelsOf(string name) =>
        ManifestObject.StringMap((ObjectOf(name).GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("labels"));

    /// <summary>The namespace as CEL's namespaceObject shows it (metadata, spec, status; no apiVersion/kind).</summary>
    public Dictionary<string, object?> ObjectOf(string name)
    {
        lock (_lock)
            return _namespaces.TryGetValue(name, out var ns) ? ns : Describe(name, _fallbackLabels, null);
    }

    private static Dictionary<string, object?> Describe(string name, IEnumerable<KeyValuePair<string, string>>? labels, IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        var metadata = new Dictionary<string, object?> { ["name"] = name };
        var labelMap = new Dictionary<string, object?>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = name };
        foreach (var (k, v) in labels ?? [])
            if (k != "kubernetes.io/metadata.name") labelMap[k] = v; // the apiserver always sets it to the name
        metadata["labels"] = labelMap;
        if (annotations?.Any() == true) metadata["annotations"] = annotations.ToDictionary(a => a.Key, a => (object?)a.Value, StringComparer.Ordinal);
        return new Dictionary<string, object?> { ["metadata"] = metadata, ["spec"] = new Dictionary<string, object?>(), ["status"] = new Dictionary<string, object?> { ["phase"] = "Active" } };
    }
}
