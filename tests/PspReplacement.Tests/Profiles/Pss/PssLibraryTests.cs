using System.Text.RegularExpressions;
using PspReplacement.Cel;
using PspReplacement.Profiles;
using PspReplacement.Vap;

namespace PspReplacement.Tests.Profiles.Pss;

/// <summary>The shape of the library: every PSS control present, versions without gaps, expressions valid on every supported Kubernetes.</summary>
public partial class PssLibraryTests
{
    private static readonly string[] Baseline =
    [
        "apparmor", "capabilities-baseline", "host-namespaces", "host-path-volumes", "host-ports", "host-probes-lifecycle",
        "privileged-containers", "proc-mount", "seccomp-baseline", "selinux", "sysctls", "windows-host-process",
    ];

    private static readonly string[] Restricted =
    [
        "capabilities-restricted", "privilege-escalation", "proc-mount-restricted", "running-as-non-root",
        "running-as-non-root-user", "seccomp-restricted", "volume-types",
    ];

    [Fact]
    public void Every_control_of_baseline_and_restricted_has_its_policy()
    {
        var library = PssLibrary.Library;
        Assert.Equal(Baseline, library.Policies.Where(p => p.Profile == Profile.Baseline).Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Restricted, library.Policies.Where(p => p.Profile == Profile.Restricted).Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["analytics-hostpath", "geoip-hostpath", "sys-ptrace"], library.AddBacks.Select(a => a.Name));
    }

    [Fact]
    public void Every_policy_covers_its_first_version_up_to_the_latest_without_gaps()
    {
        foreach (var policy in PssLibrary.Library.Policies)
        {
            var variants = policy.Variants.OrderBy(v => v.MinVersion).ToList();
            for (var i = 1; i < variants.Count; i++)
                Assert.True(variants[i - 1].MaxVersion is { } max && max.Major == variants[i].MinVersion.Major && max.Minor + 1 == variants[i].MinVersion.Minor,
                    $"{policy.Name}: a gap or overlap between {variants[i - 1].MinVersion} and {variants[i].MinVersion}");
            Assert.True(variants[^1].MaxVersion is null, $"{policy.Name}: the last variant must reach the newest version (no max)");
            Assert.NotNull(policy.VariantFor(PssVersion.Latest));
        }
    }

    [Fact]
    public void Replacement_policies_cover_the_same_versions_as_the_policies_they_replace()
    {
        foreach (var addBack in PssLibrary.Library.AddBacks)
            foreach (var r in addBack.Replaces)
                Assert.Equal(
                    PssLibrary.Policy(r.Policy).Variants.Select(v => (v.MinVersion, v.MaxVersion)),
                    PssLibrary.Policy(r.With).Variants.Select(v => (v.MinVersion, v.MaxVersion)));
    }

    public static TheoryData<string> KubernetesVersions()
    {
        var data = new TheoryData<string>();
        for (var v = KubernetesVersion.Oldest; v <= KubernetesVersion.Latest; v = new KubernetesVersion(v.Major, v.Minor + 1)) data.Add(v.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(KubernetesVersions))]
    public void Every_expression_compiles_on_every_supported_kubernetes(string version)
    {
        // In the form render deploys to that version (variables inlined before 1.28), compiled as its apiserver would.
        var kubernetes = KubernetesVersion.Parse(version);
        var problems = PssLibrary.Library.Policies
            .SelectMany(p => p.Variants.Select(v => (Policy: p.Name, Variant: v.MinVersion, Spec: ApiServerForm.For(v.Spec, kubernetes, p.Name))))
            .SelectMany(x => VapCompiler.CompileAll(x.Spec, kubernetes).Where(c => c.Program is null).Select(c => $"{x.Policy} {x.Variant} {c.Source.Path}: {c.Problem}"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void No_expression_uses_the_optional_syntax_that_needs_kubernetes_1_29()
    {
        var offenders = Expressions().Where(e => OptionalSyntax().IsMatch(e.Expression)).Select(e => $"{e.Policy} {e.Field}").ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_validation_has_a_static_message_and_a_message_expression()
    {
        foreach (var policy in PssLibrary.Library.Policies)
            foreach (var variant in policy.Variants)
                foreach (var v in variant.Spec.Validations)
                {
                    Assert.False(string.IsNullOrWhiteSpace(v.Message), $"{policy.Name}: a validation without message");
                    Assert.False(string.IsNullOrWhiteSpace(v.MessageExpression), $"{policy.Name}: a validation without messageExpression");
                    Assert.Equal("Forbidden", v.Reason);
                }
    }

    [Fact]
    public void Every_variant_has_a_deny_and_an_allow_fixture_and_every_deny_names_its_message()
    {
        foreach (var policy in PssLibrary.Library.Policies)
        {
            var fixtures = PssLibrary.Fixtures[policy.Name];
            Assert.All(fixtures.Where(f => f.ExpectDeny), f => Assert.False(string.IsNullOrEmpty(f.Message), $"{policy.Name} «{f.Name}»: a deny case needs its message"));
            foreach (var variant in policy.Variants)
            {
                Assert.True(fixtures.Any(f => f.ExpectDeny && PssLibrary.Overlap(f, variant) is not null), $"{policy.Name} {variant.MinVersion}: no deny fixture");
                Assert.True(fixtures.Any(f => !f.ExpectDeny && PssLibrary.Overlap(f, variant) is not null), $"{policy.Name} {variant.MinVersion}: no allow fixture");
            }
        }
    }

    [Fact]
    public void A_pod_meeting_restricted_passes_every_policy_and_the_default_pod_passes_baseline()
    {
        var restrictedPod = PssAdmission.PodCase("restricted pod", Pod(
            """{"spec": {"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},""" +
            """ "initContainers": [{"name": "init", "image": "busybox", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}],""" +
            """ "containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 80}], "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}}],""" +
            """ "volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "cfg"}}]}}"""));
        var defaultPod = PssAdmission.PodCase("default pod", Pod("""{"spec": {"containers": [{"name": "app", "image": "nginx"}]}}"""));
        for (var v = PssAdmission.OldestSupported; v <= PssVersion.Latest; v = new PssVersion(1, v.Minor + 1))
        {
            Assert.Empty(PssAdmission.Denials(PssAdmission.Setup(Profile.Restricted, v), restrictedPod));
            Assert.Empty(PssAdmission.Denials(PssAdmission.Setup(Profile.Baseline, v), defaultPod));
            // The default pod is what restricted exists to refuse: it must be denied there, by the restricted rules only.
            var denials = PssAdmission.Denials(PssAdmission.Setup(Profile.Restricted, v), defaultPod);
            Assert.Equal(["capabilities-restricted", "privilege-escalation", "running-as-non-root", "seccomp-restricted"],
                denials.Select(d => d.LibraryPolicy).Distinct().Order(StringComparer.Ordinal));
        }
    }

    internal static Dictionary<string, object?> Pod(string specJson)
    {
        var content = (Dictionary<string, object?>)PlainJson(System.Text.Json.JsonDocument.Parse(specJson).RootElement)!;
        content["apiVersion"] = "v1";
        content["kind"] = "Pod";
        content["metadata"] = new Dictionary<string, object?> { ["name"] = "p" };
        return content;
    }

    private static object? PlainJson(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => PlainJson(p.Value), StringComparer.Ordinal),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().Select(PlainJson).ToList(),
        System.Text.Json.JsonValueKind.String => e.GetString(),
        System.Text.Json.JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        _ => null,
    };

    private static IEnumerable<(string Policy, string Variant, string Field, string Expression)> Expressions()
    {
        foreach (var policy in PssLibrary.Library.Policies)
            foreach (var variant in policy.Variants)
            {
                var at = variant.MinVersion.ToString();
                foreach (var x in variant.Spec.Variables ?? []) yield return (policy.Name, at, $"variables.{x.Name}", x.Expression);
                foreach (var (v, i) in variant.Spec.Validations.Select((v, i) => (v, i)))
                {
                    yield return (policy.Name, at, $"validations[{i}].expression", v.Expression);
                    if (v.MessageExpression is { } m) yield return (policy.Name, at, $"validations[{i}].messageExpression", m);
                }
                foreach (var (c, i) in (variant.Spec.MatchConditions ?? []).Select((c, i) => (c, i)))
                    yield return (policy.Name, at, $"matchConditions[{i}]", c.Expression);
            }
    }

    [GeneratedRegex(@"\.\?[A-Za-z_\[]|\.orValue\(|\[\?")]
    private static partial Regex OptionalSyntax();
}
