namespace PspReplacement.Admission;

/// <summary>
/// What the apiserver's RESTMapper knows offline: the resource name and scope of each built-in kind, and which
/// group/versions serve the same resource (for matchPolicy: Equivalent). Kinds it does not know are named the way
/// kubectl guesses (lower-case plural) and are namespaced unless the object says otherwise.
/// </summary>
public static class ResourceCatalog
{
    private sealed record Entry(string Resource, bool Namespaced, string[] EquivalentGroupVersions);

    private static readonly Dictionary<(string Group, string Kind), Entry> Known = new()
    {
        [("", "Pod")] = new("pods", true, ["v1"]),
        [("", "ReplicationController")] = new("replicationcontrollers", true, ["v1"]),
        [("", "Service")] = new("services", true, ["v1"]),
        [("", "ConfigMap")] = new("configmaps", true, ["v1"]),
        [("", "Secret")] = new("secrets", true, ["v1"]),
        [("", "ServiceAccount")] = new("serviceaccounts", true, ["v1"]),
        [("", "PersistentVolumeClaim")] = new("persistentvolumeclaims", true, ["v1"]),
        [("", "PodTemplate")] = new("podtemplates", true, ["v1"]),
        [("", "Endpoints")] = new("endpoints", true, ["v1"]),
        [("", "LimitRange")] = new("limitranges", true, ["v1"]),
        [("", "ResourceQuota")] = new("resourcequotas", true, ["v1"]),
        [("", "Event")] = new("events", true, ["v1"]),
        [("", "Namespace")] = new("namespaces", false, ["v1"]),
        [("", "Node")] = new("nodes", false, ["v1"]),
        [("", "PersistentVolume")] = new("persistentvolumes", false, ["v1"]),
        [("apps", "Deployment")] = new("deployments", true, ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"]),
        [("extensions", "Deployment")] = new("deployments", true, ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"]),
        [("apps", "DaemonSet")] = new("daemonsets", true, ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("extensions", "DaemonSet")] = new("daemonsets", true, ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("apps", "ReplicaSet")] = new("replicasets", true, ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("extensions", "ReplicaSet")] = new("replicasets", true, ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("apps", "StatefulSet")] = new("statefulsets", true, ["apps/v1", "apps/v1beta2", "apps/v1beta1"]),
        [("apps", "ControllerRevision")] = new("controllerrevisions", true, ["apps/v1"]),
        [("batch", "Job")] = new("jobs", true, ["batch/v1"]),
        [("batch", "CronJob")] = new("cronjobs", true, ["batch/v1", "batch/v1beta1"]),
        [("networking.k8s.io", "Ingress")] = new("ingresses", true, ["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"]),
        [("extensions", "Ingress")] = new("ingresses", true, ["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"]),
        [("networking.k8s.io", "NetworkPolicy")] = new("networkpolicies", true, ["networking.k8s.io/v1"]),
        [("networking.k8s.io", "IngressClass")] = new("ingressclasses", false, ["networking.k8s.io/v1"]),
        [("policy", "PodDisruptionBudget")] = new("poddisruptionbudgets", true, ["policy/v1", "policy/v1beta1"]),
        [("autoscaling", "HorizontalPodAutoscaler")] = new("horizontalpodautoscalers", true, ["autoscaling/v2", "autoscaling/v1"]),
        [("rbac.authorization.k8s.io", "Role")] = new("roles", true, ["rbac.authorization.k8s.io/v1"]),
        [("rbac.authorization.k8s.io", "RoleBinding")] = new("rolebindings", true, ["rbac.authorization.k8s.io/v1"]),
        [("rbac.authorization.k8s.io", "ClusterRole")] = new("clusterroles", false, ["rbac.authorization.k8s.io/v1"]),
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = new("clusterrolebindings", false, ["rbac.authorization.k8s.io/v1"]),
        [("storage.k8s.io", "StorageClass")] = new("storageclasses", false, ["storage.k8s.io/v1"]),
        [("storage.k8s.io", "CSIDriver")] = new("csidrivers", false, ["storage.k8s.io/v1"]),
        [("node.k8s.io", "RuntimeClass")] = new("runtimeclasses", false, ["node.k8s.io/v1"]),
        [("scheduling.k8s.io", "PriorityClass")] = new("priorityclasses", false, ["scheduling.k8s.io/v1"]),
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = new("customresourcedefinitions", false, ["apiextensions.k8s.io/v1"]),
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = new("validatingadmissionpolicies", false, ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1"]),
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = new("validatingadmissionpolicybindings", false, ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1"]),
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = new("validatingwebhookconfigurations", false, ["admissionregistration.k8s.io/v1"]),
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = new("mutatingwebhookconfigurations", false, ["admissionregistration.k8s.io/v1"]),
        [("certificates.k8s.io", "CertificateSigningRequest")] = new("certificatesigningrequests", false, ["certificates.k8s.io/v1"]),
    };

    /// <summary>The resource (plural) that serves a kind in a group.</summary>
    public static string ResourceFor(string group, string kind) =>
        Known.TryGetValue((group, kind), out var e) ? e.Resource : GuessResource(kind);

    /// <summary>Whether objects of the kind live in a namespace (false for Namespace, Node, ClusterRole, ...).</summary>
    public static bool IsNamespaced(string group, string kind) =>
        !Known.TryGetValue((group, kind), out var e) || e.Namespaced;

    /// <summary>The other group/versions serving the same resource, with the kind there (for matchPolicy: Equivalent).</summary>
    public static IEnumerable<(GroupVersionResource Resource, GroupVersionKind Kind)> EquivalentsOf(GroupVersionKind kind)
    {
        if (!Known.TryGetValue((kind.Group, kind.Kind), out var e)) yield break;
        foreach (var gv in e.EquivalentGroupVersions)
        {
            var slash = gv.IndexOf('/');
            var (group, version) = slash < 0 ? ("", gv) : (gv[..slash], gv[(slash + 1)..]);
            if (group == kind.Group && version == kind.Version) continue;
            yield return (new GroupVersionResource(group, version, e.Resource), new GroupVersionKind(group, version, kind.Kind));
        }
    }

    // kubectl's UnsafeGuessKindToResource.
    private static string GuessResource(string kind)
    {
        var lower = kind.ToLowerInvariant();
        if (lower.Length == 0) return lower;
        if (lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("z", StringComparison.Ordinal) || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal)) return lower + "es";
        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2])) return lower[..^1] + "ies";
        return lower + "s";
    }
}
