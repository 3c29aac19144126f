using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Kubernetes;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

public class PolicyFormsTests
{
    private static readonly FormOptions Same = new(ControllerMode.Same, [], []);

    internal static V1ValidatingAdmissionPolicySpec Spec(string validation, string? messageExpression = null,
        IList<V1Variable>? variables = null, IList<V1MatchCondition>? conditions = null) => new()
    {
        Variables = variables,
        MatchConditions = conditions,
        Validations = [new V1Validation { Expression = validation, MessageExpression = messageExpression, Reason = "Forbidden" }],
    };

    [Fact]
    public void Off_gives_the_pod_form_only_matching_pods_and_the_subresources_PSA_evaluates()
    {
        var forms = PolicyForms.Expand("host-pid", Spec("!has(object.spec.hostPID) || !object.spec.hostPID"), new(ControllerMode.Off, [], []));
        var pod = Assert.Single(forms);
        Assert.Equal("host-pid", pod.Name);
        Assert.False(pod.IsController);
        Assert.Equal("Fail", pod.Spec.FailurePolicy);
        var rules = pod.Spec.MatchConstraints.ResourceRules;
        var rule = Assert.Single(rules);
        Assert.Equal(["pods", "pods/*"], rule.Resources);
        Assert.Equal(["CREATE", "UPDATE"], rule.Operations);
        var excluded = Assert.Single(pod.Spec.MatchConstraints.ExcludeResourceRules);
        Assert.Equal(["pods/attach", "pods/binding", "pods/eviction", "pods/exec", "pods/log", "pods/portforward", "pods/proxy", "pods/status"], excluded.Resources);
        Assert.Equal(["*"], excluded.Operations);
        Assert.Equal([UpdateExemption.PodConditionName], pod.Spec.MatchConditions.Select(c => c.Name));
        // The pod form's own expressions are not touched.
        Assert.Equal("!has(object.spec.hostPID) || !object.spec.hostPID", pod.Spec.Validations[0].Expression);
    }

    [Fact]
    public void Same_and_warn_give_controller_and_cronjob_forms_with_their_resources()
    {
        foreach (var mode in new[] { ControllerMode.Same, ControllerMode.Warn })
        {
            var forms = PolicyForms.Expand("host-pid", Spec("!has(object.spec.hostPID) || !object.spec.hostPID"), new(mode, [], []));
            Assert.Equal(["host-pid", "host-pid-controllers", "host-pid-cronjobs"], forms.Select(f => f.Name));
            Assert.Equal([false, true, true], forms.Select(f => f.IsController));

            var controllers = forms[1].Spec.MatchConstraints.ResourceRules;
            Assert.Equal(["", "apps", "batch"], controllers.Select(r => r.ApiGroups.Single()));
            Assert.Equal(["replicationcontrollers"], controllers[0].Resources);
            Assert.Equal(["daemonsets", "deployments", "replicasets", "statefulsets"], controllers[1].Resources);
            Assert.Equal(["jobs"], controllers[2].Resources);
            Assert.All(controllers, r => Assert.Equal(["CREATE", "UPDATE"], r.Operations));
            Assert.All(controllers, r => Assert.Equal(["v1"], r.ApiVersions));

            var cron = Assert.Single(forms[2].Spec.MatchConstraints.ResourceRules);
            Assert.Equal(["batch"], cron.ApiGroups);
            Assert.Equal(["cronjobs"], cron.Resources);
            Assert.Equal(["CronJob"], forms[2].Kinds.Select(k => k.Kind));
            Assert.Equal(6, forms[1].Kinds.Count);
        }
    }

    [Fact]
    public void Every_expression_of_a_controller_form_is_rewritten()
    {
        var spec = Spec("variables.pid && object.metadata.labels.size() >= 0", "'pod ' + object.metadata.name + ' uses hostPID'",
            variables: [new V1Variable { Name = "pid", Expression = "!has(object.spec.hostPID)" }],
            conditions: [new V1MatchCondition { Name = "not-system", Expression = "!has(object.metadata.labels)" }]);
        spec.AuditAnnotations = [new V1AuditAnnotation { Key = "pid", ValueExpression = "string(has(object.spec.hostPID))" }];
        var forms = PolicyForms.Expand("host-pid", spec, new(ControllerMode.Same, [], ["kata"]));
        var deploy = forms[1].Spec;
        Assert.Equal("!has(object.spec.template.spec.hostPID)", deploy.Variables.Single().Expression);
        Assert.Equal("variables.pid && object.spec.template.metadata.labels.size() >= 0", deploy.Validations.Single().Expression);
        // Reads nothing of the pod template (the name is the controller's own): kept exactly as written.
        Assert.Equal("'pod ' + object.metadata.name + ' uses hostPID'", deploy.Validations.Single().MessageExpression);
        Assert.Equal("string(has(object.spec.template.spec.hostPID))", deploy.AuditAnnotations.Single().ValueExpression);
        var conditions = deploy.MatchConditions.ToDictionary(c => c.Name, c => c.Expression);
        Assert.Equal("!has(object.spec.template.metadata.labels)", conditions["not-system"]);
        Assert.Equal("!has(object.spec.template.spec.runtimeClassName) || !(object.spec.template.spec.runtimeClassName in [\"kata\"])",
            conditions[Exemptions.RuntimeClassConditionName]);
        Assert.Equal("request.operation != 'UPDATE' || object.spec.template != oldObject.spec.template", conditions[UpdateExemption.ControllerConditionName]);

        var cron = forms[2].Spec;
        Assert.Equal("!has(object.spec.jobTemplate.spec.template.spec.hostPID)", cron.Variables.Single().Expression);
        Assert.Contains(cron.MatchConditions, c => c.Expression == "request.operation != 'UPDATE' || object.spec.jobTemplate.spec.template != oldObject.spec.jobTemplate.spec.template");
    }

    [Fact]
    public void Unsafe_expressions_are_errors_naming_policy_field_and_column()
    {
        var spec = Spec("object.kind == 'Pod' || true", variables: [new V1Variable { Name = "req", Expression = "request.kind.kind" }]);
        var e = Assert.Throws<InvalidInputException>(() => PolicyForms.Expand("odd-policy", spec, Same));
        Assert.Contains(e.Problems, p => p.StartsWith("policy odd-policy: variables[req].expression at 1:8 ") && p.Contains("request.kind"));
        Assert.Contains(e.Problems, p => p.StartsWith("policy odd-policy: validations[0].expression at 1:1 ") && p.Contains("object.kind"));
        Assert.All(e.Problems, p => Assert.Contains("controllers to off", p));
        Assert.Equal(2, e.Problems.Count); // once per expression, not once per controller form
        // Controllers off: nothing to rewrite, so nothing to refuse.
        Assert.Single(PolicyForms.Expand("odd-policy", spec, new(ControllerMode.Off, [], [])));
    }

    [Fact]
    public void Exemption_conditions_are_added_to_every_form()
    {
        var forms = PolicyForms.Expand("p", Spec("true"), new(ControllerMode.Same, ["system:serviceaccount:ci:deployer", "alice"], ["gvisor"]));
        Assert.All(forms, f => Assert.Contains(f.Spec.MatchConditions,
            c => c.Name == Exemptions.UsernameConditionName && c.Expression == "!(request.userInfo.username in ['alice', 'system:serviceaccount:ci:deployer'])"));
        Assert.Contains(forms[0].Spec.MatchConditions,
            c => c.Name == Exemptions.RuntimeClassConditionName && c.Expression == "!has(object.spec.runtimeClassName) || !(object.spec.runtimeClassName in ['gvisor'])");
    }

    [Fact]
    public void Duplicate_or_reserved_match_condition_names_are_errors()
    {
        var spec = Spec("true", conditions: [new V1MatchCondition { Name = UpdateExemption.PodConditionName, Expression = "true" }]);
        var e = Assert.Throws<InvalidInputException>(() => PolicyForms.Expand("p", spec, Same));
        Assert.Contains(UpdateExemption.PodConditionName, e.Message);
    }

    [Fact]
    public void A_policy_that_selects_no_pods_is_kept_as_written()
    {
        var spec = Spec("object.spec.type != 'NodePort'");
        spec.MatchConstraints = new V1MatchResources
        {
            ResourceRules = [new V1NamedRuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE"], Resources = ["services"] }],
        };
        var form = Assert.Single(PolicyForms.Expand("no-nodeports", spec, new(ControllerMode.Same, ["alice"], ["kata"])));
        Assert.Empty(form.Spec.MatchConditions);
        Assert.Equal(["services"], form.Spec.MatchConstraints.ResourceRules.Single().Resources);
        Assert.Equal("object.spec.type != 'NodePort'", form.Spec.Validations.Single().Expression);

        Assert.True(MatchRules.SelectsPods(null));
        Assert.True(MatchRules.SelectsPods(MatchRules.Pods()));
        Assert.False(MatchRules.SelectsPods(MatchRules.Controllers(ControllerKind.All)));
    }

    [Fact]
    public void Does_not_modify_the_input_spec()
    {
        var spec = Spec("!has(object.spec.hostPID)");
        PolicyForms.Expand("p", spec, new(ControllerMode.Same, ["a"], ["b"]));
        Assert.Null(spec.MatchConditions);
        Assert.Null(spec.MatchConstraints);
        Assert.Equal("!has(object.spec.hostPID)", spec.Validations.Single().Expression);
    }
}
