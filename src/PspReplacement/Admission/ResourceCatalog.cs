namespace PspReplacement.Admission;

/// <summary>
/// What the apiserver's RESTMapper knows offline: the resource name of each built-in kind, which group/versions serve
/// the same resource (for matchPolicy: Equivalent), and (from the Kubernetes type table) its scope. Kinds it does not
/// know are named the way kubectl guesses (lower-case plural) and are namespaced.
/// </summary>
public static class ResourceCatalog
{
    private sealed record Entry(string Resource, string[] EquivalentGroupVersions);

    private static readonly Dictionary<(string Group, string Kind), Entry> Known = new()
    {
        [("", "Pod")] = new("pods", ["v1"]),
        [("", "ReplicationController")] = new("replicationcontrollers", ["v1"]),
        [("", "Service")] = new("services", ["v1"]),
        [("", "ConfigMap")] = new("configmaps", ["v1"]),
        [("", "Secret")] = new("secrets", ["v1"]),
        [("", "ServiceAccount")] = new("serviceaccounts", ["v1"]),
        [("", "PersistentVolumeClaim")] = new("persistentvolumeclaims", ["v1"]),
        [("", "PodTemplate")] = new("podtemplates", ["v1"]),
        [("", "Endpoints")] = new("endpoints", ["v1"]),
        [("", "LimitRange")] = new("limitranges", ["v1"]),
        [("", "ResourceQuota")] = new("resourcequotas", ["v1"]),
        [("", "Event")] = new("events", ["v1"]),
        [("", "Namespace")] = new("namespaces", ["v1"]),
        [("", "Node")] = new("nodes", ["v1"]),
        [("", "PersistentVolume")] = new("persistentvolumes", ["v1"]),
        [("apps", "Deployment")] = new("deployments", ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"]),
        [("extensions", "Deployment")] = new("deployments", ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"]),
        [("apps", "DaemonSet")] = new("daemonsets", ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("extensions", "DaemonSet")] = new("daemonsets", ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("apps", "ReplicaSet")] = new("replicasets", ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("extensions", "ReplicaSet")] = new("replicasets", ["apps/v1", "apps/v1beta2", "extensions/v1beta1"]),
        [("apps", "StatefulSet")] = new("statefulsets", ["apps/v1", "apps/v1beta2", "apps/v1beta1"]),
        [("apps", "ControllerRevision")] = new("controllerrevisions", ["apps/v1"]),
        [("batch", "Job")] = new("jobs", ["batch/v1"]),
        [("batch", "CronJob")] = new("cronjobs", ["batch/v1", "batch/v1beta1"]),
        [("networking.k8s.io", "Ingress")] = new("ingresses", ["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"]),
        [("extensions", "Ingress")] = new("ingresses", ["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"]),
        [("networking.k8s.io", "NetworkPolicy")] = new("networkpolicies", ["networking.k8s.io/v1"]),
        [("networking.k8s.io", "IngressClass")] = new("ingressclasses", ["networking.k8s.io/v1"]),
        [("policy", "PodDisruptionBudget")] = new("poddisruptionbudgets", ["policy/v1", "policy/v1beta1"]),
        [("autoscaling", "HorizontalPodAutoscaler")] = new("horizontalpodautoscalers", ["autoscaling/v2", "autoscaling/v1"]),
        [("rbac.authorization.k8s.io", "Role")] = new("roles", ["rbac.authorization.k8s.io/v1"]),
        [("rbac.authorization.k8s.io", "RoleBinding")] = new("rolebindings", ["rbac.authorization.k8s.io/v1"]),
        [("rbac.authorization.k8s.io", "ClusterRole")] = new("clusterroles", ["rbac.authorization.k8s.io/v1"]),
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = new("clusterrolebindings", ["rbac.authorization.k8s.io/v1"]),
        [("storage.k8s.io", "StorageClass")] = new("storageclasses", ["storage.k8s.io/v1"]),
        [("storage.k8s.io", "CSIDriver")] = new("csidrivers", ["storage.k8s.io/v1"]),
        [("node.k8s.io", "RuntimeClass")] = new("runtimeclasses", ["node.k8s.io/v1"]),
        [("scheduling.k8s.io", "PriorityClass")] = new("priorityclasses", ["scheduling.k8s.io/v1"]),
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = new("customresourcedefinitions", ["apiextensions.k8s.io/v1"]),
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = new("validatingadmissionpolicies", ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1"]),
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = new("validatingadmissionpolicybindings", ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1"]),
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = new("validatingwebhookconfigurations", ["admissionregistration.k8s.io/v1"]),
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = new("mutatingwebhookconfigurations", ["admissionregistration.k8s.io/v1"]),
        [("certificates.k8s.io", "CertificateSigningRequest")] = new("certificatesigningrequests", ["certificates.k8s.io/v1"]),
    };

    /// <summary>The resource (plural) that serves a kind in a group.</summary>
    public static string ResourceFor(string group, string kind) =>
        Known.TryGetValue((group, kind), out var e) ? e.Resource : GuessResource(kind);

    /// <summary>
    /// Whether objects of the kind live in a namespace (false for Namespace, Node, ClusterRole, ...): for a built-in
    /// kind as the Kubernetes type table says (client-gen's nonNamespaced marker), for others (custom resources) true.
    /// </summary>
    public static bool IsNamespaced(string group, string kind) =>
        Kubernetes.ApiTypes.For(Cel.KubernetesVersion.Latest).IsNamespaced(group, kind) ?? !ClusterScopedOutsideApi.Contains((group, kind));

    // Built-in kinds whose types are not in k8s.io/api (apiextensions-apiserver, kube-aggregator, metrics-server).
    private static readonly HashSet<(string, string)> ClusterScopedOutsideApi =
    [
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("apiregistration.k8s.io", "APIService"),
        ("metrics.k8s.io", "NodeMetrics"),
    ];

    /// <summary>The other group/versions serving the same resource, with the kind there (for matchPolicy: Equivalent).</summary>
    public static IReadOnlyList<(GroupVersionResource Resource, GroupVersionKind Kind)> EquivalentsOf(GroupVersionKind kind) =>
        Equivalents.GetOrAdd(kind, k => ComputeEquivalents(k).ToArray());

    // Every policy that does not match a request asks again: the answer is kept per kind.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<GroupVersionKind, (GroupVersionResource, GroupVersionKind)[]> Equivalents = new();

    private static IEnumerable<(GroupVersionResource Resource, GroupVersionKind Kind)> ComputeEquivalents(GroupVersionKind kind)
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
