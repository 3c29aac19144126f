using PspReplacement.Kubernetes;
using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>How check turns manifests into requests: operation, subresource, user, and the namespace to assume.</summary>
public sealed record RequestOptions(string Operation = "CREATE", string SubResource = "", UserInfo? User = null, string? NamespaceOverride = null)
{
    public static readonly RequestOptions Default = new();
}

/// <summary>
/// A manifest made into an admission request, or why the apiserver would refuse its body before admission (Invalid:
/// its error, and the field path it is about). Warnings are the apiserver's warnings for the body (unknown fields).
/// </summary>
public sealed record RequestBuild(AdmissionRequest? Request, string? Invalid, string? InvalidPath, IReadOnlyList<string> Warnings)
{
    public string Fix { get; init; } = "";
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

    /// <summary>
    /// The request for the object (and, on UPDATE, its old object) as the decoder's apiserver would admit it: both
    /// objects are what that apiserver decodes, defaults and prepares, not the manifests' text.
    /// </summary>
    public static RequestBuild Create(ManifestObject o, ManifestObject? old, RequestOptions options, ApiServerDecoder decoder)
    {
        var ns = NamespaceOf(o, options);
        // A Namespace's request namespace is its own name, but the object itself is cluster-scoped.
        var objectNamespace = ResourceCatalog.IsNamespaced(o.Group, o.Kind) ? ns : "";
        ApiServerObject body;
        ApiServerObject? oldBody = null;
        if (options.Operation == "CREATE" || old is null) body = decoder.Decode(o.Content, objectNamespace);
        else (body, oldBody) = decoder.DecodeUpdate(o.Content, old.Content, objectNamespace);
        if (body.Invalid is not null) return new RequestBuild(null, body.Invalid, body.InvalidPath, body.Warnings) { Fix = body.Fix };
        if (oldBody?.Invalid is not null) return new RequestBuild(null, "the old object: " + oldBody.Invalid, null, body.Warnings) { Fix = oldBody.Fix };
        var request = new AdmissionRequest(
            options.Operation,
            new GroupVersionKind(o.Group, o.Version, o.Kind),
            new GroupVersionResource(o.Group, o.Version, ResourceCatalog.ResourceFor(o.Group, o.Kind)),
            options.SubResource,
            o.Name,
            ns,
            body.Object,
            options.Operation == "CREATE" ? null : oldBody?.Object,
            options.User ?? UserInfo.Anonymous);
        return new RequestBuild(request, null, null, body.Warnings);
    }
}
