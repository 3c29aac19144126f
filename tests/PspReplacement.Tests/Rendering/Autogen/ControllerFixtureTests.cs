using static PspReplacement.Tests.Rendering.Autogen.FormEvaluator;
using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Kubernetes;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>
/// Every controller kind, a violating and a compliant workload (testdata/autogen), evaluated with the CEL engine against
/// the forms Expand derives from one pod-form policy: the controller must get the verdict its pods would get.
/// </summary>
public class ControllerFixtureTests
{
    private const string AppArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";

    /// <summary>A pod-form policy that reads spec (through a variable and optional syntax) and metadata, and names the object in its message.</summary>
    private static readonly V1ValidatingAdmissionPolicySpec PodForm = new()
    {
        Variables =
        [
            new V1Variable { Name = "allContainers", Expression = "object.spec.containers + object.spec.?initContainers.orValue([]) + object.spec.?ephemeralContainers.orValue([])" },
        ],
        Validations =
        [
            new V1Validation
            {
                Expression = "variables.allContainers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)",
                MessageExpression = "'privileged containers are not allowed in ' + object.metadata.name + ': ' + variables.allContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged).map(c, c.name).join(', ')",
            },
            new V1Validation
            {
                Expression = $"!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.startsWith('{AppArmorPrefix}') || object.metadata.annotations[k] == 'runtime/default' || object.metadata.annotations[k].startsWith('localhost/'))",
                Message = "AppArmor must not be unconfined",
            },
        ],
    };

    private static readonly IReadOnlyList<PolicyForm> Forms = PolicyForms.Expand("privileged", PodForm, new(ControllerMode.Same, [], []));

    private static PolicyForm FormFor(string kind) =>
        kind == "Pod" ? Forms[0] : Forms.Single(f => f.Kinds.Any(k => k.Kind == kind));

    public static TheoryData<string, string> Kinds() => new()
    {
        { "pod", "Pod" }, { "deployment", "Deployment" }, { "statefulset", "StatefulSet" }, { "daemonset", "DaemonSet" },
        { "replicaset", "ReplicaSet" }, { "replicationcontroller", "ReplicationController" }, { "job", "Job" }, { "cronjob", "CronJob" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Violating_workload_is_denied_with_the_pod_message(string file, string kind)
    {
        var obj = Fixture($"{file}.denied.yaml");
        Assert.Equal(kind, obj["kind"]);
        var outcome = Run(FormFor(kind), obj, null, Request("CREATE"));
        Assert.True(outcome.Matched);
        Assert.Equal(["privileged containers are not allowed in web: app", "AppArmor must not be unconfined"], outcome.Failures);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compliant_workload_is_allowed(string file, string kind)
    {
        var outcome = Run(FormFor(kind), Fixture($"{file}.allowed.yaml"), null, Request("CREATE"));
        Assert.True(outcome.Matched);
        Assert.Empty(outcome.Failures);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_form_for_a_kind_matches_its_resource(string file, string kind)
    {
        var obj = Fixture($"{file}.allowed.yaml");
        var apiVersion = (string)obj["apiVersion"]!;
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var resource = file == "pod" ? "pods" : ControllerKind.All.Single(k => k.Kind == kind).Resource;
        Assert.Contains(FormFor(kind).Spec.MatchConstraints.ResourceRules,
            r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource) && r.Operations.Contains("CREATE"));
        // ... and no other form matches it.
        Assert.Single(Forms, f => f.Spec.MatchConstraints.ResourceRules.Any(r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource)));
    }

    [Theory]
    [InlineData("deployment")]
    [InlineData("cronjob")]
    public void Controller_update_that_keeps_the_template_is_not_checked(string file)
    {
        var old = Fixture($"{file}.denied.yaml");
        var scaled = Clone(old);
        scaled.Map("spec")["replicas"] = 5L;
        scaled.Map("metadata").Map("labels")["team"] = "sre";
        var kind = (string)old["kind"]!;
        Assert.False(Run(FormFor(kind), scaled, old, Request("UPDATE")).Matched);

        var restarted = Clone(old);
        var template = file == "cronjob" ? restarted.Map("spec").Map("jobTemplate").Map("spec").Map("template") : restarted.Map("spec").Map("template");
        template.Map("metadata").Map("annotations")["kubectl.kubernetes.io/restartedAt"] = "2026-11-26T21:00:00Z";
        var outcome = Run(FormFor(kind), restarted, old, Request("UPDATE"));
        Assert.True(outcome.Matched);
        Assert.Equal(2, outcome.Failures.Count);
    }

    [Fact]
    public void Exempt_runtime_class_and_user_skip_every_form()
    {
        var forms = PolicyForms.Expand("privileged", PodForm, new(ControllerMode.Same, ["ci-bot"], ["kata"]));
        var deployment = Fixture("deployment.denied.yaml");
        Assert.True(Run(forms[1], deployment, null, Request("CREATE")).Matched);
        Assert.False(Run(forms[1], deployment, null, Request("CREATE", username: "ci-bot")).Matched);
        deployment.Map("spec").Map("template").Map("spec")["runtimeClassName"] = "kata";
        Assert.False(Run(forms[1], deployment, null, Request("CREATE")).Matched);

        var pod = Fixture("pod.denied.yaml");
        pod.Map("spec")["runtimeClassName"] = "runc";
        Assert.True(Run(forms[0], pod, null, Request("CREATE")).Matched);
        pod.Map("spec")["runtimeClassName"] = "kata";
        Assert.False(Run(forms[0], pod, null, Request("CREATE")).Matched);
    }
}
