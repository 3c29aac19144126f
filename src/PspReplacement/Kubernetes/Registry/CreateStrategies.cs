using PspReplacement.Cel;
using PspReplacement.Kubernetes.Decoding;
using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Registry;

using Obj = Dictionary<string, object?>;

/// <summary>
/// What the registry does to an object on create before validating admission sees it (rest.BeforeCreate calls the
/// kind's strategy PrepareForCreate; validating admission runs after it): the strategies of pkg/registry for the pod
/// bearing kinds and namespaces. Only deterministic changes are made: uid, creationTimestamp, generated names and the
/// Job's uid-based selector labels are left out, since no offline check can know them.
/// </summary>
public static class CreateStrategies
{
    private static readonly KubernetesVersion V130 = new(1, 30);
    private static readonly KubernetesVersion V134 = new(1, 34);

    /// <param name="notes">where changes a reader of the manifest would not expect are described</param>
    public static void PrepareForCreate(string apiVersion, string kind, Obj obj, FeatureGates gates, List<string>? notes = null)
    {
        switch (ApiTypes.GroupOf(apiVersion), kind)
        {
            case ("", "Pod"):
                Pod(obj, gates, notes);
                break;
            case ("", "Namespace"):
                obj["status"] = new Obj(StringComparer.Ordinal) { ["phase"] = "Active" };
                obj.Struct("spec")["finalizers"] = new List<object?> { "kubernetes" };
                break;
            case ("", "ReplicationController"):
                Workload(obj, gates, obj.Struct("spec").Obj("template"), notes, "spec.template.spec");
                break;
            case ("apps", "Deployment" or "ReplicaSet" or "StatefulSet"):
                Workload(obj, gates, obj.Struct("spec").Obj("template"), notes, "spec.template.spec");
                break;
            case ("apps", "DaemonSet"):
                Workload(obj, gates, obj.Struct("spec").Obj("template"), notes, "spec.template.spec");
                // The internal templateGeneration starts at 1 and is written to apps/v1 as this annotation.
                var meta = obj.Struct("metadata");
                if (meta.Obj("annotations") is not { } annotations) meta["annotations"] = annotations = new Obj(StringComparer.Ordinal);
                annotations["deprecated.daemonset.template.generation"] = "1";
                break;
            case ("batch", "Job"):
                Workload(obj, gates, obj.Struct("spec").Obj("template"), notes, "spec.template.spec");
                break;
            case ("batch", "CronJob"):
                Workload(obj, gates, obj.Struct("spec").Obj("jobTemplate")?.Obj("spec")?.Obj("template"), notes, "spec.jobTemplate.spec.template.spec");
                break;
        }
    }

    // Status is cleared, generation starts at 1, disabled fields leave the pod template.
    private static void Workload(Obj obj, FeatureGates gates, Obj? template, List<string>? notes, string at)
    {
        obj["status"] = new Obj(StringComparer.Ordinal);
        obj.Struct("metadata")["generation"] = 1L;
        if (template?.Obj("spec") is { } spec) DisabledPodFields.Drop(spec, gates, notes, at);
    }

    private static void Pod(Obj pod, FeatureGates gates, List<string>? notes)
    {
        var spec = pod.Struct("spec");
        var meta = pod.Struct("metadata");
        if (gates.Enabled("PodObservedGenerationTracking")) meta["generation"] = 1L;
        pod["status"] = new Obj(StringComparer.Ordinal) { ["phase"] = "Pending", ["qosClass"] = PodQos.Compute(spec, gates) };
        DisabledPodFields.Drop(spec, gates, notes);
        if (spec.Items("schedulingGates").Count > 0)
            pod.Struct("status")["conditions"] = new List<object?>
            {
                // The apiserver also stamps lastTransitionTime with the current time.
                new Obj(StringComparer.Ordinal)
                {
                    ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "SchedulingGated",
                    ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
                },
            };
        var labels = meta.Obj("labels") ?? [];
        if (gates.Enabled("MatchLabelKeysInPodAffinity")) MergeAffinityLabelKeys(spec, labels);
        if (gates.Enabled("MatchLabelKeysInPodTopologySpreadSelectorMerge")) MergeTopologySpreadLabelKeys(spec, labels);
        if (gates.Version >= V130) AppArmorVersionSkew(pod, gates.Version);
    }

    // mutatePodAffinity: matchLabelKeys become In requirements, mismatchLabelKeys NotIn, with the pod's label values.
    private static void MergeAffinityLabelKeys(Obj spec, Obj labels)
    {
        foreach (var term in DisabledPodFields.AffinityTerms(spec))
        {
            var requirements = new List<object?>();
            foreach (var key in term.Items("matchLabelKeys").OfType<string>())
                if (labels.GetValueOrDefault(key) is string value) requirements.Add(Requirement(key, "In", value));
            foreach (var key in term.Items("mismatchLabelKeys").OfType<string>())
                if (labels.GetValueOrDefault(key) is string value) requirements.Add(Requirement(key, "NotIn", value));
            if (requirements.Count == 0) continue;
            var selector = term.Obj("labelSelector") ?? (Obj)(term["labelSelector"] = Typed.NewObject())!;
            if (selector.GetValueOrDefault("matchExpressions") is not List<object?> expressions) selector["matchExpressions"] = expressions = [];
            expressions.AddRange(requirements);
        }
    }

    // mutateTopologySpreadConstraints: matchLabelKeys are merged into the labelSelector as In requirements.
    private static void MergeTopologySpreadLabelKeys(Obj spec, Obj labels)
    {
        foreach (var constraint in spec.Structs("topologySpreadConstraints"))
        {
            var requirements = constraint.Items("matchLabelKeys").OfType<string>()
                .Where(key => labels.GetValueOrDefault(key) is string)
                .Select(key => (object?)Requirement(key, "In", (string)labels[key]!)).ToList();
            if (requirements.Count == 0) continue;
            var selector = constraint.Obj("labelSelector") ?? (Obj)(constraint["labelSelector"] = Typed.NewObject())!;
            if (selector.GetValueOrDefault("matchExpressions") is not List<object?> expressions) selector["matchExpressions"] = expressions = [];
            expressions.AddRange(requirements);
        }
    }

    private static Obj Requirement(string key, string op, string value) =>
        new(StringComparer.Ordinal) { ["key"] = key, ["operator"] = op, ["values"] = new List<object?> { value } };

    /// <summary>
    /// applyAppArmorVersionSkew (KEP-24): from 1.30 a container's deprecated AppArmor annotation sets its
    /// appArmorProfile field when the field is unset and differs from the pod's profile; through 1.33 the reverse also
    /// holds (fields are written back as annotations for older kubelets), which 1.34 dropped. Windows pods are left alone.
    /// </summary>
    private static void AppArmorVersionSkew(Obj pod, KubernetesVersion version)
    {
        var spec = pod.Struct("spec");
        if (spec.Obj("os")?.Str("name") == "windows") return;
        var meta = pod.Struct("metadata");
        var annotations = meta.Obj("annotations");
        var podProfile = spec.Obj("securityContext")?.Obj("appArmorProfile");
        foreach (var container in DisabledPodFields.AllContainers(spec))
        {
            var key = "container.apparmor.security.beta.kubernetes.io/" + container.Str("name");
            var containerProfile = container.Obj("securityContext")?.Obj("appArmorProfile");
            var hasAnnotation = annotations?.ContainsKey(key) == true;
            if (!hasAnnotation && version < V134)
            {
                var written = containerProfile is not null ? AnnotationFor(containerProfile) : podProfile is not null ? AnnotationFor(podProfile) : "";
                if (written.Length > 0)
                {
                    if (annotations is null) meta["annotations"] = annotations = new Obj(StringComparer.Ordinal);
                    annotations[key] = written;
                }
            }
            else if (hasAnnotation && containerProfile is null && FieldFor(annotations![key] as string ?? "") is { } field && !SameProfile(field, podProfile))
            {
                container.Struct("securityContext")["appArmorProfile"] = field;
            }
        }
    }

    private static string AnnotationFor(Obj profile) => profile.Str("type") switch
    {
        "RuntimeDefault" => "runtime/default",
        "Unconfined" => "unconfined",
        "Localhost" => "localhost/" + profile.Str("localhostProfile"),
        _ => "",
    };

    // ApparmorFieldForAnnotation, then ValidateAppArmorProfileField: invalid values are not copied.
    private static Obj? FieldFor(string annotation)
    {
        if (annotation == "runtime/default") return new Obj(StringComparer.Ordinal) { ["type"] = "RuntimeDefault" };
        if (annotation == "unconfined") return new Obj(StringComparer.Ordinal) { ["type"] = "Unconfined" };
        if (annotation.StartsWith("localhost/", StringComparison.Ordinal))
        {
            var name = annotation["localhost/".Length..];
            if (name.Length == 0 || name.Length > 4095 || name.Trim() != name) return null;
            return new Obj(StringComparer.Ordinal) { ["type"] = "Localhost", ["localhostProfile"] = name };
        }
        return null;
    }

    private static bool SameProfile(Obj a, Obj? b) => b is not null && a.Str("type") == b.Str("type") && a.Str("localhostProfile") == b.Str("localhostProfile");
}

/// <summary>status.qosClass as the pod strategy computes it on create (pkg/apis/core/helper/qos ComputePodQOS).</summary>
internal static class PodQos
{
    public static string Compute(Obj spec, FeatureGates gates)
    {
        var requests = new Dictionary<string, KubeQuantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, KubeQuantity>(StringComparer.Ordinal);
        var guaranteed = true;
        // With pod-level resources (PodLevelResources) they alone decide; otherwise every container and init
        // container does (ephemeral containers cannot have resources).
        var podLevel = gates.Enabled("PodLevelResources") ? spec.Obj("resources") : null;
        var sources = podLevel is not null ? [podLevel] : spec.Structs("containers").Concat(spec.Structs("initContainers")).Select(c => c.Obj("resources")).ToList();
        foreach (var resources in sources)
        {
            Accumulate(resources?.Obj("requests"), requests, null);
            var found = new HashSet<string>(StringComparer.Ordinal);
            Accumulate(resources?.Obj("limits"), limits, found);
            var limitsChecked = podLevel is null || (resources?.Obj("limits")?.Count ?? 0) > 0;
            if (limitsChecked && !(found.Contains("cpu") && found.Contains("memory"))) guaranteed = false;
        }
        if (requests.Count == 0 && limits.Count == 0) return "BestEffort";
        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l.CompareTo(r.Value) == 0) && requests.Count == limits.Count)
            return "Guaranteed";
        return "Burstable";
    }

    private static void Accumulate(Obj? list, Dictionary<string, KubeQuantity> into, HashSet<string>? found)
    {
        foreach (var (name, value) in list ?? [])
        {
            if (name is not ("cpu" or "memory") || value is not KubeQuantity q || q.CompareTo(KubeQuantity.Zero) <= 0) continue;
            found?.Add(name);
            into[name] = into.TryGetValue(name, out var have) ? q.Plus(have) : q;
        }
    }
}
