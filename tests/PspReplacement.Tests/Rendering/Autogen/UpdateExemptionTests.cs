using static PspReplacement.Tests.Rendering.Autogen.FormEvaluator;
using k8s.Models;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Tests.Profiles.PsaFidelity;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>
/// PSA's pod update rule (pod-security-admission admission/admission.go isSignificantPodUpdate), evaluated with the CEL
/// engine on a violating pod and one change at a time; and the subresources it ignores, as matchConstraints.
/// </summary>
public class UpdateExemptionTests
{
    private static readonly KubernetesVersion V126 = new(1, 26);

    private static bool Checked(Action<Dictionary<string, object?>> change, string operation = "UPDATE", string subResource = "",
        KubernetesVersion? kubernetes = null, Action<Dictionary<string, object?>>? before = null)
    {
        var old = Fixture("pod.denied.yaml");
        before?.Invoke(old);
        var updated = Clone(old);
        change(updated);
        var values = new Dictionary<string, object>
        {
            ["object"] = Cel.Runtime.CelValue.FromPlain(updated),
            ["oldObject"] = operation == "CREATE" ? Cel.Runtime.CelNull.Value : Cel.Runtime.CelValue.FromPlain(old),
            ["request"] = Cel.Runtime.CelValue.FromPlain(Request(operation, subResource)),
        };
        return Equals(Evaluate(UpdateExemption.ForPods(kubernetes ?? KubernetesVersion.Latest).Expression, values), true);
    }

    private static Dictionary<string, object?> Annotations(Dictionary<string, object?> pod) => pod.Map("metadata").Map("annotations");
    private static Dictionary<string, object?> Container(Dictionary<string, object?> pod, string list = "containers") =>
        (Dictionary<string, object?>)pod.Map("spec").List(list)[0]!;
    private static Dictionary<string, object?> Debugger(string image = "busybox") => new() { ["name"] = "debugger", ["image"] = image };
    private static void WithDebugger(Dictionary<string, object?> pod) => pod.Map("spec")["ephemeralContainers"] = new List<object?> { Debugger() };

    [Fact] public void Create_is_checked() => Assert.True(Checked(_ => { }, "CREATE"));
    [Fact] public void Unchanged_update_is_not_checked() => Assert.False(Checked(_ => { }));

    // Significant (isSignificantPodUpdate returns true).
    [Fact] public void Image_change_is_checked() => Assert.True(Checked(p => Container(p)["image"] = "registry.example/web:2.0"));
    [Fact] public void Init_container_image_change_is_checked() => Assert.True(Checked(p => Container(p, "initContainers")["image"] = "registry.example/init:2.0"));
    [Fact] public void Image_removed_is_checked() => Assert.True(Checked(p => Container(p).Remove("image")));
    [Fact] public void Container_added_is_checked() => Assert.True(Checked(p => p.Map("spec").List("containers").Add(new Dictionary<string, object?> { ["name"] = "b", ["image"] = "registry.example/web:1.0" })));
    [Fact] public void Init_containers_removed_is_checked() => Assert.True(Checked(p => p.Map("spec").Remove("initContainers")));
    [Fact] public void Ephemeral_container_added_is_checked() => Assert.True(Checked(WithDebugger, subResource: "ephemeralcontainers"));
    [Fact] public void A_second_ephemeral_container_is_checked() =>
        Assert.True(Checked(p => p.Map("spec").List("ephemeralContainers").Add(new Dictionary<string, object?> { ["name"] = "debugger-2", ["image"] = "busybox" }), subResource: "ephemeralcontainers", before: WithDebugger));
    [Fact] public void Ephemeral_container_image_change_is_checked() =>
        Assert.True(Checked(p => ((Dictionary<string, object?>)p.Map("spec").List("ephemeralContainers")[0]!)["image"] = "alpine", subResource: "ephemeralcontainers", before: WithDebugger));

    // Not significant: PSA lets these through for a pod that violates the level.
    [Fact] public void Label_change_is_not_checked() => Assert.False(Checked(p => p.Map("metadata").Map("labels")["team"] = "sre"));
    [Fact] public void Other_annotation_is_not_checked() => Assert.False(Checked(p => Annotations(p)["example.org/owner"] = "sre"));
    [Fact] public void Finalizers_are_not_checked() => Assert.False(Checked(p => p.Map("metadata")["finalizers"] = new List<object?> { "example.org/keep" }));
    [Fact] public void Active_deadline_is_not_checked() => Assert.False(Checked(p => p.Map("spec")["activeDeadlineSeconds"] = 60L));
    [Fact] public void Grace_period_change_is_not_checked() => Assert.False(Checked(p => p.Map("spec")["terminationGracePeriodSeconds"] = 1L));
    [Fact] public void Scheduling_gate_removal_is_not_checked() =>
        Assert.False(Checked(p => p.Map("spec").Remove("schedulingGates"), before: p => p.Map("spec")["schedulingGates"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "example.org/quota" } }));
    [Fact] public void Node_selector_is_not_checked() => Assert.False(Checked(p => p.Map("spec")["nodeSelector"] = new Dictionary<string, object?> { ["zone"] = "a" }));
    [Fact] public void Security_context_change_is_not_checked() => Assert.False(Checked(p => Container(p).Map("securityContext")["privileged"] = false));
    [Fact] public void Apparmor_annotation_change_is_not_checked() => Assert.False(Checked(p => Annotations(p)["container.apparmor.security.beta.kubernetes.io/app"] = "localhost/x"));
    [Fact] public void Pod_seccomp_annotation_is_not_checked_even_on_1_26() => Assert.False(Checked(p => Annotations(p)["seccomp.security.alpha.kubernetes.io/pod"] = "unconfined", kubernetes: V126));
    [Fact] public void Ephemeral_update_that_adds_none_is_not_checked() => Assert.False(Checked(p => Annotations(p)["example.org/touched"] = "yes", subResource: "ephemeralcontainers", before: WithDebugger));
    [Fact] public void Resize_is_not_checked() => Assert.False(Checked(p => Container(p)["resources"] = new Dictionary<string, object?> { ["requests"] = new Dictionary<string, object?> { ["cpu"] = "2" } }, subResource: "resize"));

    [Fact]
    public void Added_toleration_is_not_checked() => Assert.False(Checked(p => p.Map("spec")["tolerations"] = new List<object?>
    {
        new Dictionary<string, object?> { ["key"] = "dedicated", ["operator"] = "Exists", ["effect"] = "NoSchedule" },
    }));

    // Kubernetes 1.26 only: isSignificantContainerUpdate also compared container.seccomp.security.alpha.kubernetes.io/NAME.
    [Theory]
    [InlineData("app")]
    [InlineData("init")]
    [InlineData("debugger")]
    public void Container_seccomp_annotation_is_checked_on_1_26_only(string container)
    {
        var key = UpdateExemption.SeccompContainerAnnotationPrefix + container;
        Assert.True(Checked(p => Annotations(p)[key] = "unconfined", kubernetes: V126, before: WithDebugger));
        Assert.False(Checked(p => Annotations(p)[key] = "unconfined", kubernetes: new KubernetesVersion(1, 27), before: WithDebugger));
        Assert.False(Checked(p => Annotations(p)[key] = "unconfined", before: WithDebugger));
    }

    [Fact]
    public void On_1_26_a_seccomp_annotation_removed_counts_and_one_of_no_container_does_not()
    {
        void Old(Dictionary<string, object?> p) => Annotations(p)[UpdateExemption.SeccompContainerAnnotationPrefix + "app"] = "runtime/default";
        Assert.True(Checked(p => Annotations(p).Remove(UpdateExemption.SeccompContainerAnnotationPrefix + "app"), kubernetes: V126, before: Old));
        Assert.True(Checked(p => p.Map("metadata").Remove("annotations"), kubernetes: V126, before: Old));
        Assert.False(Checked(p => Annotations(p)[UpdateExemption.SeccompContainerAnnotationPrefix + "gone"] = "unconfined", kubernetes: V126));
        // Set to what a missing annotation reads as: no change for PSA.
        Assert.False(Checked(p => Annotations(p)[UpdateExemption.SeccompContainerAnnotationPrefix + "app"] = "", kubernetes: V126));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("ephemeralcontainers", true)]
    [InlineData("resize", true)]
    [InlineData("somethingnew", true)]
    [InlineData("status", false)]
    [InlineData("binding", false)]
    [InlineData("eviction", false)]
    [InlineData("exec", false)]
    [InlineData("attach", false)]
    [InlineData("portforward", false)]
    [InlineData("proxy", false)]
    [InlineData("log", false)]
    public void The_pod_form_matches_every_subresource_but_those_PSA_ignores(string subResource, bool matches)
    {
        foreach (var operation in new[] { "CREATE", "UPDATE" })
        {
            var request = new AdmissionRequest(operation, new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"),
                subResource, "web", "mw-web", null, null, UserInfo.Anonymous);
            Assert.Equal(matches, MatchResourcesMatcher.Match(MatchRules.Pods(), request, new Dictionary<string, string>()).Matches);
        }
    }

    [Fact]
    public void A_violating_pod_can_still_be_labelled_but_not_debugged_with_a_privileged_container()
    {
        var forms = PolicyForms.Expand("privileged", new V1ValidatingAdmissionPolicySpec
        {
            Validations = [new V1Validation { Expression = "object.spec.?ephemeralContainers.orValue([]).all(c, !has(c.securityContext) || !c.securityContext.?privileged.orValue(false))", Message = "no privileged ephemeral containers" }],
        }, new(ControllerMode.Off, [], []));
        var old = Fixture("pod.allowed.yaml");
        var labelled = Clone(old);
        labelled.Map("metadata").Map("labels")["team"] = "sre";
        Assert.False(Run(forms[0], labelled, old, Request("UPDATE")).Matched);

        var debugged = Clone(old);
        debugged.Map("spec")["ephemeralContainers"] = new List<object?>
        {
            new Dictionary<string, object?> { ["name"] = "debugger", ["image"] = "busybox", ["securityContext"] = new Dictionary<string, object?> { ["privileged"] = true } },
        };
        var outcome = Run(forms[0], debugged, old, Request("UPDATE", "ephemeralcontainers"));
        Assert.True(outcome.Matched);
        Assert.Equal(["no privileged ephemeral containers"], outcome.Failures);
    }

    [Theory]
    [InlineData("1.26", true)]  // v1alpha1: variables inlined, matchConditions folded into the validations
    [InlineData("1.27", false)]
    [InlineData("1.28", false)]
    [InlineData("1.37", false)]
    public void What_render_emits_for_a_kubernetes_version_applies_its_PSA_update_rule(string version, bool seccompAnnotationCounts)
    {
        var kubernetes = KubernetesVersion.Parse(version);
        var library = PolicyLibraryLoader.Load(Path.Combine(RepositoryRoot.Find(), "profiles"));
        var setup = AdmissionSetup.ForProfile(library, Profile.Baseline, new PssVersion(1, kubernetes.Minor), [], kubernetes);
        var old = FidelityCorpus.MinimalValidPod(Profile.Baseline);
        PodPatch.Set(old, "spec.containers[0].securityContext.privileged", true);
        bool Admitted(string path, object? value)
        {
            var pod = (Dictionary<string, object?>)PodPatch.Clone(old)!;
            PodPatch.Set(pod, path, value);
            var options = new RequestOptions("UPDATE");
            var location = new ManifestLocation("update.yaml", 1, 1, 1);
            var checker = new ManifestChecker(setup, options, new OldObjectIndex([new ManifestObject(location, old)], options));
            return checker.CheckOne(ManifestEntry.Of(new ManifestObject(location, pod))).Result!.Verdict.Allowed;
        }
        Assert.True(Admitted("metadata.labels", new Dictionary<string, object?> { ["team"] = "a" }));
        Assert.False(Admitted("spec.containers[0].image", "registry.k8s.io/pause:3.10"));
        Assert.Equal(!seccompAnnotationCounts, Admitted("metadata.annotations[\"container.seccomp.security.alpha.kubernetes.io/regular-container\"]", "unconfined"));
    }

    [Fact]
    public void The_pod_form_uses_the_update_rule_of_the_clusters_kubernetes_version()
    {
        var spec = new V1ValidatingAdmissionPolicySpec { Validations = [new V1Validation { Expression = "true" }] };
        string Condition(KubernetesVersion v) => PolicyForms.Expand("p", spec, new(ControllerMode.Off, [], []) { Kubernetes = v })[0]
            .Spec.MatchConditions!.Single(c => c.Name == UpdateExemption.PodConditionName).Expression;
        Assert.Contains("seccomp", Condition(V126));
        Assert.DoesNotContain("seccomp", Condition(new KubernetesVersion(1, 27)));
    }
}
