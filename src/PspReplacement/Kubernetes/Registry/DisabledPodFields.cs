using PspReplacement.Kubernetes.Decoding;

namespace PspReplacement.Kubernetes.Registry;

using Obj = Dictionary<string, object?>;

/// <summary>
/// pkg/api/pod's dropDisabledFields on a create (no old object): fields of a pod spec whose feature gate is off in the
/// version are removed before the object is validated and admitted — so on a 1.30 cluster a `hostUsers: false` or a
/// `procMount: Unmasked` never reaches a policy (procMount is forced to Default, not removed, for compatibility with
/// objects stored since 1.12). Applied to Pods and, by DropDisabledTemplateFields, to every pod template. The changes
/// that decide a Pod Security verdict are noted, since a reader of the manifest would not expect them.
/// </summary>
internal static class DisabledPodFields
{
    /// <param name="at">the spec's path in its object ("spec", "spec.template.spec"), for the notes</param>
    public static void Drop(Obj spec, FeatureGates gates, List<string>? notes = null, string at = "spec")
    {
        if (!gates.Enabled("UserNamespacesSupport") && spec.Remove("hostUsers"))
            notes?.Add(Note(gates, $"{at}.hostUsers is dropped", "UserNamespacesSupport", "1.33"));
        if (!gates.Enabled("SupplementalGroupsPolicy")) spec.Obj("securityContext")?.Remove("supplementalGroupsPolicy");
        if (!gates.Enabled("SELinuxChangePolicy")) spec.Obj("securityContext")?.Remove("seLinuxChangePolicy");
        if (!gates.Enabled("PodLevelResources")) spec.Remove("resources");
        if (!gates.Enabled("HostnameOverride")) spec.Remove("hostnameOverride");
        if (!gates.Enabled("GenericWorkload")) spec.Remove("workloadRef");
        if (!gates.Enabled("DynamicResourceAllocation"))
        {
            foreach (var c in AllContainers(spec)) c.Obj("resources")?.Remove("claims");
            spec.Remove("resourceClaims");
        }
        if (!gates.Enabled("ProcMountType"))
            foreach (var field in new[] { "initContainers", "containers", "ephemeralContainers" })
            {
                var index = 0;
                foreach (var c in spec.Structs(field).ToList())
                {
                    if (c.Obj("securityContext") is { } sc && sc.Has("procMount"))
                    {
                        if (sc.Str("procMount") != "Default")
                            notes?.Add(Note(gates, $"{at}.{field}[{index}].securityContext.procMount {sc.Str("procMount")} becomes Default", "ProcMountType", "1.33"));
                        sc["procMount"] = "Default";
                    }
                    index++;
                }
            }
        if (!gates.Enabled("InPlacePodVerticalScaling"))
            foreach (var c in AllContainers(spec)) c.Remove("resizePolicy");
        if (!gates.Enabled("SidecarContainers"))
            foreach (var c in spec.Structs("initContainers")) c.Remove("restartPolicy");
        if (!gates.Enabled("ContainerRestartRules"))
        {
            foreach (var c in AllContainers(spec)) c.Remove("restartPolicyRules");
            foreach (var c in spec.Structs("containers").Concat(spec.Structs("ephemeralContainers"))) c.Remove("restartPolicy");
        }
        if (!gates.Enabled("RecursiveReadOnlyMounts"))
            foreach (var c in AllContainers(spec))
                foreach (var mount in c.Structs("volumeMounts")) mount.Remove("recursiveReadOnly");
        if (!gates.Enabled("EnvFiles"))
            foreach (var c in AllContainers(spec))
                foreach (var env in c.Structs("env")) env.Obj("valueFrom")?.Remove("fileKeyRef");
        if (!gates.Enabled("PodLifecycleSleepAction"))
            foreach (var c in AllContainers(spec)) DropSleep(c);
        if (!gates.Enabled("ContainerStopSignals"))
            foreach (var c in AllContainers(spec))
                if (c.Obj("lifecycle") is { } lifecycle && lifecycle.Remove("stopSignal") && lifecycle.Count == 0) c.Remove("lifecycle");
        if (!gates.Enabled("ImageVolume") && spec.GetValueOrDefault("volumes") is List<object?> volumes)
            volumes.RemoveAll(v => v is Obj volume && volume.Has("image"));
        if (!gates.Enabled("ClusterTrustBundleProjection") || !gates.Enabled("PodCertificateRequest"))
            foreach (var volume in spec.Structs("volumes"))
                foreach (var source in volume.Obj("projected")?.Structs("sources") ?? [])
                {
                    if (!gates.Enabled("ClusterTrustBundleProjection")) source.Remove("clusterTrustBundle");
                    if (!gates.Enabled("PodCertificateRequest")) source.Remove("podCertificate");
                }
        if (!gates.Enabled("MatchLabelKeysInPodTopologySpread"))
            foreach (var constraint in spec.Structs("topologySpreadConstraints")) constraint.Remove("matchLabelKeys");
        if (!gates.Enabled("MatchLabelKeysInPodAffinity"))
            foreach (var term in AffinityTerms(spec)) { term.Remove("matchLabelKeys"); term.Remove("mismatchLabelKeys"); }
        if (!gates.Enabled("PodSchedulingReadiness")) spec.Remove("schedulingGates");
    }

    private static string Note(FeatureGates gates, string what, string gate, string since) =>
        $"the Kubernetes {gates.Version} apiserver changes this object before admission: {what} (feature gate {gate} is off by default before {since})";

    public static IEnumerable<Obj> AllContainers(Obj spec) =>
        spec.Structs("initContainers").Concat(spec.Structs("containers")).Concat(spec.Structs("ephemeralContainers")).ToList();

    /// <summary>The pod affinity and anti-affinity terms, required and preferred.</summary>
    public static IEnumerable<Obj> AffinityTerms(Obj spec)
    {
        var affinity = spec.Obj("affinity");
        foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
        {
            if (affinity?.Obj(kind) is not { } a) continue;
            foreach (var term in a.Structs("requiredDuringSchedulingIgnoredDuringExecution")) yield return term;
            foreach (var weighted in a.Structs("preferredDuringSchedulingIgnoredDuringExecution"))
                if (weighted.Obj("podAffinityTerm") is { } term) yield return term;
        }
    }

    private static void DropSleep(Obj container)
    {
        if (container.Obj("lifecycle") is not { } lifecycle) return;
        foreach (var hook in new[] { "preStop", "postStart" })
        {
            if (lifecycle.Obj(hook) is not { } handler || !handler.Remove("sleep")) continue;
            if (!handler.Has("exec") && !handler.Has("httpGet") && !handler.Has("tcpSocket")) lifecycle.Remove(hook);
        }
        if (!lifecycle.Has("preStop") && !lifecycle.Has("postStart") && !lifecycle.Has("stopSignal")) container.Remove("lifecycle");
    }
}
