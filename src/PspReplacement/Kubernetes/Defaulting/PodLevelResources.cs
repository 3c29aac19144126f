using PspReplacement.Kubernetes.Decoding;
using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Defaulting;

using Obj = Dictionary<string, object?>;

/// <summary>
/// SetDefaults_Pod's pod-level resources defaulting (feature gate PodLevelResources, on from 1.34): when spec.resources
/// is partly given, hugepage limits, requests and limits are completed from the containers' aggregate
/// (defaultHugePagePodLimits, defaultPodRequests, defaultPodLimits in pkg/apis/core/v1/defaults.go), with the
/// aggregation of k8s.io/component-helpers/resource (regular containers summed, init containers by their peak,
/// restartable init containers running beside the rest, the pod overhead added).
/// </summary>
internal static class PodLevelResources
{
    public static void Default(Obj spec)
    {
        HugePageLimits(spec);
        Requests(spec);
        Limits(spec);
    }

    private static bool Supported(string key) => key is "cpu" or "memory" || IsHugePages(key);
    private static bool IsHugePages(string key) => key.StartsWith("hugepages-", StringComparison.Ordinal);
    private static bool Overcommittable(string key) => !IsHugePages(key);

    private static void HugePageLimits(Obj spec)
    {
        if (spec.Obj("resources") is not { } resources) return;
        var limits = resources.Obj("limits");
        var requests = resources.Obj("requests");
        if ((limits?.Count ?? 0) == 0 && (requests?.Count ?? 0) == 0) return;
        var podLimits = limits ?? new Obj(StringComparer.Ordinal);
        foreach (var (key, value) in Aggregate(spec, "limits"))
        {
            if (!Supported(key) || !IsHugePages(key)) continue;
            if (requests?.ContainsKey(key) == true) continue;
            podLimits.TryAdd(key, value);
        }
        if (podLimits.Count > 0) resources["limits"] = podLimits;
    }

    private static void Requests(Obj spec)
    {
        if (spec.Obj("resources") is not { } resources || resources.Obj("limits") is not { Count: > 0 } limits) return;
        var podRequests = resources.Obj("requests") ?? new Obj(StringComparer.Ordinal);
        foreach (var (key, value) in Aggregate(spec, "requests"))
            if (!podRequests.ContainsKey(key) && Supported(key) && Overcommittable(key)) podRequests[key] = value;
        foreach (var (key, value) in limits)
            if (!podRequests.ContainsKey(key) && Supported(key)) podRequests[key] = value;
        if (podRequests.Count > 0) resources["requests"] = podRequests;
    }

    private static void Limits(Obj spec)
    {
        var resources = spec.Obj("resources");
        if (resources?.Obj("limits") is { } set && set.Keys.Any(Supported)) return;
        if (resources?.Obj("requests") is not { } requests || !requests.Keys.Any(Supported)) return;
        var podLimits = resources.Obj("limits") ?? new Obj(StringComparer.Ordinal);
        foreach (var (key, value) in Aggregate(spec, "limits"))
        {
            if (podLimits.ContainsKey(key) || !Supported(key) || !Overcommittable(key)) continue;
            if (!AllContainersLimit(spec, key)) continue;
            podLimits[key] = value;
        }
        if (podLimits.Count > 0) resources["limits"] = podLimits;
    }

    private static bool AllContainersLimit(Obj spec, string key) =>
        spec.Structs("containers").Concat(spec.Structs("initContainers"))
            .All(c => c.Obj("resources")?.Obj("limits")?.ContainsKey(key) == true);

    /// <summary>AggregateContainerRequests / AggregateContainerLimits with default options.</summary>
    private static Dictionary<string, KubeQuantity> Aggregate(Obj spec, string which)
    {
        var regular = new Dictionary<string, KubeQuantity>(StringComparer.Ordinal);
        foreach (var c in spec.Structs("containers")) Add(regular, Of(c, which));
        var sidecars = new Dictionary<string, KubeQuantity>(StringComparer.Ordinal);
        var initPeak = new Dictionary<string, KubeQuantity>(StringComparer.Ordinal);
        foreach (var c in spec.Structs("initContainers"))
        {
            var own = Of(c, which);
            if (c.Str("restartPolicy") == "Always")
            {
                Add(sidecars, own);
                Max(initPeak, sidecars);
            }
            else
            {
                var running = new Dictionary<string, KubeQuantity>(sidecars, StringComparer.Ordinal);
                Add(running, own);
                Max(initPeak, running);
            }
        }
        Add(regular, sidecars);
        Max(regular, initPeak);
        if (spec.Obj("overhead") is { } overhead) Add(regular, overhead.Where(e => e.Value is KubeQuantity).ToDictionary(e => e.Key, e => (KubeQuantity)e.Value!));
        return regular;
    }

    private static Dictionary<string, KubeQuantity> Of(Obj container, string which) =>
        (container.Obj("resources")?.Obj(which) ?? []).Where(e => e.Value is KubeQuantity).ToDictionary(e => e.Key, e => (KubeQuantity)e.Value!, StringComparer.Ordinal);

    private static void Add(Dictionary<string, KubeQuantity> into, IReadOnlyDictionary<string, KubeQuantity> more)
    {
        foreach (var (k, v) in more) into[k] = into.TryGetValue(k, out var have) ? have.Plus(v) : v;
    }

    private static void Max(Dictionary<string, KubeQuantity> into, IReadOnlyDictionary<string, KubeQuantity> other)
    {
        foreach (var (k, v) in other)
            if (!into.TryGetValue(k, out var have) || v.CompareTo(have) > 0) into[k] = v;
    }
}
