using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>pspr check end to end: exit statuses, output shapes, and input errors, on the files in testdata/admission.</summary>
public class CheckCommandTests
{
    private static readonly string Data = TestData.Admission();

    private static Task<BufferedCommandResult> Pspr(params string[] args) => PsprProcess.Run(args);

    [Fact]
    public async Task Denials_exit_1_and_json_has_the_documented_shape()
    {
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), Path.Combine(Data, "manifests.yaml"), "-o", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(6, results.Count);
        Assert.Equal(["source", "document", "apiVersion", "kind", "namespace", "name", "matched", "allowed", "invalid", "violations", "warnings", "auditAnnotations"],
            results[0].EnumerateObject().Select(p => p.Name));
        var bad = results.Single(r => r.GetProperty("name").GetString() == "bad");
        Assert.False(bad.GetProperty("allowed").GetBoolean());
        var violation = bad.GetProperty("violations")[0];
        Assert.Equal(["policy", "binding", "actions", "message"], violation.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ValidatingAdmissionPolicy 'no-privileged' with binding 'no-privileged-binding' denied request: container app must not be privileged",
            violation.GetProperty("message").GetString());
        var exempt = results.Single(r => r.GetProperty("name").GetString() == "exempt");
        Assert.False(exempt.GetProperty("matched").GetBoolean()); // its Namespace (earlier in the input) is labelled tier=system
        var big = results.Single(r => r.GetProperty("name").GetString() == "big");
        Assert.True(big.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("Validation failed for ValidatingAdmissionPolicy 'replicas-limit' with binding 'replicas-limit-warn': ", big.GetProperty("warnings")[0].GetString());
        Assert.Contains("validation.policy.admission.k8s.io/validation_failure", big.GetProperty("auditAnnotations").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Admitted_objects_exit_0_and_text_ends_with_a_summary()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("pspr-check-").FullName, "ok.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec: {containers: [{name: app, image: nginx}]}\n");
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), manifest);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Pod default/ok: admitted (1 policy)", result.StandardOutput);
        Assert.EndsWith("1 objects: 1 admitted, 0 denied, 0 not matched\n", result.StandardOutput);
    }

    [Fact]
    public async Task Unreadable_input_exits_2_naming_file_document_and_line_without_a_stack_trace()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("pspr-check-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Pod\n---\nkind: [\n");
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), manifest);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{manifest}:", result.StandardError);
        Assert.Contains("document 1", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task Exactly_one_mode_is_required()
    {
        var result = await Pspr("check", Path.Combine(Data, "manifests.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give exactly one of --cluster NAME, --profile baseline|restricted, --policies PATH", result.StandardError);
    }

    [Theory]
    [InlineData("--kubernetes-version", "1.38", "Kubernetes 1.38 is not supported; give a version from 1.26 to 1.37")]
    [InlineData("--kubernetes-version", "1.25", "Kubernetes 1.25 is not supported; give a version from 1.26 to 1.37")]
    [InlineData("--pss-version", "v1.38", "--pss-version v1.38: newer than this tool knows (v1.37)")]
    public async Task Versions_beyond_the_supported_ones_exit_2_with_the_range(string option, string value, string message)
    {
        var result = await Pspr("check", "--profile", "baseline", option, value, Path.Combine(Data, "manifests.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task Junit_has_a_case_per_object_and_policy()
    {
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), Path.Combine(Data, "manifests.yaml"), "-o", "junit");
        var xml = System.Xml.Linq.XDocument.Parse(result.StandardOutput);
        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(6, cases.Count); // 3 evaluated (object, policy) pairs + 3 objects not matched
        Assert.Single(cases, c => c.Element("failure") is not null);
    }

    [Fact]
    public async Task Policy_reports_group_results_per_namespace()
    {
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), Path.Combine(Data, "manifests.yaml"), "-o", "policy-report");
        Assert.Contains("apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\nmetadata:\n  name: pspr-check-default\n  namespace: default", result.StandardOutput);
        Assert.Contains("namespace: web", result.StandardOutput);
        Assert.Contains("result: fail", result.StandardOutput);
    }

    [Fact]
    public async Task Profile_mode_evaluates_what_render_emits_for_pods_and_their_controllers()
    {
        var root = RepositoryRoot.Find();
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("pspr-check-").FullName, "workloads.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx, securityContext: {privileged: true}}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            """);
        var result = await Pspr("check", "--profile", "baseline", "--profiles", Path.Combine(root, "profiles"), manifest, "-o", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var results = json.RootElement.GetProperty("results");
        var messages = results[0].GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("message").GetString()).ToList();
        Assert.Contains(messages, m => m!.StartsWith("ValidatingAdmissionPolicy 'privileged-containers-controllers' with binding ") && m.Contains("must not set securityContext.privileged=true"));
        Assert.False(results[1].GetProperty("matched").GetBoolean());
    }

    // What helm template emits, with the four problems the old reader had: a block scalar whose first line is blank
    // but for spaces, a duplicate key, a truncated document in the middle, and a privileged pod after it.
    private const string HelmOutput =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  name: settings-v2\ndata:\n  config: |\n  \n    line one\n" +
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n" +
        "---\napiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers: [{name: app, image: nginx, securityContext: {privileged: true}}]\n";

    [Fact]
    public async Task Helm_output_is_read_as_kubectl_reads_it_and_a_bad_document_hides_nothing_after_it()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("pspr-check-").FullName, "helm.yaml");
        await File.WriteAllTextAsync(manifest, HelmOutput);
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), manifest, "-o", "json");
        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([("settings-v2", true), ("bad", false)], results.Select(r => (r.GetProperty("name").GetString(), r.GetProperty("allowed").GetBoolean())));
        // The duplicate key is a warning of its object, in the report; the unreadable document a problem on stderr.
        Assert.Equal([$"{manifest}:5:3: document 0: duplicate key 'name' (first written at line 4); kubectl and Helm keep this last value, remove the other"],
            results[0].GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{manifest}:14:9: document 1: invalid YAML: did not find expected ',' or ']'", lines[0]);
        Assert.Single(lines);
    }

    [Fact]
    public async Task Validate_strict_makes_a_duplicate_key_an_error_of_its_document()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("pspr-check-").FullName, "helm.yaml");
        await File.WriteAllTextAsync(manifest, HelmOutput);
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), "--validate", "strict", manifest);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Pod default/bad: DENIED", result.StandardOutput);
        Assert.DoesNotContain("settings", result.StandardOutput);
        Assert.StartsWith($"{manifest}:5:3: document 0: duplicate key 'name' (first written at line 4); remove one of them\n", result.StandardError);
    }

    [Fact]
    public async Task Validate_accepts_only_warn_strict_and_ignore()
    {
        var result = await Pspr("check", "--policies", Path.Combine(Data, "policies.yaml"), "--validate", "lenient", Path.Combine(Data, "manifests.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lenient", result.StandardError);
    }
}
