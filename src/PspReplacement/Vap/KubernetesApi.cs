using PspReplacement.Cel;

namespace PspReplacement.Vap;

/// <summary>What a kube-apiserver of a Kubernetes version serves for ValidatingAdmissionPolicy: the API version and what its expressions may use.</summary>
public static class KubernetesApi
{
    public const string AdmissionGroup = "admissionregistration.k8s.io";

    /// <summary>spec.variables and the namespaceObject variable arrived in 1.28 (v1beta1).</summary>
    public static readonly KubernetesVersion VariablesSince = new(1, 28);

    /// <summary>
    /// admissionregistration.k8s.io/v1 from 1.30, v1beta1 for 1.28–1.29, v1alpha1 for 1.26–1.27. v1 stays the version
    /// through 1.37: k8s.io/api admissionregistration/v1 at v0.36.x and v0.37.0-beta.0 changes ValidatingAdmissionPolicy
    /// and its binding in comments and validation tags only (1.36 adds MutatingAdmissionPolicy to v1).
    /// </summary>
    public static string AdmissionApiVersion(KubernetesVersion version) => version switch
    {
        { Major: 1, Minor: >= 30 } or { Major: > 1 } => $"{AdmissionGroup}/v1",
        { Major: 1, Minor: >= 28 } => $"{AdmissionGroup}/v1beta1",
        { Major: 1, Minor: >= 26 } => $"{AdmissionGroup}/v1alpha1",
        _ => throw new InvalidInputException($"Kubernetes {version} has no ValidatingAdmissionPolicy (1.26 or newer is needed); upgrade the cluster first"),
    };

    /// <summary>Older apiservers need spec.variables inlined into the expressions.</summary>
    public static bool SupportsVariables(KubernetesVersion version) => version >= VariablesSince;

    /// <summary>
    /// The names a VAP expression may use on that version, as the apiserver declares them in its CEL environment
    /// (k8s.io/apiserver's admission/plugin/cel: object, oldObject, request, params, authorizer and
    /// authorizer.requestResource from the start; namespaceObject and variables since 1.28).
    /// </summary>
    public static IReadOnlyList<string> ExpressionVariables(KubernetesVersion version)
    {
        var names = new List<string> { "object", "oldObject", "request", "params", "authorizer", "authorizer.requestResource" };
        if (SupportsVariables(version)) names.AddRange(["namespaceObject", "variables"]);
        return names;
    }
}
