using PspReplacement.Import;

namespace PspReplacement.Tests.Import;

/// <summary>Upstream tests (kyverno-test.yaml results, chainsaw good/bad manifests) as fixtures beside each policy.</summary>
public sealed class FixtureImportTests : IDisposable
{
    private readonly string output = ImportSamples.NewOutputFolder();
    private readonly KyvernoImportReport report;

    public FixtureImportTests() => report = ImportSamples.Import(output);

    public void Dispose() => Directory.Delete(output, recursive: true);

    private sealed record Case(string Name, string Expect, string? Message, Dictionary<string, object?> Object)
    {
        public List<string> Policies { get; init; } = [];
    }

    private List<Case> Cases(string policyFolder)
    {
        var text = File.ReadAllText(Path.Combine(output, policyFolder, "tests.yaml"));
        var root = (Dictionary<string, object?>)YamlNodes.ToPlain(YamlNodes.ParseDocuments(text, "tests.yaml")[0])!;
        return ((List<object?>)root["cases"]!).Cast<Dictionary<string, object?>>()
            .Select(c => new Case((string)c["name"]!, (string)c["expect"]!, c.GetValueOrDefault("message") as string, (Dictionary<string, object?>)c["object"]!)
            {
                Policies = c.GetValueOrDefault("policies") is List<object?> policies ? policies.Cast<string>().ToList() : [],
            })
            .ToList();
    }

    private static string Name(Case c) => (string)((Dictionary<string, object?>)c.Object["metadata"]!)["name"]!;

    private const string PrivilegedMessage =
        "Privileged mode is disallowed. All containers must set the securityContext.privileged field to `false` or unset the field.";

    [Fact]
    public void Fail_results_are_denials_with_the_static_message_and_pass_results_are_admissions()
    {
        var cases = Cases("baseline/disallow-privileged-containers-privileged-containers");
        var bad = cases.Single(c => c.Name == "kyverno-test.yaml Pod badpod01 fail");
        Assert.Equal(("deny", PrivilegedMessage), (bad.Expect, bad.Message));
        var good = cases.Single(c => c.Name == "kyverno-test.yaml Pod goodpod01 pass");
        Assert.Equal(("allow", (string?)null), (good.Expect, good.Message));
        Assert.Equal("goodpod01", Name(good));
    }

    [Fact]
    public void Results_of_kyverno_autogen_rules_test_the_pod_rule_with_the_controller_object()
    {
        var cases = Cases("baseline/disallow-privileged-containers-privileged-containers");
        var deployment = cases.Single(c => c.Name == "kyverno-test.yaml Deployment baddeployment01 fail");
        Assert.Equal("deny", deployment.Expect);
        Assert.Equal("Deployment", deployment.Object["kind"]);
        var cronJob = cases.Single(c => c.Name == "kyverno-test.yaml CronJob goodcronjob01 pass");
        Assert.Equal("allow", cronJob.Expect);
    }

    [Fact]
    public void Chainsaw_steps_that_expect_an_error_are_denials_and_set_up_files_are_not_cases()
    {
        var chainsaw = Cases("baseline/disallow-privileged-containers-privileged-containers").Where(c => c.Name.StartsWith("chainsaw ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("chainsaw pod-good.yaml Pod goodpod01", "allow"),
                ("chainsaw pod-good.yaml Pod goodpod02", "allow"),
                ("chainsaw pod-bad.yaml Pod badpod01", "deny"),
                ("chainsaw podcontroller-good.yaml Deployment gooddeployment01", "allow"),
                ("chainsaw podcontroller-bad.yaml CronJob badcronjob01", "deny"),
            ],
            chainsaw.Select(c => (c.Name, c.Expect)));
    }

    [Fact]
    public void Without_chainsaw_test_yaml_file_names_say_good_or_bad()
    {
        var cases = Cases("baseline/disallow-host-namespaces");
        Assert.Contains(cases, c => c.Name == "chainsaw pod-bad.yaml Pod chainsaw-hostipc" && c.Expect == "deny");
        Assert.Contains(cases, c => c.Name == "chainsaw pod-good.yaml Pod chainsaw-plain" && c.Expect == "allow");
    }

    private static readonly List<string> CapabilityRules =
        ["disallow-capabilities-strict-adding-capabilities-strict", "disallow-capabilities-strict-require-drop-all"];

    [Fact]
    public void A_chainsaw_denial_of_a_multi_rule_policy_is_one_case_judging_all_its_rules()
    {
        // chainsaw says only that the Kyverno policy denied it: one case, in the first rule's fixtures, that one of
        // the rules must deny, with a message naming one of them.
        var denial = Assert.Single(Cases("restricted/disallow-capabilities-strict-adding-capabilities-strict"), c => c.Name == "chainsaw pod-bad.yaml Pod chainsaw-bad");
        Assert.Equal(("deny", "ValidatingAdmissionPolicy 'disallow-capabilities-strict-"), (denial.Expect, denial.Message));
        Assert.Equal(CapabilityRules, denial.Policies);
        Assert.DoesNotContain(Cases("restricted/disallow-capabilities-strict-require-drop-all"), c => c.Name.Contains("chainsaw-bad", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Skips, s => s.What.Contains("chainsaw-bad", StringComparison.Ordinal));
        // Admissions are safe to attribute: a good manifest passes every rule.
        Assert.Contains(Cases("restricted/disallow-capabilities-strict-require-drop-all"), c => c.Name == "chainsaw pod-good.yaml Pod chainsaw-good" && c.Expect == "allow" && c.Policies.Count == 0);
    }

    [Fact]
    public void A_result_without_rule_admits_for_every_rule_and_denies_for_the_rules_together()
    {
        Assert.Contains(Cases("restricted/disallow-capabilities-strict-require-drop-all"), c => c.Name == "kyverno-test.yaml Pod good-pod pass" && c.Expect == "allow");
        Assert.Contains(Cases("restricted/disallow-capabilities-strict-adding-capabilities-strict"), c => c.Name == "kyverno-test.yaml Pod good-pod pass (2)");
        // The rule's own result keeps its name; the policy's result is the second case of that name.
        var cases = Cases("restricted/disallow-capabilities-strict-adding-capabilities-strict");
        Assert.Empty(cases.Single(c => c.Name == "kyverno-test.yaml Pod addcap-pod fail").Policies);
        Assert.Equal(CapabilityRules, cases.Single(c => c.Name == "kyverno-test.yaml Pod addcap-pod fail (2)").Policies);
        Assert.DoesNotContain(report.Skips, s => s.What.Contains("addcap-pod", StringComparison.Ordinal));
    }

    [Fact]
    public void A_policy_level_denial_is_reported_instead_of_guessed_when_a_rule_was_not_imported()
    {
        // Only require-drop-all imported: the denial may be adding-capabilities-strict's, which is not there.
        var folder = ImportSamples.NewOutputFolder();
        try
        {
            var rules = Path.Combine(folder, "in");
            Directory.CreateDirectory(rules);
            var source = ImportSamples.Path_("cluster-policy", "disallow-capabilities-strict");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(rules, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var policy = Path.Combine(rules, "disallow-capabilities-strict.yaml");
            var text = File.ReadAllText(policy);
            var start = text.IndexOf("    - name: adding-capabilities-strict", StringComparison.Ordinal);
            var end = text.IndexOf("    - name: autogen-require-drop-all", StringComparison.Ordinal);
            Assert.True(start > 0 && end > start, "the sample's rules moved");
            File.WriteAllText(policy, text[..start] + "    - name: adding-capabilities-strict\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      mutate: {patchStrategicMerge: {metadata: {labels: {x: y}}}}\n" + text[end..]);
            var partial = ImportSamples.Import(Path.Combine(folder, "out"), false, rules);
            Assert.Contains(partial.Skips, s => s.What == "chainsaw pod-bad.yaml Pod chainsaw-bad for disallow-capabilities-strict"
                && s.Reason.Contains("1 of them imported", StringComparison.Ordinal));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void A_message_expression_makes_the_policy_name_the_expected_fragment()
    {
        var drop = Cases("restricted/disallow-capabilities-strict-require-drop-all").Single(c => c.Expect == "deny");
        Assert.Equal("disallow-capabilities-strict-require-drop-all", drop.Message);
        var seccomp = Cases("restricted/restrict-seccomp-strict").Single(c => c.Expect == "deny");
        Assert.Equal("restrict-seccomp-strict", seccomp.Message);
    }

    [Fact]
    public void Skip_results_are_admissions()
    {
        var cases = Cases("restricted/require-team-label-check-team");
        Assert.Equal(
            [("web-1", "deny"), ("web-2", "allow"), ("web-3", "allow"), ("db-1", "allow")],
            cases.Select(c => (Name(c), c.Expect)));
        Assert.Equal("The label `team` is required.", cases[0].Message);
    }

    [Fact]
    public void Validating_policy_results_and_list_resources_are_read()
    {
        var cases = Cases("baseline/disallow-host-namespaces");
        Assert.Contains(cases, c => c.Name == "kyverno-test.yaml Deployment bad-deployment fail" && c.Expect == "deny");
        Assert.Equal(["internal", "lb"], Cases("restricted/restrict-loadbalancer").Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Results_that_cannot_become_fixtures_are_reported()
    {
        Assert.Contains(report.Skips, s => s.What.EndsWith("resource no-such-pod", StringComparison.Ordinal) && s.Reason.Contains("not found", StringComparison.Ordinal));
        Assert.Contains(report.Skips, s => s.Reason.StartsWith("result 'error' has no admission outcome", StringComparison.Ordinal));
    }

    [Fact]
    public void Quoted_scalars_in_resources_stay_strings()
    {
        var good = Cases("restricted/disallow-capabilities-strict-require-drop-all").First(c => Name(c) == "good-pod");
        var labels = (Dictionary<string, object?>)((Dictionary<string, object?>)good.Object["metadata"]!)["labels"]!;
        Assert.Equal("1.0", labels["version"]);
        Assert.Equal("true", labels["enabled"]);
    }
}
