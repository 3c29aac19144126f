using PspReplacement.Cel;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Autogen;

/// <summary>What render adds on its own must compile on every Kubernetes version render supports (1.26 has no optional syntax).</summary>
public class GeneratedExpressionsCompileTests
{
    public static TheoryData<string> Versions() => ["1.26", "1.28", "1.30", KubernetesVersion.Latest.ToString()];

    [Theory]
    [MemberData(nameof(Versions))]
    public void Update_and_exemption_conditions_compile(string version)
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse(version), ["object", "oldObject", "request", "namespaceObject", "params", "authorizer", "variables"]);
        var expressions = new List<string>
        {
            UpdateExemption.ForPods().Expression,
            Exemptions.UsernameCondition(["system:serviceaccount:ci:deployer"])!.Expression,
            Exemptions.RuntimeClassCondition(["kata"])!.Expression,
        };
        expressions.AddRange(ControllerKind.All.Select(k => UpdateExemption.ForControllers(k).Expression));
        foreach (var expression in expressions)
            Assert.NotNull(env.Compile(expression));
    }

    [Fact]
    public void The_pod_condition_compares_every_mutable_field_but_the_two_psa_exempts()
    {
        var expression = UpdateExemption.ForPods().Expression;
        foreach (var field in new[] { "containers", "initContainers", "ephemeralContainers", "schedulingGates", "terminationGracePeriodSeconds", "nodeSelector", "affinity" })
            Assert.Contains($"object.spec.{field} != oldObject.spec.{field}", expression);
        Assert.DoesNotContain("tolerations", expression);
        Assert.DoesNotContain("activeDeadlineSeconds", expression);
        Assert.DoesNotContain("object.spec != ", expression);
    }
}
