using k8s.Models;
using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>
/// The namespaces a check knows: name → labels (and the namespaceObject CEL sees). Those from the cluster's
/// namespaces chart come first; a Namespace among the checked inputs replaces them. A namespace nobody describes
/// has no labels, like a namespace created without any.
/// </summary>
public sealed class NamespaceDirectory
{
    private readonly Dictionary<string, Dictionary<string, object?>> _namespaces = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    private readonly IReadOnlyDictionary<string, string>? _fallbackLabels;

    /// <param name="known">Namespaces with their labels (a cluster's namespaces chart).</param>
    /// <param name="fallbackLabels">Labels for a namespace nobody describes (check --profile: every namespace is configured with the profile).</param>
    public NamespaceDirectory(IEnumerable<V1Namespace>? known = null, IReadOnlyDictionary<string, string>? fallbackLabels = null)
    {
        _fallbackLabels = fallbackLabels;
        foreach (var ns in known ?? [])
            if (ns.Metadata?.Name is { } name)
                _namespaces[name] = Describe(name, ns.Metadata.Labels, ns.Metadata.Annotations);
    }

    /// <summary>Adds or replaces a namespace from a Namespace manifest.</summary>
    public void Add(ManifestObject ns)
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
