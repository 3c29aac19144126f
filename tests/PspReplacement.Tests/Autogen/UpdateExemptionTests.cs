using k8s.Models;
using PspReplacement.Rendering.Autogen;
using static PspReplacement.Tests.Autogen.FormEvaluator;

namespace PspReplacement.Tests.Autogen;

/// <summary>PSA's update exemption, evaluated with the CEL engine on a violating pod and one change at a time.</summary>
public class UpdateExemptionTests
{
    private static readonly V1MatchCondition Condition = UpdateExemption.ForPods();

    private static bool Checked(Action<Dictionary<string, object?>> change, string operation = "UPDATE", string subResource = "")
    {
        var old = Fixture("pod.denied.yaml");
        var updated = Clone(old);
        change(updated);
        var values = new Dictionary<string, object>
        {
            ["object"] = Cel.Runtime.CelValue.FromPlain(updated),
            ["oldObject"] = operation == "CREATE" ? Cel.Runtime.CelNull.Value : Cel.Runtime.CelValue.FromPlain(old),
            ["request"] = Cel.Runtime.CelValue.FromPlain(Request(operation, subResource)),
        };
        return Equals(Evaluate(Condition.Expression, values), true);
    }

    private static Dictionary<string, object?> Annotations(Dictionary<string, object?> pod) => pod.Map("metadata").Map("annotations");
    private static Dictionary<string, object?> Container(Dictionary<string, object?> pod, string list = "containers") =>
        (Dictionary<string, object?>)pod.Map("spec").List(list)[0]!;

    [Fact] public void Create_is_checked() => Assert.True(Checked(_ => { }, "CREATE"));
    [Fact] public void Unchanged_update_is_not_checked() => Assert.False(Checked(_ => { }));
    [Fact] public void Label_change_is_not_checked() => Assert.False(Checked(p => p.Map("metadata").Map("labels")["team"] = "sre"));
    [Fact] public void Other_annotation_is_not_checked() => Assert.False(Checked(p => Annotations(p)["example.org/owner"] = "sre"));
    [Fact] public void Finalizers_and_owner_changes_are_not_checked() => Assert.False(Checked(p => p.Map("metadata")["finalizers"] = new List<object?> { "example.org/keep" }));
    [Fact] public void Active_deadline_is_not_checked() => Assert.False(Checked(p => p.Map("spec")["activeDeadlineSeconds"] = 60L));

    [Fact]
    public void Added_toleration_is_not_checked() => Assert.False(Checked(p => p.Map("spec")["tolerations"] = new List<object?>
    {
        new Dictionary<string, object?> { ["key"] = "dedicated", ["operator"] = "Exists", ["effect"] = "NoSchedule" },
    }));

    [Fact] public void Image_change_is_checked() => Assert.True(Checked(p => Container(p)["image"] = "registry.example/web:2.0"));
    [Fact] public void Init_container_image_change_is_checked() => Assert.True(Checked(p => Container(p, "initContainers")["image"] = "registry.example/init:2.0"));
    [Fact] public void Apparmor_annotation_change_is_checked() => Assert.True(Checked(p => Annotations(p)["container.apparmor.security.beta.kubernetes.io/app"] = "localhost/x"));
    [Fact] public void Apparmor_annotation_removal_is_checked() => Assert.True(Checked(p => Annotations(p).Remove("container.apparmor.security.beta.kubernetes.io/app")));
    [Fact] public void Annotations_removed_altogether_is_checked() => Assert.True(Checked(p => p.Map("metadata").Remove("annotations")));
    [Fact] public void Pod_seccomp_annotation_is_checked() => Assert.True(Checked(p => Annotations(p)["seccomp.security.alpha.kubernetes.io/pod"] = "unconfined"));
    [Fact] public void Container_seccomp_annotation_is_checked() => Assert.True(Checked(p => Annotations(p)["container.seccomp.security.alpha.kubernetes.io/app"] = "unconfined"));
    [Fact] public void Scheduling_gate_removal_is_checked() => Assert.True(Checked(p => p.Map("spec")["schedulingGates"] = new List<object?>()));
    [Fact] public void Grace_period_change_is_checked() => Assert.True(Checked(p => p.Map("spec")["terminationGracePeriodSeconds"] = 1L));

    [Fact]
    public void Ephemeral_container_subresource_is_always_checked() =>
        Assert.True(Checked(_ => { }, subResource: "ephemeralcontainers"));

    [Fact]
    public void Ephemeral_container_added_is_checked() => Assert.True(Checked(p => p.Map("spec")["ephemeralContainers"] = new List<object?>
    {
        new Dictionary<string, object?> { ["name"] = "debugger", ["image"] = "busybox" },
    }));

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
}
