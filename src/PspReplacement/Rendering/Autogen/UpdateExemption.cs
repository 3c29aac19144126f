using static PspReplacement.Rendering.Autogen.ModelFactory;
using k8s.Models;

namespace PspReplacement.Rendering.Autogen;

/// <summary>
/// PSA's update exemption as VAP matchConditions (a policy only runs when every matchCondition is true):
/// an UPDATE that cannot change what runs is let through even for a pod that violates the policy, so labelling or
/// annotating a pod that predates enforcement keeps working.
/// </summary>
public static class UpdateExemption
{
    public const string PodConditionName = "pspr-significant-pod-update";
    public const string ControllerConditionName = "pspr-significant-template-update";

    /// <summary>
    /// The pod fields an UPDATE of the pods resource can change at all (ValidatePodUpdate as of Kubernetes 1.35): container
    /// and init container images, activeDeadlineSeconds, tolerations (additions), terminationGracePeriodSeconds
    /// (negative to 1), schedulingGates (removal) and, while gated, nodeSelector and affinity (additions). Every one of them
    /// except activeDeadlineSeconds and tolerations is compared, plus, in case a future apiserver relaxes them, the
    /// pod-level fields the Pod Security Standards read. Fields are compared one by one because the apiserver hands
    /// VAPs typed objects: a PodSpec cannot be iterated like a map to drop two keys.
    /// </summary>
    public static readonly IReadOnlyList<string> ComparedPodSpecFields =
    [
        "containers", "initContainers", "ephemeralContainers", "terminationGracePeriodSeconds", "schedulingGates",
        "nodeSelector", "affinity", "securityContext", "volumes", "hostNetwork", "hostPID", "hostIPC", "hostUsers",
    ];

    /// <summary>Annotation keys (exact or prefixes) that PSS reads: seccomp (before 1.27 fields) and AppArmor (before 1.30 fields).</summary>
    public static readonly IReadOnlyList<string> SecurityAnnotationPrefixes =
    [
        "seccomp.security.alpha.kubernetes.io/pod",
        "container.seccomp.security.alpha.kubernetes.io/",
        "container.apparmor.security.beta.kubernetes.io/",
    ];

    /// <summary>
    /// True unless the request is an UPDATE of the pods resource itself that changes only metadata (other than the
    /// seccomp/AppArmor annotations), spec.activeDeadlineSeconds or spec.tolerations. Ephemeral container updates are
    /// always checked. Written without optional syntax so it runs on every Kubernetes version render supports.
    /// </summary>
    public static V1MatchCondition ForPods() => Condition(PodConditionName, PodExpression());

    /// <summary>
    /// For a controller: true unless an UPDATE leaves the pod template as it was (scaling, labelling the controller, ...).
    /// Such an update creates no pod that was not already admitted, and the pods it does create are checked by the pod form.
    /// </summary>
    public static V1MatchCondition ForControllers(ControllerKind kind) =>
        Condition(ControllerConditionName, $"request.operation != 'UPDATE' || object.{kind.TemplatePathText} != oldObject.{kind.TemplatePathText}");

    private static string PodExpression()
    {
        var parts = new List<string>
        {
            "request.operation != 'UPDATE'",
            "request.subResource == 'ephemeralcontainers'",
        };
        foreach (var field in ComparedPodSpecFields)
            parts.Add(field == "containers"
                ? "object.spec.containers != oldObject.spec.containers" // required: always present
                : $"has(object.spec.{field}) != has(oldObject.spec.{field}) || (has(object.spec.{field}) && object.spec.{field} != oldObject.spec.{field})");
        parts.Add(AnnotationChanged("object", "oldObject", compareValues: true));
        parts.Add(AnnotationChanged("oldObject", "object", compareValues: false));
        return string.Join("\n|| ", parts);
    }

    /// <summary>Some security annotation of <paramref name="from"/> is missing from, or (compareValues) different in, <paramref name="other"/>.</summary>
    private static string AnnotationChanged(string from, string other, bool compareValues)
    {
        var isSecurityKey = string.Join(" || ", SecurityAnnotationPrefixes.Select(p => p.EndsWith('/') ? $"k.startsWith('{p}')" : $"k == '{p}'"));
        var sameInOther = $"has({other}.metadata.annotations) && k in {other}.metadata.annotations"
            + (compareValues ? $" && {other}.metadata.annotations[k] == {from}.metadata.annotations[k]" : "");
        return $"(has({from}.metadata.annotations) && {from}.metadata.annotations.exists(k, ({isSecurityKey}) && !({sameInOther})))";
    }
}
