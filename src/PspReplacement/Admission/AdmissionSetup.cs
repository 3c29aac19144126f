using PspReplacement.Cel;
using PspReplacement.Kubernetes;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Rendering;

namespace PspReplacement.Admission;

/// <summary>
/// What check and test admit against: the compiled policies with bindings, the namespaces' labels, and the
/// apiserver version whose decoding and defaulting turn manifests into the objects policies see.
/// </summary>
public sealed record AdmissionSetup(PolicySet Policies, NamespaceDirectory Namespaces, KubernetesVersion KubernetesVersion)
{
    /// <summary>The cluster's add-backs and their namespaces, for the hint on a denial an add-back would admit (check --cluster).</summary>
    public IReadOnlyList<AddBackNamespaces> AddBacks { get; init; } = [];

    /// <summary>What the apiserver does with fields the types do not have (check --validate).</summary>
    public FieldValidation Validation { get; init; } = FieldValidation.Warn;

    private ApiServerDecoder? _decoder;

    // Built on first use; a copy made with `with` may change Validation, so the cached one must still match.
    public ApiServerDecoder Decoder => _decoder is { } d && d.Validation == Validation && d.Version == KubernetesVersion
        ? d
        : _decoder = new ApiServerDecoder(KubernetesVersion, Validation);

    /// <summary>Admits a manifest (with its old object on UPDATE) as the apiserver would: decoded, defaulted, prepared, then the policies.</summary>
    public AdmissionResult Admit(ManifestObject o, ManifestObject? old, RequestOptions options)
    {
        var build = AdmissionRequestFactory.Create(o, old, options, Decoder);
        if (build.Request is not { } request) return new AdmissionResult(null, build.Invalid, build.InvalidPath, build.Warnings, "") { Fix = build.Fix };
        var ns = request.Namespace;
        var verdict = Policies.Admit(request, ns.Length == 0 ? null : Namespaces.LabelsOf(ns), ns.Length == 0 ? null : Namespaces.ObjectOf(ns));
        return new AdmissionResult(verdict, null, null, build.Warnings, request.IsNamespaceObject ? "" : ns);
    }

    /// <summary>check --cluster and pspr test scenarios: the policies and namespace labels of a cluster's committed charts.</summary>
    public static AdmissionSetup ForCluster(ClusterCharts charts)
    {
        var directory = new NamespaceDirectory();
        foreach (var ns in charts.Namespaces) directory.Own(ns);
        return new AdmissionSetup(PolicySet.Create(charts.Policies.Policies, charts.Policies.Bindings, charts.Version), directory, charts.Version)
        {
            AddBacks = charts.AddBacks,
        };
    }

    /// <summary>check --profile: what render emits for a namespace with that profile and add-backs; every namespace is taken to be configured so.</summary>
    public static AdmissionSetup ForProfile(PolicyLibrary library, Profile profile, PssVersion pssVersion, IReadOnlyList<string> addBacks,
        KubernetesVersion version, string namespaceName = "default")
    {
        var rendered = ClusterRenderer.RenderProfile(library, profile, pssVersion, addBacks, version, namespaceName);
        return FromRendered(rendered, version, namespaceName);
    }

    /// <summary>Admission against rendered objects; when templateNamespace is given, namespaces nobody describes get its labels.</summary>
    public static AdmissionSetup FromRendered(RenderedCluster rendered, KubernetesVersion version, string? templateNamespace = null)
    {
        var template = templateNamespace is null ? null : rendered.Namespaces.FirstOrDefault(n => n.Metadata?.Name == templateNamespace)?.Metadata?.Labels;
        var directory = new NamespaceDirectory(rendered.Namespaces, template is null ? null : new Dictionary<string, string>(template));
        return new AdmissionSetup(PolicySet.Create(rendered.Policies, rendered.Bindings, version), directory, version);
    }

    /// <summary>check --policies: the VAPs and bindings given (without bindings, every policy applies with Deny), and the Namespaces among them.</summary>
    public static AdmissionSetup ForPolicies(PolicyObjects objects, KubernetesVersion version, ParamStore? paramStore = null)
    {
        var bindings = objects.Bindings.Count > 0 ? objects.Bindings : PolicySet.BindEverywhere(objects.Policies);
        var directory = new NamespaceDirectory();
        foreach (var ns in objects.Namespaces) directory.Own(ns);
        return new AdmissionSetup(PolicySet.Create(objects.Policies, bindings, version, paramStore), directory, version);
    }
}
