using PspReplacement.Cel;
using PspReplacement.Kubernetes.Decoding;
using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Defaulting;

using Obj = Dictionary<string, object?>;

/// <summary>
/// The hand-written defaulting functions of core/v1 (pkg/apis/core/v1/defaults.go, kubernetes/kubernetes), one per
/// SetDefaults_TYPE, each written after the Go function it is named for. Where the function changed between the
/// versions pspr supports, the version or feature gate is in the code and the comment says what changed.
/// </summary>
internal static class CoreDefaults
{
    public static readonly IReadOnlyDictionary<string, Action<Obj, DefaultingContext>> Functions = new Dictionary<string, Action<Obj, DefaultingContext>>
    {
        ["core/v1.ResourceList"] = (o, _) => ResourceList(o),
        ["core/v1.ReplicationController"] = ReplicationController,
        ["core/v1.Volume"] = Volume,
        ["core/v1.Container"] = (o, _) => Container(o),
        ["core/v1.EphemeralContainer"] = (o, _) => Container(o),
        ["core/v1.Service"] = Service,
        ["core/v1.Pod"] = Pod,
        ["core/v1.PodSpec"] = PodSpec,
        ["core/v1.Probe"] = (o, _) => Probe(o),
        ["core/v1.SecretVolumeSource"] = (o, _) => DefaultMode(o),
        ["core/v1.ConfigMapVolumeSource"] = (o, _) => DefaultMode(o),
        ["core/v1.DownwardAPIVolumeSource"] = (o, _) => DefaultMode(o),
        ["core/v1.ProjectedVolumeSource"] = (o, _) => DefaultMode(o),
        ["core/v1.Secret"] = (o, _) => SetIfEmpty(o, "type", "Opaque"),
        ["core/v1.ServiceAccountTokenProjection"] = (o, _) => SetIfNil(o, "expirationSeconds", 3600L),
        ["core/v1.PersistentVolume"] = PersistentVolume,
        ["core/v1.PersistentVolumeClaim"] = (o, _) => SetIfEmpty(o.Struct("status"), "phase", "Pending"),
        ["core/v1.PersistentVolumeClaimSpec"] = (o, _) => SetIfNil(o, "volumeMode", "Filesystem"),
        ["core/v1.Endpoints"] = (o, _) => Endpoints(o),
        ["core/v1.HTTPGetAction"] = (o, _) => { SetIfEmpty(o, "path", "/"); SetIfEmpty(o, "scheme", "HTTP"); },
        ["core/v1.Namespace"] = (o, _) => Namespace(o),
        ["core/v1.NamespaceStatus"] = (o, _) => SetIfEmpty(o, "phase", "Active"),
        ["core/v1.NodeStatus"] = (o, _) => { if (!o.Has("allocatable") && o.Has("capacity")) o["allocatable"] = new Obj(o.Obj("capacity")!, StringComparer.Ordinal); },
        ["core/v1.ObjectFieldSelector"] = (o, _) => SetIfEmpty(o, "apiVersion", "v1"),
        ["core/v1.LimitRangeItem"] = (o, _) => LimitRangeItem(o),
        ["core/v1.ConfigMap"] = (o, _) => { if (!o.Has("data")) o["data"] = new Obj(StringComparer.Ordinal); },
        ["core/v1.HostPathVolumeSource"] = (o, _) => SetIfNil(o, "type", ""),
        // Until 1.31 these were functions; from 1.31 the same values are +default markers (the type table has them).
        ["core/v1.ISCSIVolumeSource"] = (o, c) => { if (c.Version < V131) SetIfEmpty(o, "iscsiInterface", "default"); },
        ["core/v1.ISCSIPersistentVolumeSource"] = (o, c) => { if (c.Version < V131) SetIfEmpty(o, "iscsiInterface", "default"); },
        ["core/v1.AzureDiskVolumeSource"] = AzureDisk,
        ["core/v1.RBDVolumeSource"] = Rbd,
        ["core/v1.RBDPersistentVolumeSource"] = Rbd,
        ["core/v1.ScaleIOVolumeSource"] = ScaleIO,
        ["core/v1.ScaleIOPersistentVolumeSource"] = ScaleIO,
    };

    private static readonly KubernetesVersion V128 = new(1, 28);
    private static readonly KubernetesVersion V131 = new(1, 31);
    private static readonly KubernetesVersion V133 = new(1, 33);

    // TODO(#18538) in Go: values are rounded up to milli scale to keep API compatibility.
    private static void ResourceList(Obj list)
    {
        foreach (var key in list.Keys.ToList())
            if (list[key] is KubeQuantity q) list[key] = q.RoundUp(-3);
    }

    private static void ReplicationController(Obj rc, DefaultingContext context)
    {
        var spec = rc.Struct("spec");
        var labels = spec.Obj("template")?.Obj("metadata")?.Obj("labels");
        if (labels is not null)
        {
            if (spec.Obj("selector") is not { Count: > 0 }) spec["selector"] = new Obj(labels, StringComparer.Ordinal);
            var meta = rc.Struct("metadata");
            if (meta.Obj("labels") is not { Count: > 0 }) meta["labels"] = new Obj(labels, StringComparer.Ordinal);
        }
        // From 1.33 spec.replicas is a +default marker.
        if (context.Version < V133) SetIfNil(spec, "replicas", 1L);
    }

    private static void Volume(Obj volume, DefaultingContext context)
    {
        var source = context.Types.Struct("core/v1.VolumeSource")!;
        if (source.Fields.All(f => !volume.Has(f.Json))) volume["emptyDir"] = Typed.NewObject();
        if (context.Gates.Enabled("ImageVolume") && volume.Obj("image") is { } image && image.Str("pullPolicy").Length == 0)
            image["pullPolicy"] = ImageReference.TagOf(image.Str("reference")) == "latest" ? "Always" : "IfNotPresent";
    }

    private static void Container(Obj container)
    {
        if (container.Str("imagePullPolicy").Length == 0)
            container["imagePullPolicy"] = ImageReference.TagOf(container.Str("image")) == "latest" ? "Always" : "IfNotPresent";
        SetIfEmpty(container, "terminationMessagePath", "/dev/termination-log");
        SetIfEmpty(container, "terminationMessagePolicy", "File");
    }

    private static void Service(Obj service, DefaultingContext context)
    {
        var spec = service.Struct("spec");
        SetIfEmpty(spec, "sessionAffinity", "None");
        if (spec.Str("sessionAffinity") == "None") spec.Remove("sessionAffinityConfig");
        if (spec.Str("sessionAffinity") == "ClientIP" && spec.Obj("sessionAffinityConfig")?.Obj("clientIP")?.Has("timeoutSeconds") != true)
            spec["sessionAffinityConfig"] = new Obj(StringComparer.Ordinal) { ["clientIP"] = new Obj(StringComparer.Ordinal) { ["timeoutSeconds"] = 10800L } };
        SetIfEmpty(spec, "type", "ClusterIP");
        foreach (var port in spec.Structs("ports"))
        {
            SetIfEmpty(port, "protocol", "TCP");
            var target = port.GetValueOrDefault("targetPort");
            if (target is null || target is IntOrStringValue { IsInt: true, Int: 0 } || target is IntOrStringValue { IsInt: false, Str: "" })
                port["targetPort"] = IntOrStringValue.Of(port.Int("port"));
        }
        var type = spec.Str("type");
        var externallyAccessible = type is "LoadBalancer" or "NodePort" || (type == "ClusterIP" && spec.Items("externalIPs").Count > 0);
        if (externallyAccessible) SetIfEmpty(spec, "externalTrafficPolicy", "Cluster");
        if (type is "NodePort" or "LoadBalancer" or "ClusterIP") SetIfNil(spec, "internalTrafficPolicy", "Cluster");
        if (type == "LoadBalancer")
        {
            SetIfNil(spec, "allocateLoadBalancerNodePorts", true);
            // LoadBalancerIPMode: beta and on from 1.30.
            if (context.Version >= new KubernetesVersion(1, 30))
                foreach (var ingress in service.Struct("status").Struct("loadBalancer").Structs("ingress"))
                    if (ingress.Str("ip").Length > 0) SetIfNil(ingress, "ipMode", "VIP");
        }
    }

    private static void Pod(Obj pod, DefaultingContext context)
    {
        var spec = pod.Struct("spec");
        // Requests default to limits (on Pods only, not on pod templates).
        foreach (var field in new[] { "containers", "initContainers" })
            foreach (var container in spec.Structs(field))
            {
                var resources = container.Struct("resources");
                if (resources.Obj("limits") is not { } limits) continue;
                var requests = resources.Obj("requests") ?? (Obj)(resources["requests"] = new Obj(StringComparer.Ordinal))!;
                foreach (var (key, value) in limits) requests.TryAdd(key, value);
            }
        if (context.Gates.Enabled("PodLevelResources")) PodLevelResources.Default(spec);
        SetIfNil(spec, "enableServiceLinks", true);
        // Since 1.28 host ports are defaulted here, for Pods only; before, SetDefaults_PodSpec did it for templates too.
        if (context.Version >= V128 && spec.Bool("hostNetwork")) HostNetworkPorts(spec);
    }

    private static void PodSpec(Obj spec, DefaultingContext context)
    {
        SetIfEmpty(spec, "dnsPolicy", "ClusterFirst");
        SetIfEmpty(spec, "restartPolicy", "Always");
        if (context.Version < V128 && spec.Bool("hostNetwork")) HostNetworkPorts(spec);
        SetIfNil(spec, "securityContext", Typed.NewObject());
        SetIfNil(spec, "terminationGracePeriodSeconds", 30L);
        SetIfEmpty(spec, "schedulerName", "default-scheduler");
    }

    private static void HostNetworkPorts(Obj spec)
    {
        foreach (var field in new[] { "containers", "initContainers" })
            foreach (var container in spec.Structs(field))
                foreach (var port in container.Structs("ports"))
                    if (port.Int("hostPort") == 0) port["hostPort"] = port.Int("containerPort");
    }

    private static void Probe(Obj probe)
    {
        if (probe.Int("timeoutSeconds") == 0) probe["timeoutSeconds"] = 1L;
        if (probe.Int("periodSeconds") == 0) probe["periodSeconds"] = 10L;
        if (probe.Int("successThreshold") == 0) probe["successThreshold"] = 1L;
        if (probe.Int("failureThreshold") == 0) probe["failureThreshold"] = 3L;
    }

    // 0644, the default file mode of secret, configMap, downwardAPI and projected volumes.
    private static void DefaultMode(Obj source) => SetIfNil(source, "defaultMode", 420L);

    private static void PersistentVolume(Obj pv, DefaultingContext _)
    {
        SetIfEmpty(pv.Struct("status"), "phase", "Pending");
        var spec = pv.Struct("spec");
        SetIfEmpty(spec, "persistentVolumeReclaimPolicy", "Retain");
        SetIfNil(spec, "volumeMode", "Filesystem");
    }

    private static void Endpoints(Obj endpoints)
    {
        foreach (var subset in endpoints.Structs("subsets"))
            foreach (var port in subset.Structs("ports"))
                SetIfEmpty(port, "protocol", "TCP");
    }

    // Nameless (generateName) namespaces get the label when the name is generated, not here.
    private static void Namespace(Obj ns)
    {
        var meta = ns.Struct("metadata");
        var name = meta.Str("name");
        if (name.Length == 0) return;
        if (meta.Obj("labels") is not { } labels) meta["labels"] = labels = new Obj(StringComparer.Ordinal);
        labels["kubernetes.io/metadata.name"] = name;
    }

    private static void LimitRangeItem(Obj item)
    {
        if (item.Str("type") != "Container") return;
        var defaults = item.Obj("default") ?? (Obj)(item["default"] = new Obj(StringComparer.Ordinal))!;
        var defaultRequests = item.Obj("defaultRequest") ?? (Obj)(item["defaultRequest"] = new Obj(StringComparer.Ordinal))!;
        foreach (var (k, v) in item.Obj("max") ?? []) defaults.TryAdd(k, v);
        foreach (var (k, v) in defaults) defaultRequests.TryAdd(k, v);
        foreach (var (k, v) in item.Obj("min") ?? []) defaultRequests.TryAdd(k, v);
    }

    private static void AzureDisk(Obj disk, DefaultingContext context)
    {
        if (context.Version >= V131) return;
        SetIfNil(disk, "cachingMode", "ReadWrite");
        SetIfNil(disk, "kind", "Shared");
        SetIfNil(disk, "fsType", "ext4");
        SetIfNil(disk, "readOnly", false);
    }

    private static void Rbd(Obj rbd, DefaultingContext context)
    {
        if (context.Version >= V131) return;
        SetIfEmpty(rbd, "pool", "rbd");
        SetIfEmpty(rbd, "user", "admin");
        SetIfEmpty(rbd, "keyring", "/etc/ceph/keyring");
    }

    private static void ScaleIO(Obj scaleIO, DefaultingContext context)
    {
        if (context.Version >= V131) return;
        SetIfEmpty(scaleIO, "storageMode", "ThinProvisioned");
        SetIfEmpty(scaleIO, "fsType", "xfs");
    }

    internal static void SetIfEmpty(Obj o, string field, string value)
    {
        if (o.Str(field).Length == 0) o[field] = value;
    }

    internal static void SetIfNil(Obj o, string field, object value)
    {
        if (!o.Has(field)) o[field] = value;
    }
}
