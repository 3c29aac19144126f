using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Vap;

namespace PspReplacement.Tests.Rendering;

public class ClusterRendererTests
{
    private const string P = "pod-security.wmf.org";

    private static ClusterPlan Plan(string values)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", values);
        var cluster = ValuesLoader.Load(repo.Values).Single();
        return ClusterRenderer.Plan(cluster, PolicyLibraryLoader.Load(RenderTestRepo.FixtureLibrary));
    }

    private static InvalidInputException Fails(string values) => Assert.Throws<InvalidInputException>(() => Plan(values));

    // The system namespaces' exemption every test repository has (RenderTestRepo.SystemNamespacesDecided) is left out.
    private static IEnumerable<string> Selector(V1ValidatingAdmissionPolicyBinding b) =>
        b.Spec.MatchResources.NamespaceSelector.MatchExpressions.Select(r => $"{r.Key} {r.OperatorProperty} [{string.Join(",", r.Values)}]")
            .Where(s => s != "kubernetes.io/metadata.name NotIn [kube-node-lease,kube-public,kube-system]");

    /// <summary>The library policies rendered (each may have several forms: pods and, by autogen, controllers).</summary>
    private static List<string> PolicyNames(RenderedCluster r) => r.Policies.Select(p => p.Metadata.Labels[$"{P}/policy"]).Distinct().Order(StringComparer.Ordinal).ToList();

    private static V1ValidatingAdmissionPolicyBinding BindingOf(RenderedCluster r, string name) => r.Bindings.Single(b => b.Metadata.Name == name);

    private const string Fleet = """
        name: c1
        kubernetesVersion: "1.31"
        namespaces:
          mw: {profile: restricted, addBacks: [sys-ptrace]}
          svc: {profile: restricted, exclude: [run-as-non-root]}
          ml: {profile: baseline, addBacks: [sys-ptrace]}
          ops: {profile: privileged}
          plain: {}
        """;

    [Fact]
    public void An_add_backs_policies_name_the_rule_they_relax_and_the_add_back()
    {
        var r = Plan(Fleet).Rendered;
        var library = PolicyLibraryLoader.Load(RenderTestRepo.FixtureLibrary);
        var replacements = library.AddBacks.SelectMany(a => a.Replaces.Select(x => (x.With, x.Policy, AddBack: a.Name))).ToList();
        Assert.NotEmpty(replacements);
        foreach (var policy in r.Policies)
        {
            var relaxation = PspReplacement.Rendering.Bindings.Relaxation.Of(policy.Metadata.Annotations);
            var source = policy.Metadata.Labels[$"{P}/policy"];
            if (replacements.SingleOrDefault(x => x.With == source) is { With: not null } replacement)
            {
                Assert.Equal(replacement.Policy, policy.Metadata.Annotations[$"{P}/relaxes"]);
                Assert.Equal(replacement.AddBack, policy.Metadata.Annotations[$"{P}/add-back"]);
                Assert.Equal(new PspReplacement.Rendering.Bindings.Relaxation(replacement.Policy, replacement.AddBack), relaxation);
            }
            else Assert.Null(relaxation);
        }
        Assert.Contains(r.Policies, p => PspReplacement.Rendering.Bindings.Relaxation.Of(p.Metadata.Annotations) is not null);
    }

    [Theory]
    [InlineData("a.example/relaxes", "a.example/add-back", true)]
    [InlineData("a.example/relaxes", "b.example/add-back", false)]
    [InlineData("relaxes", "add-back", false)]
    public void A_relaxation_is_read_only_from_both_annotations_of_one_prefix(string relaxesKey, string addBackKey, bool read)
    {
        var annotations = new Dictionary<string, string> { [relaxesKey] = "capabilities-restricted", [addBackKey] = "sys-ptrace" };
        Assert.Equal(read, PspReplacement.Rendering.Bindings.Relaxation.Of(annotations) is not null);
    }

    [Fact]
    public void Restricted_policies_bind_restricted_baseline_bind_both_and_each_can_be_excluded()
    {
        var r = Plan(Fleet).Rendered;
        // Fail-closed (the default profile is restricted): NotIn also selects namespaces without the label.
        Assert.Equal([$"{P}/profile NotIn [baseline,privileged]", $"{P}/run-as-non-root NotIn [exclude]"], Selector(BindingOf(r, "run-as-non-root")));
        Assert.Equal([$"{P}/profile NotIn [privileged]", $"{P}/privileged-containers NotIn [exclude]"], Selector(BindingOf(r, "privileged-containers")));
        Assert.Equal([$"{P}/sys-ptrace-capabilities-restricted In [include]"], Selector(BindingOf(r, "sys-ptrace-capabilities-restricted")));
        foreach (var binding in r.Bindings)
        {
            Assert.Equal(binding.Metadata.Name, binding.Spec.PolicyName);
            Assert.Equal(["Deny", "Audit"], binding.Spec.ValidationActions);
            Assert.Contains(r.Policies, p => p.Metadata.Name == binding.Spec.PolicyName);
        }
    }

    [Fact]
    public void With_a_privileged_default_profile_policies_bind_only_labelled_namespaces()
    {
        var r = Plan("name: c1\nkubernetesVersion: \"1.31\"\ndefaultProfile: privileged\nnamespaces:\n  a: {profile: restricted}\n").Rendered;
        Assert.Equal([$"{P}/profile In [restricted]", $"{P}/run-as-non-root NotIn [exclude]"], Selector(BindingOf(r, "run-as-non-root")));
        Assert.Equal([$"{P}/profile In [baseline,restricted]", $"{P}/privileged-containers NotIn [exclude]"], Selector(BindingOf(r, "privileged-containers")));
    }

    [Fact]
    public void Controller_forms_warn_when_the_cluster_says_warn_and_a_namespace_can_choose_otherwise()
    {
        var r = Plan("name: c1\nkubernetesVersion: \"1.31\"\ncontrollers: warn\nnamespaces:\n  strict: {controllers: same}\n").Rendered;
        Assert.Equal(["Deny", "Audit"], BindingOf(r, "run-as-non-root").Spec.ValidationActions);
        var controllerBindings = r.Bindings.Where(b => b.Spec.PolicyName != b.Metadata.Labels[$"{P}/policy"] && b.Spec.PolicyName.StartsWith("run-as-non-root", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(controllerBindings);
        Assert.Contains(controllerBindings, b => b.Spec.ValidationActions.SequenceEqual(["Warn", "Audit"]) && Selector(b).Contains("kubernetes.io/metadata.name NotIn [strict]"));
        Assert.Contains(controllerBindings, b => b.Spec.ValidationActions.SequenceEqual(["Deny", "Audit"]) && Selector(b).Contains("kubernetes.io/metadata.name In [strict]"));
        var off = Plan("name: c1\nkubernetesVersion: \"1.31\"\ncontrollers: \"off\"\n").Rendered;
        Assert.All(off.Bindings, b => Assert.Equal(b.Spec.PolicyName, b.Metadata.Labels[$"{P}/policy"]));
    }

    [Fact]
    public void Namespace_labels_follow_profile_add_backs_and_excludes()
    {
        var r = Plan(Fleet).Rendered;
        IDictionary<string, string> Labels(string ns) => r.Namespaces.Single(n => n.Metadata.Name == ns).Metadata.Labels;
        Assert.Equal(new Dictionary<string, string>
        {
            [$"{P}/profile"] = "restricted",
            [$"{P}/capabilities-baseline"] = "exclude",
            [$"{P}/sys-ptrace-capabilities-baseline"] = "include",
            [$"{P}/capabilities-restricted"] = "exclude",
            [$"{P}/sys-ptrace-capabilities-restricted"] = "include",
        }, Labels("mw"));
        // A baseline namespace only swaps the baseline rule: the restricted replacement would tighten it.
        Assert.Equal(new Dictionary<string, string>
        {
            [$"{P}/profile"] = "baseline",
            [$"{P}/capabilities-baseline"] = "exclude",
            [$"{P}/sys-ptrace-capabilities-baseline"] = "include",
        }, Labels("ml"));
        Assert.Equal(new Dictionary<string, string> { [$"{P}/profile"] = "restricted", [$"{P}/run-as-non-root"] = "exclude" }, Labels("svc"));
        Assert.Equal(new Dictionary<string, string> { [$"{P}/profile"] = "privileged" }, Labels("ops"));
        Assert.Equal(new Dictionary<string, string> { [$"{P}/profile"] = "restricted" }, Labels("plain")); // defaultProfile
        Assert.All(r.Namespaces, n => Assert.Equal("keep", n.Metadata.Annotations["helm.sh/resource-policy"]));
    }

    [Fact]
    public void Every_label_a_binding_selects_on_is_one_the_namespaces_can_carry()
    {
        var r = Plan(Fleet).Rendered;
        var labelKeys = r.Namespaces.SelectMany(n => n.Metadata.Labels.Keys).ToHashSet();
        foreach (var requirement in r.Bindings.SelectMany(b => b.Spec.MatchResources.NamespaceSelector.MatchExpressions))
            if (requirement.OperatorProperty == "In") Assert.Contains(requirement.Key, labelKeys);
    }

    [Fact]
    public void Add_back_policies_are_rendered_only_when_a_namespace_uses_them()
    {
        var r = Plan("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {profile: restricted}\n").Rendered;
        Assert.DoesNotContain(r.Policies, p => p.Metadata.Name.StartsWith("sys-ptrace", StringComparison.Ordinal));
        Assert.Equal(["capabilities-baseline", "capabilities-restricted", "privileged-containers", "run-as-non-root"], PolicyNames(r));
    }

    [Fact]
    public void Policy_overrides_set_binding_actions()
    {
        var r = Plan("name: c1\nkubernetesVersion: \"1.31\"\nvalidationActions: [Warn, Audit]\npolicies:\n  run-as-non-root: {validationActions: [Audit]}\n").Rendered;
        Assert.Equal(["Audit"], BindingOf(r, "run-as-non-root").Spec.ValidationActions);
        Assert.Equal(["Warn", "Audit"], BindingOf(r, "privileged-containers").Spec.ValidationActions);
    }

    [Fact]
    public void Namespace_actions_get_bindings_of_their_own_and_the_cluster_binding_leaves_them_out()
    {
        var r = Plan("""
            name: c1
            kubernetesVersion: "1.31"
            controllers: "off"
            namespaces:
              legacy: {validationActions: [Audit], policies: {privileged-containers: {validationActions: [Warn, Audit]}}}
              new: {}
            """).Rendered;
        Assert.Equal(["Deny", "Audit"], BindingOf(r, "run-as-non-root").Spec.ValidationActions);
        Assert.Contains("kubernetes.io/metadata.name NotIn [legacy]", Selector(BindingOf(r, "run-as-non-root")));
        var audit = BindingOf(r, "run-as-non-root-audit");
        Assert.Equal(["Audit"], audit.Spec.ValidationActions);
        Assert.Contains("kubernetes.io/metadata.name In [legacy]", Selector(audit));
        Assert.Equal(["Warn", "Audit"], BindingOf(r, "privileged-containers-warn-audit").Spec.ValidationActions);
        var e = Fails("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {policies: {nope: {validationActions: [Audit]}}}\n");
        Assert.Contains("c1.yaml:4:18: unknown policy 'nope' under policies of namespace 'a'", e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_cluster_pss_version_picks_each_policy_variant()
    {
        var old = Plan("name: c1\nkubernetesVersion: \"1.31\"\npssVersion: v1.24\n").Rendered;
        Assert.Equal("runAsNonRoot must be set (before v1.25)", old.Policies.Single(p => p.Metadata.Name == "run-as-non-root").Spec.Validations[0].Message);
        var now = Plan("name: c1\nkubernetesVersion: \"1.31\"\n").Rendered;
        Assert.Equal("runAsNonRoot must be true", now.Policies.Single(p => p.Metadata.Name == "run-as-non-root").Spec.Validations[0].Message);
        // Policies that did not exist at the version are not rendered.
        var ancient = Plan("name: c1\nkubernetesVersion: \"1.31\"\npssVersion: v1.21\n").Rendered;
        Assert.DoesNotContain(ancient.Policies, p => p.Metadata.Name == "capabilities-restricted");
    }

    [Fact]
    public void A_namespace_pinned_to_another_pss_version_gets_that_variant_and_no_other()
    {
        var plan = Plan("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  old: {pssVersion: v1.24}\n  new: {}\n");
        var r = plan.Rendered;
        Assert.Equal("v1.24", r.Namespaces.Single(n => n.Metadata.Name == "old").Metadata.Labels[$"{P}/pss-version"]);
        Assert.False(r.Namespaces.Single(n => n.Metadata.Name == "new").Metadata.Labels.ContainsKey($"{P}/pss-version"));
        Assert.Contains($"{P}/pss-version NotIn [v1.24]", Selector(BindingOf(r, "run-as-non-root")));
        var pinned = BindingOf(r, "run-as-non-root-pss-v1.0");
        Assert.Contains($"{P}/pss-version In [v1.24]", Selector(pinned));
        Assert.Equal("runAsNonRoot must be set (before v1.25)", r.Policies.Single(p => p.Metadata.Name == "run-as-non-root-pss-v1.0").Spec.Validations[0].Message);
        // Same rule at both versions: one policy binds both.
        Assert.DoesNotContain(Selector(BindingOf(r, "privileged-containers")), s => s.Contains("pss-version", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_by_name_psa_labels_and_exempt_namespaces()
    {
        var r = Plan("""
            name: c1
            kubernetesVersion: "1.31"
            bindNamespacesByName: true
            psaLabels: true
            exemptions: {namespaces: [kube-node-lease, kube-public, kube-system]}
            namespaces:
              mw: {addBacks: [sys-ptrace]}
              svc: {profile: baseline}
            """).Rendered;
        Assert.Equal(["kubernetes.io/metadata.name NotIn [kube-node-lease,kube-public,kube-system,mw,svc]"], Selector(BindingOf(r, "capabilities-restricted")));
        Assert.Equal(["kubernetes.io/metadata.name In [mw]"], Selector(BindingOf(r, "sys-ptrace-capabilities-restricted")));
        var mw = r.Namespaces.Single(n => n.Metadata.Name == "mw").Metadata.Labels;
        Assert.Equal([$"{P}/profile"], mw.Keys); // by name: no opt-out labels a tenant could copy; add-backs mean no PSA labels
        var svc = r.Namespaces.Single(n => n.Metadata.Name == "svc").Metadata.Labels;
        Assert.Equal("baseline", svc["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("v1.31", svc["pod-security.kubernetes.io/audit-version"]);
        var labelled = Plan("name: c1\nkubernetesVersion: \"1.31\"\nexemptions: {namespaces: [kube-node-lease, kube-public, kube-system, tools]}\n").Rendered;
        Assert.Contains("kubernetes.io/metadata.name NotIn [kube-node-lease,kube-public,kube-system,tools]", Selector(BindingOf(labelled, "run-as-non-root")));
    }

    [Theory]
    [InlineData("  a: {addBacks: [nope]}", "unknown add-back 'nope' in namespace 'a'; known add-backs: sys-ptrace")]
    [InlineData("  a: {exclude: [nope]}", "unknown policy 'nope' in exclude of namespace 'a'")]
    [InlineData("  a: {profile: baseline, exclude: [run-as-non-root]}", "does not apply to namespace 'a'")]
    [InlineData("  a: {profile: privileged, addBacks: [sys-ptrace]}", "namespace 'a' is privileged")]
    [InlineData("  a: {exclude: [sys-ptrace-capabilities-baseline]}", "is an add-back policy")]
    [InlineData("  a: {addBacks: [sys-ptrace], exclude: [capabilities-restricted]}", "both excluded and replaced")]
    public void Unknown_or_contradictory_names_are_refused_where_written(string ns, string expected)
    {
        var e = Fails("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n" + ns + "\n");
        var problem = Assert.Single(e.Problems);
        Assert.Matches(@"c1\.yaml:4:\d+: ", problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_policy_override_is_refused()
    {
        var problem = Fails("name: c1\nkubernetesVersion: \"1.31\"\npolicies:\n  nope: {validationActions: [Audit]}\n").Problems.Single();
        Assert.Contains("c1.yaml:4:3: unknown policy 'nope' under policies", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_profile_renders_one_namespace_like_render_does()
    {
        var library = PolicyLibraryLoader.Load(RenderTestRepo.FixtureLibrary);
        var r = ClusterRenderer.RenderProfile(library, Profile.Baseline, new PssVersion(1, 30), ["sys-ptrace"], new KubernetesVersion(1, 30), "web");
        // Every base policy is rendered (bindings decide where they apply); only the add-back in use is.
        Assert.Equal(["capabilities-baseline", "capabilities-restricted", "privileged-containers", "run-as-non-root", "sys-ptrace-capabilities-baseline"], PolicyNames(r));
        var ns = Assert.Single(r.Namespaces);
        Assert.Equal("web", ns.Metadata.Name);
        Assert.Equal("exclude", ns.Metadata.Labels[$"{P}/capabilities-baseline"]);
        Assert.All(r.Policies, p => Assert.Equal("admissionregistration.k8s.io/v1", p.ApiVersion));
    }

    [Theory]
    [InlineData("1.37", "admissionregistration.k8s.io/v1")]
    [InlineData("1.36", "admissionregistration.k8s.io/v1")]
    [InlineData("1.35", "admissionregistration.k8s.io/v1")]
    [InlineData("1.30", "admissionregistration.k8s.io/v1")]
    [InlineData("1.29", "admissionregistration.k8s.io/v1beta1")]
    [InlineData("1.28", "admissionregistration.k8s.io/v1beta1")]
    [InlineData("1.27", "admissionregistration.k8s.io/v1alpha1")]
    [InlineData("1.26", "admissionregistration.k8s.io/v1alpha1")]
    public void Chart_api_version_follows_the_cluster(string version, string expected) =>
        Assert.Equal(expected, KubernetesApi.AdmissionApiVersion(KubernetesVersion.Parse(version)));

    [Fact]
    public void Labels_and_annotations_from_values_pass_through_to_the_namespace_beside_pspr_s_own()
    {
        var r = Plan("""
            name: c1
            kubernetesVersion: "1.31"
            namespaces:
              mesh:
                profile: baseline
                labels: {istio-injection: enabled, team.example.org/owner: sre}
                annotations: {scheduler.alpha.kubernetes.io/node-selector: "pool=web", note: "two words"}
              plain: {}
            """).Rendered;
        var mesh = r.Namespaces.Single(n => n.Metadata.Name == "mesh");
        Assert.Equal("enabled", mesh.Metadata.Labels["istio-injection"]);
        Assert.Equal("sre", mesh.Metadata.Labels["team.example.org/owner"]);
        Assert.Equal("baseline", mesh.Metadata.Labels[$"{P}/profile"]);
        // In ordinal order, so that the rendering is byte-identical whatever order values wrote them in.
        Assert.Equal(["helm.sh/resource-policy", "note", "scheduler.alpha.kubernetes.io/node-selector"], mesh.Metadata.Annotations.Keys);
        Assert.Equal("keep", mesh.Metadata.Annotations["helm.sh/resource-policy"]);
        Assert.Equal("pool=web", mesh.Metadata.Annotations["scheduler.alpha.kubernetes.io/node-selector"]);
        var plain = r.Namespaces.Single(n => n.Metadata.Name == "plain");
        Assert.DoesNotContain("istio-injection", plain.Metadata.Labels.Keys);
        Assert.Equal(["helm.sh/resource-policy"], plain.Metadata.Annotations.Keys);
    }

    [Theory]
    [InlineData("labels: {pod-security.wmf.org/profile: privileged}", "pspr's binding labels")]
    [InlineData("labels: {pod-security.wmf.org/capabilities-restricted: exclude}", "pspr's binding labels")]
    [InlineData("labels: {pod-security.kubernetes.io/enforce: privileged}", "the PSA labels")]
    [InlineData("labels: {kubernetes.io/metadata.name: b}", "set by the apiserver")]
    [InlineData("labels: {app.kubernetes.io/managed-by: Kustomize}", "set by Helm")]
    [InlineData("annotations: {meta.helm.sh/release-name: other}", "Helm's release ownership")]
    [InlineData("annotations: {helm.sh/resource-policy: delete}", "keeps every namespace on uninstall")]
    public void A_label_or_annotation_pspr_or_helm_owns_is_refused_where_written(string field, string expected)
    {
        var e = Fails($"name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a:\n    {field}\n");
        var problem = Assert.Single(e.Problems);
        Assert.Matches(@"c1\.yaml:5:\d+: namespaces\.a\.(labels|annotations): '[^']+' is not yours to set: ", problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.EndsWith("; remove it", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("labels: {\"bad key\": x}")]
    [InlineData("labels: {ok: \"not a label value\"}")]
    [InlineData("labels: {ok: -starts-with-dash}")]
    [InlineData("labels: {\"UPPER.example/x\": y}")]
    [InlineData("annotations: {\"/x\": y}")]
    [InlineData("labels: {ok: 1}")]
    public void A_label_the_apiserver_would_refuse_is_refused_by_the_schema(string field)
    {
        var e = Fails($"name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a:\n    {field}\n");
        Assert.Contains(e.Problems, p => p.Contains("c1.yaml:5:", StringComparison.Ordinal));
    }

    [Fact]
    public void Below_1_26_there_is_no_admission_api() =>
        Assert.Throws<InvalidInputException>(() => KubernetesApi.AdmissionApiVersion(new KubernetesVersion(1, 25)));
}
