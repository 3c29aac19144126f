using PspReplacement.Cel;

namespace PspReplacement.Rendering;

/// <summary>What the cluster's apiserver serves for ValidatingAdmissionPolicy.</summary>
public static class KubernetesApi
{
    /// <summary>
    /// admissionregistration.k8s.io/v1 from 1.30, v1beta1 for 1.28–1.29, v1alpha1 for 1.26–1.27. v1 stays the version
    /// through 1.37: k8s.io/api admissionregistration/v1 at v0.36.x and v0.37.0-beta.0 changes ValidatingAdmissionPolicy
    /// and its binding in comments and validation tags only (1.36 adds MutatingAdmissionPolicy to v1).
    /// </summary>
    public static string AdmissionApiVersion(KubernetesVersion version) => version switch
    {
        { Major: 1, Minor: >= 30 } or { Major: > 1 } => $"{ClusterRenderer.AdmissionGroup}/v1",
        { Major: 1, Minor: >= 28 } => $"{ClusterRenderer.AdmissionGroup}/v1beta1",
        { Major: 1, Minor: >= 26 } => $"{ClusterRenderer.AdmissionGroup}/v1alpha1",
        _ => throw new InvalidInputException($"Kubernetes {version} has no ValidatingAdmissionPolicy (1.26 or newer is needed); upgrade the cluster first"),
    };

    /// <summary>spec.variables arrived in 1.28; older apiservers need them inlined into the expressions.</summary>
    public static bool SupportsVariables(KubernetesVersion version) => version >= new KubernetesVersion(1, 28);

    /// <summary>The names a VAP expression may use on that version (CEL environment declarations).</summary>
    public static IReadOnlyList<string> ExpressionVariables(KubernetesVersion version)
    {
        var names = new List<string> { "object", "oldObject", "request", "params", "authorizer" };
        if (version >= new KubernetesVersion(1, 28)) names.AddRange(["namespaceObject", "variables"]);
        return names;
    }
}
