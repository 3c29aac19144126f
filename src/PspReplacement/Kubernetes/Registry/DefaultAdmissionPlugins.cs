using System.Security.Cryptography;
using System.Text;
using PspReplacement.Kubernetes.Decoding;

namespace PspReplacement.Kubernetes.Registry;

using Obj = Dictionary<string, object?>;

/// <summary>
/// The mutating admission plugins a kube-apiserver runs by default before validating admission, for a new Pod
/// (plugin/pkg/admission): ServiceAccount (the default service account and its API token volume, mounted in every
/// container), Priority (the priority of the pod's class, 0 with preemption PreemptLowerPriority when it names none)
/// and DefaultTolerationSeconds (300 s tolerations of not-ready and unreachable nodes). The cluster state they read is
/// assumed as a fresh cluster has it: the namespace's default service account exists and mounts its token, no
/// PriorityClass is the global default, and only the built-in system classes are known. Mutating webhooks and
/// MutatingAdmissionPolicies of a cluster are not known offline.
/// </summary>
internal static class DefaultAdmissionPlugins
{
    public const string TokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static void AdmitPod(Obj pod, List<string>? notes)
    {
        var spec = pod.Struct("spec");
        ServiceAccount(pod, spec);
        Priority(spec, notes);
        DefaultTolerationSeconds(spec);
    }

    private static void ServiceAccount(Obj pod, Obj spec)
    {
        // Mirror pods (static pods the kubelet reports) are left alone.
        if (pod.Obj("metadata")?.Obj("annotations")?.ContainsKey("kubernetes.io/config.mirror") == true) return;
        if (spec.Str("serviceAccountName").Length == 0) spec["serviceAccountName"] = "default";
        if (spec.GetValueOrDefault("automountServiceAccountToken") is false) return;
        var hasTokenVolume = false;
        string? volumeName = null;
        foreach (var volume in spec.Structs("volumes"))
            if (volume.Str("name").StartsWith("kube-api-access-", StringComparison.Ordinal)) { hasTokenVolume = true; volumeName = volume.Str("name"); }
        // names.SimpleNameGenerator gives five random characters; a digest of the pod's name stands in for them,
        // so the same manifest always gives the same object.
        volumeName ??= "kube-api-access-" + Suffix(pod);
        var needsVolume = false;
        foreach (var field in new[] { "initContainers", "containers" })
            foreach (var container in spec.Structs(field))
            {
                if (container.Structs("volumeMounts").Any(m => m.Str("mountPath") == TokenMountPath)) continue;
                if (container.GetValueOrDefault("volumeMounts") is not List<object?> mounts) container["volumeMounts"] = mounts = [];
                mounts.Add(new Obj(StringComparer.Ordinal) { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = TokenMountPath });
                needsVolume = true;
            }
        if (hasTokenVolume || !needsVolume) return;
        if (spec.GetValueOrDefault("volumes") is not List<object?> volumes) spec["volumes"] = volumes = [];
        volumes.Add(new Obj(StringComparer.Ordinal) { ["name"] = volumeName, ["projected"] = TokenVolumeSource() });
    }

    // serviceaccount.TokenVolumeSource: the bound token (3607 s: WarnOnlyBoundTokenExpirationSeconds), the cluster CA
    // and the namespace, with the default mode set explicitly.
    private static Obj TokenVolumeSource() => new(StringComparer.Ordinal)
    {
        ["defaultMode"] = 420L,
        ["sources"] = new List<object?>
        {
            new Obj(StringComparer.Ordinal) { ["serviceAccountToken"] = new Obj(StringComparer.Ordinal) { ["path"] = "token", ["expirationSeconds"] = 3607L } },
            new Obj(StringComparer.Ordinal)
            {
                ["configMap"] = new Obj(StringComparer.Ordinal)
                {
                    ["name"] = "kube-root-ca.crt",
                    ["items"] = new List<object?> { new Obj(StringComparer.Ordinal) { ["key"] = "ca.crt", ["path"] = "ca.crt" } },
                },
            },
            new Obj(StringComparer.Ordinal)
            {
                ["downwardAPI"] = new Obj(StringComparer.Ordinal)
                {
                    ["items"] = new List<object?>
                    {
                        new Obj(StringComparer.Ordinal)
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new Obj(StringComparer.Ordinal) { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        },
                    },
                },
            },
        },
    };

    private static string Suffix(Obj pod)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789"; // the generator's alphabet
        var meta = pod.Obj("metadata");
        var hash = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{meta?.Str("namespace")}/{meta?.Str("name")}{meta?.Str("generateName")}")));
        var sb = new StringBuilder(5);
        for (var i = 0; i < 5; i++) { sb.Append(alphabet[(int)(hash % (ulong)alphabet.Length)]); hash /= (ulong)alphabet.Length; }
        return sb.ToString();
    }

    // The classes every cluster has (pkg/apis/scheduling: SystemPriorityClasses).
    private static readonly Dictionary<string, long> SystemClasses = new(StringComparer.Ordinal)
    {
        ["system-node-critical"] = 2000001000,
        ["system-cluster-critical"] = 2000000000,
    };

    private static void Priority(Obj spec, List<string>? notes)
    {
        var className = spec.Str("priorityClassName");
        if (className.Length == 0)
        {
            spec["priority"] = 0L;
            if (!spec.Has("preemptionPolicy")) spec["preemptionPolicy"] = "PreemptLowerPriority";
            return;
        }
        if (SystemClasses.TryGetValue(className, out var value))
        {
            spec["priority"] = value;
            if (!spec.Has("preemptionPolicy")) spec["preemptionPolicy"] = "PreemptLowerPriority";
            return;
        }
        notes?.Add($"spec.priority is left unset: the priority of PriorityClass \"{className}\" is cluster state");
    }

    private static void DefaultTolerationSeconds(Obj spec)
    {
        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            var tolerated = spec.Structs("tolerations").Any(t =>
                (t.Str("effect").Length == 0 || t.Str("effect") == "NoExecute") &&
                (t.Str("key") == key || (t.Str("key").Length == 0 && t.Str("operator") == "Exists")));
            if (tolerated) continue;
            if (spec.GetValueOrDefault("tolerations") is not List<object?> tolerations) spec["tolerations"] = tolerations = [];
            tolerations.Add(new Obj(StringComparer.Ordinal) { ["key"] = key, ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300L });
        }
    }
}
