using System.Text.Json;
using k8s;
using k8s.Models;
using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>The admission objects found among manifests: policies, bindings, namespaces, and everything else.</summary>
public sealed record PolicyObjects(
    IReadOnlyList<V1ValidatingAdmissionPolicy> Policies,
    IReadOnlyList<V1ValidatingAdmissionPolicyBinding> Bindings,
    IReadOnlyList<ManifestObject> Namespaces,
    IReadOnlyList<ManifestObject> Others);
