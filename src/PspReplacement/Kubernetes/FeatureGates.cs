using PspReplacement.Cel;

namespace PspReplacement.Kubernetes;

/// <summary>
/// The kube-apiserver feature gates that change how a request body is defaulted or which fields it keeps, with the
/// first Kubernetes version that turns each on by default. Read from the versioned specs of
/// pkg/features/kube_features.go (kubernetes/kubernetes, 1.35/1.36 development: each gate lists every stage with its
/// version and default); gates already removed there are given with the release that made them default on. The
/// offline check assumes a cluster with default gates, as a managed cluster has.
/// </summary>
public sealed class FeatureGates(KubernetesVersion version)
{
    // Gate → first version where it is on by default (null: never on by default in the versions pspr supports).
    private static readonly Dictionary<string, KubernetesVersion?> OnSince = new(StringComparer.Ordinal)
    {
        // Removed gates: StatefulSetAutoDeletePVC beta 1.27 (on), GA 1.32; AppArmorFields beta 1.30 (on), GA 1.31.
        ["StatefulSetAutoDeletePVC"] = new(1, 27),
        // Deprecated and off from 1.28, removed in 1.31: before 1.28 host ports were defaulted in pod templates too.
        ["DefaultHostNetworkHostPortsInPodTemplates"] = null,
        ["MaxUnavailableStatefulSet"] = new(1, 35),
        ["JobPodReplacementPolicy"] = new(1, 29),
        ["JobBackoffLimitPerIndex"] = new(1, 29),
        ["PodLevelResources"] = new(1, 34),
        ["ImageVolume"] = new(1, 35),
        ["UserNamespacesSupport"] = new(1, 33),
        ["ProcMountType"] = new(1, 33),
        ["SupplementalGroupsPolicy"] = new(1, 33),
        ["InPlacePodVerticalScaling"] = new(1, 33),
        ["SidecarContainers"] = new(1, 29),
        ["DynamicResourceAllocation"] = new(1, 34),
        ["RecursiveReadOnlyMounts"] = new(1, 31),
        ["HostnameOverride"] = new(1, 35),
        ["EnvFiles"] = new(1, 35),
        ["PodLifecycleSleepAction"] = new(1, 30),
        ["SELinuxChangePolicy"] = new(1, 33),
        ["ContainerStopSignals"] = null,
        ["ContainerRestartRules"] = new(1, 35),
        ["ClusterTrustBundleProjection"] = null,
        ["PodCertificateRequest"] = null,
        ["GenericWorkload"] = null,
        ["MatchLabelKeysInPodTopologySpread"] = new(1, 27),
        ["NodeInclusionPolicyInPodTopologySpread"] = new(1, 26),
        ["MatchLabelKeysInPodAffinity"] = new(1, 31),
        ["MatchLabelKeysInPodTopologySpreadSelectorMerge"] = new(1, 34),
        ["PodSchedulingReadiness"] = new(1, 27),
        ["PodObservedGenerationTracking"] = new(1, 34),
    };

    public KubernetesVersion Version { get; } = version;

    public bool Enabled(string gate)
    {
        if (!OnSince.TryGetValue(gate, out var since)) throw new ArgumentException($"feature gate {gate} is not in the table", nameof(gate));
        return since is { } v && Version >= v;
    }

    public static IReadOnlyCollection<string> Known => OnSince.Keys;
}
