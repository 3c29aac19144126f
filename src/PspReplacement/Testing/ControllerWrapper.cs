using PspReplacement.Kubernetes;
using PspReplacement.Manifests;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Testing;

/// <summary>Puts a fixture's Pod into a pod controller's template, so the autogen'ed controller forms run the same fixtures.</summary>
internal static class ControllerWrapper
{
    public static ManifestObject Wrap(ManifestObject pod, ControllerKind kind)
    {
        var podMeta = pod.Metadata ?? [];
        var templateMeta = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in new[] { "labels", "annotations" })
            if (podMeta.TryGetValue(key, out var v)) templateMeta[key] = v;
        object? value = new Dictionary<string, object?> { ["metadata"] = templateMeta, ["spec"] = pod.Content.GetValueOrDefault("spec") };
        // spec.template, or spec.jobTemplate.spec.template: nest from the innermost field outwards.
        for (var i = kind.TemplatePath.Count - 1; i >= 1; i--)
            value = new Dictionary<string, object?> { [kind.TemplatePath[i]] = value };
        var meta = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = pod.Name.Length > 0 ? pod.Name : "fixture" };
        if (pod.Namespace.Length > 0) meta["namespace"] = pod.Namespace;
        var content = new Dictionary<string, object?>
        {
            ["apiVersion"] = kind.ApiGroup.Length == 0 ? kind.ApiVersion : $"{kind.ApiGroup}/{kind.ApiVersion}",
            ["kind"] = kind.Kind,
            ["metadata"] = meta,
            [kind.TemplatePath[0]] = value,
        };
        return new ManifestObject(pod.Location, content);
    }
}
