using static PspReplacement.Tests.Kubernetes.ApiServerKit;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>What the registry strategies do on create before validating admission (pkg/registry, PrepareForCreate).</summary>
public class CreateStrategyTests
{
    private static string Pod(string spec, string metadata = "{name: p}") => $"apiVersion: v1\nkind: Pod\nmetadata: {metadata}\nspec: {spec}\n";

    [Theory]
    [InlineData("{containers: [{name: a, image: x}]}", "BestEffort")]
    [InlineData("{containers: [{name: a, image: x, resources: {requests: {cpu: 100m}}}]}", "Burstable")]
    [InlineData("{containers: [{name: a, image: x, resources: {limits: {cpu: 1, memory: 1Gi}}}]}", "Guaranteed")]
    [InlineData("{containers: [{name: a, image: x, resources: {limits: {cpu: 1, memory: 1Gi}, requests: {cpu: 500m}}}]}", "Burstable")]
    [InlineData("{containers: [{name: a, image: x, resources: {limits: {cpu: 1, memory: 1Gi}}}], initContainers: [{name: i, image: x}]}", "Burstable")]
    [InlineData("{containers: [{name: a, image: x, resources: {limits: {cpu: 1000m, memory: 1024Mi}, requests: {cpu: '1', memory: 1Gi}}}]}", "Guaranteed")]
    public void A_new_pod_is_Pending_with_its_QoS_class(string spec, string qos)
    {
        var pod = Admitted(Pod(spec));
        Assert.Equal("Pending", pod.At("status.phase"));
        Assert.Equal(qos, pod.At("status.qosClass"));
    }

    [Theory]
    [InlineData("1.32", "Default", false)]
    [InlineData("1.33", "Unmasked", true)]
    public void Fields_of_features_that_are_off_leave_the_pod_before_admission(string version, string procMount, bool hostUsersKept)
    {
        var pod = Admitted(Pod("{hostUsers: false, containers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]}"), version);
        // ProcMountType and UserNamespacesSupport are on by default from 1.33.
        Assert.Equal(procMount, pod.At("spec.containers[0].securityContext.procMount"));
        Assert.Equal(hostUsersKept ? false : Missing, pod.At("spec.hostUsers"));
        var deployment = Admitted("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec: {hostUsers: false, containers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]}\n", version);
        Assert.Equal(procMount, deployment.At("spec.template.spec.containers[0].securityContext.procMount"));
    }

    [Fact]
    public void A_field_changed_by_a_disabled_feature_is_noted_for_the_reader()
    {
        var result = Decode(Pod("{containers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]}"), "1.30");
        Assert.Contains("the Kubernetes 1.30 apiserver changes this object before admission: spec.containers[0].securityContext.procMount Unmasked becomes Default (feature gate ProcMountType is off by default before 1.33)", result.Warnings);
        Assert.Empty(Decode(Pod("{containers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]}"), "1.33").Warnings);
    }

    [Theory]
    [InlineData("1.29", false, false)]
    [InlineData("1.30", true, true)]
    [InlineData("1.33", true, true)]
    [InlineData("1.34", true, false)]
    public void AppArmor_annotations_and_fields_are_synced_as_the_pod_strategy_does_per_version(string version, bool fieldFromAnnotation, bool annotationFromField)
    {
        var pod = Admitted(Pod("{containers: [{name: a, image: x}, {name: b, image: x, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: prof}}}]}",
            "{name: p, annotations: {container.apparmor.security.beta.kubernetes.io/a: unconfined}}"), version);
        Assert.Equal(fieldFromAnnotation ? "Unconfined" : Missing, pod.At("spec.containers[0].securityContext.appArmorProfile.type"));
        var annotations = (Dictionary<string, object?>)pod.At("metadata.annotations")!;
        Assert.Equal(annotationFromField ? "localhost/prof" : null, annotations.GetValueOrDefault("container.apparmor.security.beta.kubernetes.io/b"));
    }

    [Fact]
    public void A_gated_pod_gets_its_scheduling_condition_and_controllers_start_at_generation_1()
    {
        var pod = Admitted(Pod("{schedulingGates: [{name: wait}], containers: [{name: a, image: x}]}"));
        Assert.Equal("SchedulingGated", pod.At("status.conditions[0].reason"));
        var daemonSet = Admitted("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec: {containers: [{name: a, image: x}]}\n");
        Assert.Equal(1L, daemonSet.At("metadata.generation"));
        Assert.Equal("1", ((Dictionary<string, object?>)daemonSet.At("metadata.annotations")!)["deprecated.daemonset.template.generation"]);
        var ns = Admitted("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n", ns: "");
        Assert.Equal("Active", ns.At("status.phase"));
        Assert.Equal(new List<object?> { "kubernetes" }, ns.At("spec.finalizers"));
    }

    [Fact]
    public void MatchLabelKeys_become_selector_requirements_with_the_pods_labels()
    {
        var pod = Admitted(Pod("{containers: [{name: a, image: x}], affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [rev]}]}}}",
            "{name: p, labels: {app: web, rev: abc}}"));
        Assert.Equal("rev", pod.At("spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].key"));
        Assert.Equal(new List<object?> { "abc" }, pod.At("spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values"));
    }
}
