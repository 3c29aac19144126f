using static PspReplacement.Tests.Rendering.Autogen.FormEvaluator;
using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Vap;

namespace PspReplacement.Tests.Vap;

public class MatchConditionFoldingTests
{
    private static readonly V1ValidatingAdmissionPolicySpec Privileged = new()
    {
        Validations = [new V1Validation { Expression = "object.spec.containers.all(c, !has(c.securityContext) || !c.securityContext.?privileged.orValue(false))", Message = "privileged" }],
        AuditAnnotations = [new V1AuditAnnotation { Key = "image", ValueExpression = "object.spec.containers[0].image" }],
    };

    [Fact]
    public void Needed_only_before_1_28()
    {
        Assert.True(MatchConditionFolding.Needed(KubernetesVersion.Parse("1.27")));
        Assert.False(MatchConditionFolding.Needed(KubernetesVersion.Parse("1.28")));
    }

    [Fact]
    public void A_spec_without_conditions_is_returned_unchanged()
    {
        var spec = new V1ValidatingAdmissionPolicySpec { Validations = [new V1Validation { Expression = "true" }] };
        Assert.Same(spec, MatchConditionFolding.Fold(spec));
    }

    [Fact]
    public void Folded_form_gives_the_verdicts_of_the_conditioned_form()
    {
        var conditioned = PolicyForms.Expand("privileged", Privileged, new(ControllerMode.Off, ["ci-bot"], []))[0];
        var folded = conditioned with { Spec = MatchConditionFolding.Fold(conditioned.Spec) };
        Assert.Null(folded.Spec.MatchConditions);
        Assert.StartsWith("!((", folded.Spec.Validations[0].Expression);

        var old = Fixture("pod.denied.yaml");
        var labelled = Clone(old);
        labelled.Map("metadata").Map("labels")["team"] = "sre";
        var image = Clone(old);
        ((Dictionary<string, object?>)image.Map("spec").List("containers")[0]!)["image"] = "registry.example/web:2.0";
        var cases = new (Dictionary<string, object?> Obj, Dictionary<string, object?>? Old, Dictionary<string, object?> Request, bool Denied)[]
        {
            (old, null, Request("CREATE"), true),
            (old, null, Request("CREATE", username: "ci-bot"), false),
            (labelled, old, Request("UPDATE"), false),
            (image, old, Request("UPDATE"), true),
            (Fixture("pod.allowed.yaml"), null, Request("CREATE"), false),
        };
        foreach (var (obj, oldObj, request, denied) in cases)
        {
            var withConditions = Run(conditioned, obj, oldObj, request);
            Assert.Equal(denied, withConditions.Matched && withConditions.Failures.Count > 0);
            Assert.Equal(denied, Run(folded, obj, oldObj, request).Failures.Count > 0);
        }
    }

    [Fact]
    public void Folded_expressions_compile_on_1_27()
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse("1.27"));
        var spec = PolicyForms.Expand("p", new V1ValidatingAdmissionPolicySpec
        {
            Validations = [new V1Validation { Expression = "!has(object.spec.hostPID) || !object.spec.hostPID" }],
            AuditAnnotations = [new V1AuditAnnotation { Key = "pid", ValueExpression = "string(has(object.spec.hostPID))" }],
        }, new(ControllerMode.Same, ["a"], ["kata"]));
        foreach (var form in spec)
        {
            var folded = MatchConditionFolding.Fold(form.Spec);
            Assert.NotNull(env.Compile(folded.Validations[0].Expression));
            Assert.NotNull(env.Compile(folded.AuditAnnotations[0].ValueExpression));
        }
    }
}
