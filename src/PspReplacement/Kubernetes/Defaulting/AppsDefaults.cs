using PspReplacement.Kubernetes.Decoding;

namespace PspReplacement.Kubernetes.Defaulting;

using Obj = Dictionary<string, object?>;
using static CoreDefaults;

/// <summary>The defaulting functions of apps/v1 (pkg/apis/apps/v1/defaults.go), one per SetDefaults_TYPE.</summary>
internal static class AppsDefaults
{
    public static readonly IReadOnlyDictionary<string, Action<Obj, DefaultingContext>> Functions = new Dictionary<string, Action<Obj, DefaultingContext>>
    {
        ["apps/v1.Deployment"] = (o, _) => Deployment(o),
        ["apps/v1.DaemonSet"] = (o, _) => DaemonSet(o),
        ["apps/v1.StatefulSet"] = StatefulSet,
        ["apps/v1.ReplicaSet"] = (o, _) => SetIfNil(o.Struct("spec"), "replicas", 1L),
    };

    private static void Deployment(Obj deployment)
    {
        var spec = deployment.Struct("spec");
        SetIfNil(spec, "replicas", 1L);
        var strategy = spec.Struct("strategy");
        SetIfEmpty(strategy, "type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rolling = strategy.Obj("rollingUpdate") ?? (Obj)(strategy["rollingUpdate"] = Typed.NewObject())!;
            SetIfNil(rolling, "maxUnavailable", IntOrStringValue.Of("25%"));
            SetIfNil(rolling, "maxSurge", IntOrStringValue.Of("25%"));
        }
        SetIfNil(spec, "revisionHistoryLimit", 10L);
        SetIfNil(spec, "progressDeadlineSeconds", 600L);
    }

    private static void DaemonSet(Obj daemonSet)
    {
        var spec = daemonSet.Struct("spec");
        var strategy = spec.Struct("updateStrategy");
        SetIfEmpty(strategy, "type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rolling = strategy.Obj("rollingUpdate") ?? (Obj)(strategy["rollingUpdate"] = Typed.NewObject())!;
            SetIfNil(rolling, "maxUnavailable", IntOrStringValue.Of(1));
            SetIfNil(rolling, "maxSurge", IntOrStringValue.Of(0));
        }
        SetIfNil(spec, "revisionHistoryLimit", 10L);
    }

    private static void StatefulSet(Obj statefulSet, DefaultingContext context)
    {
        var spec = statefulSet.Struct("spec");
        SetIfEmpty(spec, "podManagementPolicy", "OrderedReady");
        var strategy = spec.Struct("updateStrategy");
        if (strategy.Str("type").Length == 0)
        {
            strategy["type"] = "RollingUpdate";
            SetIfNil(strategy, "rollingUpdate", Typed.NewObject());
        }
        if (strategy.Str("type") == "RollingUpdate" && strategy.Obj("rollingUpdate") is { } rolling)
        {
            SetIfNil(rolling, "partition", 0L);
            if (context.Gates.Enabled("MaxUnavailableStatefulSet")) SetIfNil(rolling, "maxUnavailable", IntOrStringValue.Of(1));
        }
        if (context.Gates.Enabled("StatefulSetAutoDeletePVC"))
        {
            var retention = spec.Obj("persistentVolumeClaimRetentionPolicy") ?? (Obj)(spec["persistentVolumeClaimRetentionPolicy"] = Typed.NewObject())!;
            SetIfEmpty(retention, "whenDeleted", "Retain");
            SetIfEmpty(retention, "whenScaled", "Retain");
        }
        SetIfNil(spec, "replicas", 1L);
        SetIfNil(spec, "revisionHistoryLimit", 10L);
    }
}
