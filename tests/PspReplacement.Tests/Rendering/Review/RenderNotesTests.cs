using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Rendering.Review;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Rendering.Review;

public class RenderNotesTests
{
    private static readonly SourceMark Mark = new("values/eqiad.yaml", 1, 1);

    private static NamespacePolicies Plan(string name, Profile profile, string[]? excluded = null, string[]? included = null, bool pinned = false) =>
        new(new NamespaceConfig(name, profile, [], [], null, null, Mark), new PssVersion(1, 30), pinned,
            (excluded ?? []).ToHashSet(), (included ?? []).ToHashSet());

    private static V1ValidatingAdmissionPolicyBinding Binding(string policy, IList<string> actions, V1LabelSelectorRequirement? named = null) => new()
    {
        Spec = new V1ValidatingAdmissionPolicyBindingSpec
        {
            PolicyName = policy,
            ValidationActions = actions,
            MatchResources = new V1MatchResources { NamespaceSelector = new V1LabelSelector { MatchExpressions = named is null ? [] : [named] } },
        },
    };

    [Fact]
    public void A_namespace_s_labels_are_derived_from_its_policies()
    {
        var ns = Plan("mw-web", Profile.Restricted, ["capabilities-restricted"], ["sys-ptrace-capabilities-restricted"], pinned: true);
        var scheme = new LabelScheme("pod-security.wmf.org");
        Assert.Equal(new Dictionary<string, string>
        {
            ["pod-security.wmf.org/capabilities-restricted"] = "exclude",
            ["pod-security.wmf.org/profile"] = "restricted",
            ["pod-security.wmf.org/pss-version"] = "v1.30",
            ["pod-security.wmf.org/sys-ptrace-capabilities-restricted"] = "include",
        }, scheme.LabelsOf(ns, NamespaceBindingMode.Labels));
        Assert.Equal(["pod-security.wmf.org/profile", "pod-security.wmf.org/pss-version"], scheme.LabelsOf(ns, NamespaceBindingMode.Names).Keys);
        Assert.False(ns.IsPlainProfile);
        Assert.True(Plan("thumbor", Profile.Restricted).IsPlainProfile);
    }

    [Fact]
    public void Notes_cover_exemptions_privileged_namespaces_and_rollout()
    {
        var cluster = new ClusterConfig("eqiad", KubernetesVersion.Parse("1.31"), new PssVersion(1, 31), ClusterConfig.DefaultLabelPrefix,
            ["Deny", "Audit"], new Dictionary<string, PolicyOverride>(), Profile.Restricted, ControllerMode.Same,
            new ExemptionsConfig(["system:serviceaccount:kube-system:replicaset-controller"], [], ["kube-system", "tools"]),
            false, false, [], "values/eqiad.yaml", []);
        var plans = new[] { Plan("mw-debug", Profile.Privileged) };
        var rendered = new RenderedCluster("eqiad", [], [
            Binding("host-pid", ["Deny", "Audit"]),
            Binding("seccomp", ["Audit"]),
            Binding("seccomp-audit", ["Audit"], new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "In", Values = ["mw-api", "mw-web"] }),
        ], []);
        var notes = RenderNotes.For(cluster, plans, rendered);
        Assert.Equal(7, notes.Count);
        Assert.Equal("cluster eqiad: system namespaces: kube-node-lease restricted, kube-public restricted, kube-system exempt", notes[0]);
        Assert.StartsWith("warning: cluster eqiad: exempting user 'system:serviceaccount:kube-system:replicaset-controller'", notes[1]);
        // kube-system is on the system namespaces line; another exempt namespace has its own.
        Assert.Equal("cluster eqiad: namespace tools is privileged: it is listed in exemptions.namespaces", notes[2]);
        Assert.Equal("cluster eqiad: namespace mw-debug is privileged: its values set profile: privileged", notes[3]);
        Assert.StartsWith("cluster eqiad: every namespace not listed in values gets the cluster's defaultProfile, restricted", notes[4]);
        Assert.Equal("cluster eqiad: policy seccomp is not denying yet in every namespace it binds: [Audit]", notes[5]);
        Assert.Equal("cluster eqiad: policy seccomp-audit is not denying yet in namespaces mw-api, mw-web: [Audit]", notes[6]);
    }
}
