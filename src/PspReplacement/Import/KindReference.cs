namespace PspReplacement.Import;

/// <summary>
/// A kind as Kyverno's match.resources.kinds writes it: "Pod", "v1/Pod", "apps/v1/Deployment", optionally with a
/// subresource ("Pod/ephemeralcontainers"), and the resource (plural) a ValidatingAdmissionPolicy rule names instead.
/// </summary>
internal sealed record KindReference(string? Group, string? Version, string Kind, string? Subresource)
{
    // Group and plural of the kinds a pod-security policy meets; others are derived (lower case, English plural).
    private static readonly Dictionary<string, (string Group, string Plural)> WellKnown = new(StringComparer.Ordinal)
    {
        ["Pod"] = ("", "pods"),
        ["Deployment"] = ("apps", "deployments"),
        ["ReplicaSet"] = ("apps", "replicasets"),
        ["DaemonSet"] = ("apps", "daemonsets"),
        ["StatefulSet"] = ("apps", "statefulsets"),
        ["Job"] = ("batch", "jobs"),
        ["CronJob"] = ("batch", "cronjobs"),
        ["ReplicationController"] = ("", "replicationcontrollers"),
        ["PodTemplate"] = ("", "podtemplates"),
        ["Namespace"] = ("", "namespaces"),
        ["Service"] = ("", "services"),
        ["ConfigMap"] = ("", "configmaps"),
        ["Secret"] = ("", "secrets"),
        ["ServiceAccount"] = ("", "serviceaccounts"),
        ["Ingress"] = ("networking.k8s.io", "ingresses"),
        ["NetworkPolicy"] = ("networking.k8s.io", "networkpolicies"),
        ["Role"] = ("rbac.authorization.k8s.io", "roles"),
        ["RoleBinding"] = ("rbac.authorization.k8s.io", "rolebindings"),
        ["ClusterRole"] = ("rbac.authorization.k8s.io", "clusterroles"),
        ["ClusterRoleBinding"] = ("rbac.authorization.k8s.io", "clusterrolebindings"),
    };

    public static KindReference Parse(string text)
    {
        var parts = text.Trim().Split('/');
        // The kind is the first segment that starts upper case (or "*"); what precedes is group/version, what follows the subresource.
        var k = Array.FindIndex(parts, p => p.Length > 0 && (char.IsUpper(p[0]) || p == "*"));
        if (k < 0) k = parts.Length - 1;
        var gv = parts[..k];
        var sub = k + 1 < parts.Length ? string.Join('/', parts[(k + 1)..]) : null;
        return gv.Length switch
        {
            0 => new KindReference(null, null, parts[k], sub),
            1 => new KindReference(null, gv[0], parts[k], sub),
            _ => new KindReference(gv[0], gv[1], parts[k], sub),
        };
    }

    public bool IsPod => Kind == "Pod" && (Group is null or "") && (Version is null or "v1" or "*") && Subresource is null or "ephemeralcontainers";

    /// <summary>The VAP resource for this kind: "pods", "pods/ephemeralcontainers", "*".</summary>
    public string Resource
    {
        get
        {
            var plural = Kind == "*" ? "*" : WellKnown.TryGetValue(Kind, out var known) ? known.Plural : Pluralize(Kind.ToLowerInvariant());
            return Subresource is null ? plural : $"{plural}/{Subresource.ToLowerInvariant()}";
        }
    }

    /// <summary>The API group: as written, else the well-known one, else any ("*": Kyverno matches a bare kind in every group).</summary>
    public string ApiGroup => Group ?? (Version is not null ? "" : WellKnown.TryGetValue(Kind, out var known) ? known.Group : "*");

    public string ApiVersion => Version ?? "*";

    private static string Pluralize(string word) =>
        word.EndsWith('y') && word.Length > 1 && !"aeiou".Contains(word[^2]) ? word[..^1] + "ies"
        : word.EndsWith('s') || word.EndsWith('x') || word.EndsWith("ch") || word.EndsWith("sh") ? word + "es"
        : word + "s";
}
