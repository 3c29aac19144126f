using PspReplacement.Cel;
using PspReplacement.Kubernetes;
using PspReplacement.Manifests;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>Runs YAML through the reader and the apiserver's decoding of a version, and reads fields of the result.</summary>
internal static class ApiServerKit
{
    public static ApiServerObject Decode(string yaml, string version = "1.35", string ns = "default", FieldValidation validation = FieldValidation.Warn)
    {
        var entry = ManifestReader.ReadStream("test.yaml", new StringReader(yaml)).Single();
        var o = entry.Object ?? throw new InvalidOperationException(entry.Problem);
        return new ApiServerDecoder(KubernetesVersion.Parse(version), validation).Decode(o.Content, ns);
    }

    /// <summary>The admitted object; fails the test with the apiserver's error when it refuses the body.</summary>
    public static Dictionary<string, object?> Admitted(string yaml, string version = "1.35", string ns = "default") =>
        Decode(yaml, version, ns) is { Object: { } o } ? o : throw new Xunit.Sdk.XunitException($"refused: {Decode(yaml, version, ns).Invalid}");

    /// <summary>The value at a dotted path with [i] indexes ("spec.containers[0].imagePullPolicy"); Missing when absent.</summary>
    public static object? At(this Dictionary<string, object?> o, string path)
    {
        object? current = o;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var index = -1;
            var bracket = part.IndexOf('[');
            if (bracket >= 0) { name = part[..bracket]; index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture); }
            if (name.Length > 0)
            {
                if (current is not Dictionary<string, object?> map || !map.TryGetValue(name, out current)) return Missing;
            }
            if (index >= 0)
            {
                if (current is not List<object?> list || index >= list.Count) return Missing;
                current = list[index];
            }
        }
        return current;
    }

    public static readonly object Missing = new MissingValue();

    private sealed class MissingValue { public override string ToString() => "(absent)"; }

    public const string RestrictedPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
          containers:
            - name: app
              image: registry.example/app:1.2
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        """;
}
