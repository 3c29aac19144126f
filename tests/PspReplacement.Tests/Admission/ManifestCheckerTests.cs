using PspReplacement.Cel;
using PspReplacement.Admission;
using PspReplacement.Manifests;
using static PspReplacement.Tests.Admission.AdmissionKit;

namespace PspReplacement.Tests.Admission;

public class ManifestCheckerTests
{
    private const string Policy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: no-priv}
        spec:
          matchConstraints:
            resourceRules:
              - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
          validations:
            - expression: "object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: no-priv}
        spec:
          policyName: no-priv
          validationActions: [Deny]
          matchResources:
            namespaceSelector: {matchExpressions: [{key: exempt, operator: DoesNotExist}]}
        """;

    private static string Pod(int i, string ns) =>
        $"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, namespace: {ns}}}\nspec: {{containers: [{{name: a, image: x, securityContext: {{privileged: true}}}}]}}\n";

    [Fact]
    public void Verdicts_come_out_in_input_order_and_a_Namespace_applies_from_its_position_on()
    {
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => Pod(i, "tools")))
                   + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: tools, labels: {exempt: \"yes\"}}\n"
                   + string.Concat(Enumerable.Range(100, 100).Select(i => Pod(i, "tools")));
        var checker = new ManifestChecker(new AdmissionSetup(Policies(Policy), new NamespaceDirectory(), KubernetesVersion.Latest), RequestOptions.Default);
        var results = checker.Check(ManifestReader.ReadStream("in", new StringReader(text))).Select(e => e.Result!).ToList();
        Assert.Equal(201, results.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"p{i}").Append("tools").Concat(Enumerable.Range(100, 100).Select(i => $"p{i}")), results.Select(r => r.Object.Name));
        Assert.All(results.Take(100), r => Assert.False(r.Verdict.Allowed));
        Assert.All(results.Skip(101), r => Assert.False(r.Verdict.Matched));
    }

    [Fact]
    public void Each_result_has_one_status_and_the_summary_counts_them()
    {
        var text = Pod(0, "tools")                                                                     // denied
                   + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: tools}\nspec: {containers: [{name: a, image: x}]}\n"
                   + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: tools}\n"  // no policy matches
                   + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: bad, namespace: tools}\nspec: {containers: 3}\n" // refused by decoding
                   + "---\n{unclosed\n";                                                              // not an object at all
        var checker = new ManifestChecker(new AdmissionSetup(Policies(Policy), new NamespaceDirectory(), KubernetesVersion.Latest), RequestOptions.Default);
        var entries = checker.Check(ManifestReader.ReadStream("in", new StringReader(text))).ToList();
        Assert.Equal([CheckStatus.Denied, CheckStatus.Admitted, CheckStatus.NotMatched, CheckStatus.Invalid],
            entries.Where(e => e.Result is not null).Select(e => e.Result!.Status));
        var summary = entries.Aggregate(CheckSummary.Empty, (s, e) => s.Add(e));
        Assert.Equal(new CheckSummary(Admitted: 1, Denied: 1, NotMatched: 1, Problems: 1, Invalid: 1), summary);
        Assert.Equal(4, summary.Objects);
    }

    [Fact]
    public void Reading_files_in_parallel_keeps_the_sequential_order()
    {
        var dir = Directory.CreateTempSubdirectory("pspr-order-").FullName;
        try
        {
            for (var f = 0; f < 12; f++)
                File.WriteAllText(Path.Combine(dir, $"f{f:00}.yaml"), string.Concat(Enumerable.Range(f * 10, 10).Select(i => Pod(i, "web"))));
            var sequential = ManifestReader.Read([dir]).Select(e => e.Object!.Name).ToList();
            var parallel = ParallelManifestReader.ReadBatches([dir], 7).SelectMany(b => b).Select(e => e.Object!.Name).ToList();
            Assert.Equal(120, parallel.Count);
            Assert.Equal(sequential, parallel);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_update_without_its_old_object_is_a_problem_naming_the_object()
    {
        var checker = new ManifestChecker(new AdmissionSetup(Policies(Policy), new NamespaceDirectory(), KubernetesVersion.Latest), new RequestOptions("UPDATE"), new OldObjectIndex([], new RequestOptions("UPDATE")));
        var entry = checker.Check(ManifestReader.ReadStream("in.yaml", new StringReader(Pod(1, "web")))).Single();
        Assert.Contains("in.yaml:2:1: document 0: Pod web/p1: an UPDATE needs the old object; give it with --old PATH", entry.Problem);
    }
}
