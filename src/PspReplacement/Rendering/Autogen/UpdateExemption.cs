using static PspReplacement.Rendering.Autogen.ModelFactory;
using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Kubernetes;

namespace PspReplacement.Rendering.Autogen;

/// <summary>
/// PSA's rules for which pod requests it evaluates, as VAP matchConstraints and matchConditions (a policy only runs when
/// every matchCondition is true), so that a pod that predates enforcement can still be labelled, annotated, have its
/// status written or its resources resized, exactly where PSA lets it.
///
/// The rules, from pod-security-admission admission/admission.go (ValidatePod, isSignificantPodUpdate,
/// isSignificantContainerUpdate, ignoredPodSubresources), read at every tag v0.26.0 to v0.37.0-alpha.2; the built-in
/// plugin and the webhook (webhook/manifests/70-validatingwebhookconfiguration.yaml) handle CREATE and UPDATE only:
/// <list type="bullet">
/// <item>the subresources exec, attach, binding, eviction, log, portforward, proxy and status are never evaluated; every
/// other one (ephemeralcontainers, resize, and any a later Kubernetes adds: PSA fails safe) is, as the pod itself is;</item>
/// <item>a CREATE is always evaluated;</item>
/// <item>an UPDATE only when it is significant: the number of containers or of init containers changed, a container or
/// init container (by index) changed its image, or an ephemeral container is new (no old one has its name) or changed
/// its image. Nothing else: not labels or annotations, not activeDeadlineSeconds, tolerations,
/// terminationGracePeriodSeconds, scheduling gates, nodeSelector or affinity;</item>
/// <item>only in Kubernetes 1.26 (every v0.26.x; v0.27.0 removed it): also when the annotation
/// container.seccomp.security.alpha.kubernetes.io/NAME of a container, init container or ephemeral container changed
/// (a missing annotation counts as the empty string, as a Go map lookup gives).</item>
/// </list>
/// Apart from that annotation the rules are the same at every one of those tags. They follow the cluster's Kubernetes
/// version (PSA is part of its apiserver), not the PSS version a namespace enforces.
/// </summary>
public static class UpdateExemption
{
    public const string PodConditionName = "pspr-significant-pod-update";
    public const string ControllerConditionName = "pspr-significant-template-update";

    /// <summary>admission.go ignoredPodSubresources, identical at every tag v0.26.0 to v0.37.0-alpha.2.</summary>
    public static readonly IReadOnlyList<string> IgnoredPodSubresources =
        ["attach", "binding", "eviction", "exec", "log", "portforward", "proxy", "status"];

    /// <summary>The first Kubernetes version whose PSA no longer treats a container seccomp annotation change as significant.</summary>
    public static readonly KubernetesVersion SeccompAnnotationIgnoredSince = new(1, 27);

    /// <summary>corev1.SeccompContainerAnnotationKeyPrefix, the key isSignificantContainerUpdate compared in 1.26.</summary>
    public const string SeccompContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    /// <summary>
    /// True for a CREATE and for a significant UPDATE (see the class summary), on the pods resource and on every
    /// subresource that <see cref="MatchRules.Pods"/> lets through. Written without optional syntax, variables or
    /// two-variable comprehensions so it compiles on every Kubernetes version render supports (and folds into the
    /// validations where matchConditions are off).
    /// </summary>
    public static V1MatchCondition ForPods(KubernetesVersion kubernetes) => Condition(PodConditionName, PodExpression(kubernetes));

    /// <summary>
    /// For a controller: true unless an UPDATE leaves the pod template as it was (scaling, labelling the controller, ...).
    /// Such an update creates no pod that was not already admitted, and the pods it does create are checked by the pod form.
    /// </summary>
    public static V1MatchCondition ForControllers(ControllerKind kind) =>
        Condition(ControllerConditionName, $"request.operation != 'UPDATE' || object.{kind.TemplatePathText} != oldObject.{kind.TemplatePathText}");

    private static string PodExpression(KubernetesVersion kubernetes)
    {
        var parts = new List<string>
        {
            "request.operation != 'UPDATE'",
            // One list comparison per kind is PSA's count check and its by-index image check together: lists of
            // different sizes differ, lists of one size differ where some index differs.
            $"{Images("object.spec.containers")} != {Images("oldObject.spec.containers")}",
            $"{Images(Containers("object", "initContainers"))} != {Images(Containers("oldObject", "initContainers"))}",
            // An ephemeral container is new when no old one has its name, else it is compared with the first old one
            // that has (PSA's loop breaks at the first match; names are unique anyway).
            $"{Containers("object", "ephemeralContainers")}.exists(c, "
            + "!(has(oldObject.spec.ephemeralContainers) && oldObject.spec.ephemeralContainers.exists(o, o.name == c.name))"
            + $" || {Image("c")} != oldObject.spec.ephemeralContainers.filter(o, o.name == c.name).map(o, {Image("o")})[0])",
        };
        if (kubernetes < SeccompAnnotationIgnoredSince)
        {
            var key = $"'{SeccompContainerAnnotationPrefix}' + c.name";
            parts.Add($"({Containers("object", "containers")} + {Containers("object", "initContainers")} + {Containers("object", "ephemeralContainers")})"
                + $".exists(c, {Annotation("object", key)} != {Annotation("oldObject", key)})");
        }
        return string.Join("\n|| ", parts);
    }

    /// <summary>A pod's container list of that field, empty when the field is absent (containers is required).</summary>
    private static string Containers(string pod, string field) =>
        field == "containers" ? $"{pod}.spec.containers" : $"(has({pod}.spec.{field}) ? {pod}.spec.{field} : [])";

    private static string Images(string containers) => $"{containers}.map(c, {Image("c")})";

    /// <summary>A container's image, the empty string when unset (the Go field's zero value PSA compares).</summary>
    private static string Image(string container) => $"(has({container}.image) ? {container}.image : '')";

    private static string Annotation(string pod, string key) =>
        $"(has({pod}.metadata.annotations) && ({key}) in {pod}.metadata.annotations ? {pod}.metadata.annotations[{key}] : '')";
}
