using CsCheck;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Manifests;
using PspReplacement.Profiles;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>
/// Objects of every shape the reader can produce, generated from valid workloads by putting a value of a random kind
/// (null, a number of any size, a bool, a string, a list, a map, a nest of them) at a random place: decoding,
/// defaulting, preparation and admission never throw, an object is either judged or invalid with the apiserver's
/// error, and the same input always gives the same result.
/// </summary>
public class ApiServerDecoderPropertyTests
{
    private static readonly string[] Seeds =
    [
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b}, annotations: {x: y}}\nspec:\n  hostNetwork: true\n  securityContext: {runAsNonRoot: true}\n  initContainers: [{name: i, image: x, resources: {limits: {cpu: 1}}}]\n  containers: [{name: a, image: 'x:1', ports: [{containerPort: 80}], securityContext: {capabilities: {add: [SYS_PTRACE]}}, livenessProbe: {httpGet: {port: http}}}]\n  volumes: [{name: v}, {name: h, hostPath: {path: /x}}, {name: s, secret: {secretName: s}}]\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  strategy: {rollingUpdate: {maxSurge: 1}}\n  template:\n    metadata: {annotations: {container.apparmor.security.beta.kubernetes.io/a: unconfined}}\n    spec: {containers: [{name: a, image: x, resources: {requests: {memory: 1Gi}}}]}\n",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n  jobTemplate: {spec: {podFailurePolicy: {rules: [{action: Ignore, onPodConditions: [{type: X}]}]}, template: {spec: {restartPolicy: Never, containers: [{name: a, image: x}]}}}}\n",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\nstringData: {b: c}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer, ports: [{port: 80, targetPort: 8080}]}\n",
    ];

    private static readonly Lazy<AdmissionSetup> Restricted = new(() => AdmissionSetup.ForProfile(
        PolicyLibraryLoader.Load(Path.Combine(RepositoryRoot.Find(), "profiles")), Profile.Restricted, PssVersion.Latest, [], KubernetesVersion.Latest));

    private static Dictionary<string, object?> Parse(string yaml) =>
        ManifestReader.ReadStream("seed.yaml", new StringReader(yaml)).Single().Object!.Content;

    private static readonly Gen<object?> Leaf = Gen.OneOf<object?>(
        Gen.Const((object?)null),
        Gen.Long.Select(l => (object?)l),
        Gen.Double.Select(d => (object?)d),
        Gen.Bool.Select(b => (object?)b),
        Gen.String.Select(s => (object?)s),
        Gen.Int[0, 5].Select(i => (object?)new[] { "1.5Gi", "25%", "2001-12-14T21:59:43.10-05:00", "Unmasked", "RuntimeDefault", "localhost/x" }[i]),
        Gen.Const((object?)0L));

    private static readonly Gen<object?> Value = Gen.Recursive<object?>((depth, self) => depth >= 3 ? Leaf : Gen.OneOf(
        Leaf,
        self.List[0, 3].Select(l => (object?)l),
        Gen.Select(Gen.String[1, 8], self).List[0, 3].Select(entries => (object?)entries.GroupBy(e => e.Item1).ToDictionary(g => g.Key, g => g.First().Item2))));

    /// <summary>Every place in the tree, as (parent, key or index).</summary>
    private static List<(object Parent, object Key)> Places(object? node)
    {
        var places = new List<(object, object)>();
        void Walk(object? n)
        {
            switch (n)
            {
                case Dictionary<string, object?> map:
                    foreach (var (k, v) in map) { places.Add((map, k)); Walk(v); }
                    break;
                case List<object?> list:
                    for (var i = 0; i < list.Count; i++) { places.Add((list, i)); Walk(list[i]); }
                    break;
            }
        }
        Walk(node);
        return places;
    }

    private static Dictionary<string, object?> Mutated(int seed, int place, object? value)
    {
        var doc = Parse(Seeds[seed % Seeds.Length]);
        var places = Places(doc);
        var (parent, key) = places[place % places.Count];
        // apiVersion and kind choose the type; unknown and unserved kinds have tests of their own.
        if (ReferenceEquals(parent, doc) && key is "apiVersion" or "kind") return doc;
        if (parent is Dictionary<string, object?> map) map[(string)key] = value;
        else ((List<object?>)parent)[(int)key] = value;
        return doc;
    }

    private static string Outcome(Dictionary<string, object?> doc, KubernetesVersion version)
    {
        var setup = new AdmissionSetup(Restricted.Value.Policies, Restricted.Value.Namespaces, version);
        var result = setup.Admit(new ManifestObject(new ManifestLocation("gen.yaml", 0, 1, 1), doc), null, RequestOptions.Default);
        if (result.Verdict is { } verdict) return $"verdict {verdict.Allowed} {string.Join(",", verdict.Violations.Select(v => v.Policy))}";
        Assert.False(string.IsNullOrEmpty(result.Invalid));
        Assert.Contains("cannot be handled as a", result.Invalid);
        return "invalid " + result.Invalid;
    }

    [Fact]
    public void Any_value_anywhere_is_decoded_defaulted_and_judged_or_refused_never_thrown()
    {
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 10_000], Value, Gen.Int[0, 2].Select(i => new[] { new KubernetesVersion(1, 26), new KubernetesVersion(1, 30), KubernetesVersion.Latest }[i]))
            .Sample((seed, place, value, version) =>
            {
                var first = Outcome(Mutated(seed, place, value), version);
                Assert.Equal(first, Outcome(Mutated(seed, place, value), version));
            }, iter: 2000);
    }
}
