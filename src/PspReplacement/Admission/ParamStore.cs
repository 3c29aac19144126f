using k8s.Models;
using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>Parameter objects for paramKind/paramRef, read from files instead of a cluster.</summary>
public sealed class ParamStore(IEnumerable<ManifestObject> objects)
{
    public static readonly ParamStore Empty = new([]);
    private readonly IReadOnlyList<ManifestObject> _objects = objects.ToList();

    /// <summary>
    /// The params a binding selects for a request in namespace (apiserver's collectParams): [null] when the policy or
    /// binding uses none. Throws AdmissionConfigurationException for the apiserver's configuration errors.
    /// </summary>
    public IReadOnlyList<Dictionary<string, object?>?> Collect(V1ParamKind? kind, V1ParamRef? reference, string requestNamespace)
    {
        if (kind is null || reference is null) return [null];
        var group = kind.ApiVersion?.Contains('/') == true ? kind.ApiVersion[..kind.ApiVersion.IndexOf('/')] : "";
        var namespaced = ResourceCatalog.IsNamespaced(group, kind.Kind ?? "");
        var candidates = _objects.Where(o => o.ApiVersion == kind.ApiVersion && o.Kind == kind.Kind);
        if (namespaced)
        {
            var ns = !string.IsNullOrEmpty(reference.NamespaceProperty) ? reference.NamespaceProperty : requestNamespace;
            if (ns.Length == 0) throw new AdmissionConfigurationException("cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
            candidates = candidates.Where(o => (o.Namespace.Length == 0 ? "default" : o.Namespace) == ns);
        }
        else if (!string.IsNullOrEmpty(reference.NamespaceProperty))
            throw new AdmissionConfigurationException("paramRef.namespace must not be provided for a cluster-scoped `paramKind`");

        List<Dictionary<string, object?>?> found;
        if (!string.IsNullOrEmpty(reference.Name))
        {
            if (reference.Selector is not null) throw new AdmissionConfigurationException("paramRef.name and paramRef.selector are mutually exclusive");
            found = candidates.Where(o => o.Name == reference.Name).Take(1).Select(o => (Dictionary<string, object?>?)o.Content).ToList();
        }
        else if (reference.Selector is not null)
            found = candidates.Where(o => LabelSelectorMatcher.Matches(reference.Selector, o.Labels)).OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)
                .Select(o => (Dictionary<string, object?>?)o.Content).ToList();
        else throw new AdmissionConfigurationException("one of name or selector must be provided");

        if (found.Count == 0 && reference.ParameterNotFoundAction == "Deny")
            throw new AdmissionConfigurationException("no params found for policy binding with `Deny` parameterNotFoundAction");
        return found;
    }
}
