using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>How check turns manifests into requests: operation, subresource, user, and the namespace to assume.</summary>
public sealed record RequestOptions(string Operation = "CREATE", string SubResource = "", UserInfo? User = null, string? NamespaceOverride = null)
{
    public static readonly RequestOptions Default = new();
}

/// <summary>Builds the admission request the apiserver would see when the manifest is applied.</summary>
public static class AdmissionRequestFactory
{
    /// <summary>The namespace the object lands in: --namespace, else metadata.namespace, else "default" (as kubectl does); "" when cluster-scoped.</summary>
    public static string NamespaceOf(ManifestObject o, RequestOptions options)
    {
        if (o.ApiVersion == "v1" && o.Kind == "Namespace") return o.Name;
        if (!ResourceCatalog.IsNamespaced(o.Group, o.Kind)) return "";
        if (!string.IsNullOrEmpty(options.NamespaceOverride)) return options.NamespaceOverride;
        return o.Namespace.Length > 0 ? o.Namespace : "default";
    }

    public static AdmissionRequest Create(ManifestObject o, ManifestObject? old, RequestOptions options)
    {
        var ns = NamespaceOf(o, options);
        var content = o.Content;
        // The apiserver stores the object in the namespace of the request; CEL sees metadata.namespace set.
        if (ns.Length > 0 && o.Kind != "Namespace" && o.Namespace != ns) content = WithNamespace(content, ns);
        var oldContent = old?.Content;
        if (oldContent is not null && ns.Length > 0 && old!.Kind != "Namespace" && old.Namespace != ns) oldContent = WithNamespace(oldContent, ns);
        return new AdmissionRequest(
            options.Operation,
            new GroupVersionKind(o.Group, o.Version, o.Kind),
            new GroupVersionResource(o.Group, o.Version, ResourceCatalog.ResourceFor(o.Group, o.Kind)),
            options.SubResource,
            o.Name,
            ns,
            content,
            options.Operation == "CREATE" ? null : oldContent,
            options.User ?? UserInfo.Anonymous);
    }

    private static Dictionary<string, object?> WithNamespace(Dictionary<string, object?> content, string ns)
    {
        var copy = new Dictionary<string, object?>(content, StringComparer.Ordinal);
        var meta = content.GetValueOrDefault("metadata") is Dictionary<string, object?> m ? new Dictionary<string, object?>(m, StringComparer.Ordinal) : new Dictionary<string, object?>(StringComparer.Ordinal);
        meta["namespace"] = ns;
        copy["metadata"] = meta;
        return copy;
    }
}
