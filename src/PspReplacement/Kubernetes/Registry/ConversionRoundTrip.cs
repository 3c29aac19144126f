using PspReplacement.Kubernetes.Decoding;

namespace PspReplacement.Kubernetes.Registry;

using Obj = Dictionary<string, object?>;

/// <summary>
/// The apiserver decodes into the internal version (admission plugins and the registry work on it) and converts back
/// for validating admission, so what a v1 object has no internal form for is normalised
/// (pkg/apis/core/v1/conversion.go): a pod spec's deprecated serviceAccount fills an empty serviceAccountName on the
/// way in and mirrors it on the way out; a Secret's stringData is merged into data (base64) and gone.
/// </summary>
internal static class ConversionRoundTrip
{
    /// <summary>v1 → internal, right after decoding and defaulting.</summary>
    public static void ToInternal(string apiVersion, string kind, Obj obj)
    {
        if (apiVersion == "v1" && kind == "Secret")
        {
            if (obj.Obj("stringData") is { Count: > 0 } stringData)
            {
                if (obj.Obj("data") is not { } data) obj["data"] = data = new Obj(StringComparer.Ordinal);
                foreach (var (key, value) in stringData) data[key] = System.Text.Encoding.UTF8.GetBytes(value as string ?? "");
            }
            obj.Remove("stringData");
        }
        foreach (var spec in PodSpecs(apiVersion, kind, obj))
        {
            if (spec.Str("serviceAccountName").Length == 0 && spec.Str("serviceAccount").Length > 0) spec["serviceAccountName"] = spec.Str("serviceAccount");
            spec.Remove("serviceAccount"); // the internal PodSpec has no such field
        }
    }

    /// <summary>internal → v1, before validating admission sees the object.</summary>
    public static void ToVersioned(string apiVersion, string kind, Obj obj)
    {
        foreach (var spec in PodSpecs(apiVersion, kind, obj))
            if (spec.Str("serviceAccountName") is { Length: > 0 } name) spec["serviceAccount"] = name;
    }

    private static IEnumerable<Obj> PodSpecs(string apiVersion, string kind, Obj obj)
    {
        var spec = obj.Obj("spec");
        switch (ApiTypes.GroupOf(apiVersion), kind)
        {
            case ("", "Pod"):
                if (spec is not null) yield return spec;
                break;
            case ("", "PodTemplate"):
                if (obj.Obj("template")?.Obj("spec") is { } t) yield return t;
                break;
            case ("", "ReplicationController") or ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or ("batch", "Job"):
                if (spec?.Obj("template")?.Obj("spec") is { } template) yield return template;
                break;
            case ("batch", "CronJob"):
                if (spec?.Obj("jobTemplate")?.Obj("spec")?.Obj("template")?.Obj("spec") is { } jobTemplate) yield return jobTemplate;
                break;
        }
    }
}
