using k8s.Models;

namespace PspReplacement.Rendering;

/// <summary>
/// What render produces for one cluster before templates format it: the typed objects the apiserver will see
/// (always in admissionregistration.k8s.io/v1 form in memory; the chart's apiVersion follows the cluster),
/// and the namespaces with their computed labels. check and test evaluate exactly these.
/// </summary>
public sealed record RenderedCluster(
    string Name,
    IReadOnlyList<V1ValidatingAdmissionPolicy> Policies,
    IReadOnlyList<V1ValidatingAdmissionPolicyBinding> Bindings,
    IReadOnlyList<V1Namespace> Namespaces);
