using PspReplacement.Cel;
using PspReplacement.Kubernetes;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>What render adds on its own must compile on every Kubernetes version render supports (1.26 has no optional syntax).</summary>
public class GeneratedExpressionsCompileTests
{
    public static TheoryData<string> Versions() => [.. Enumerable.Range(KubernetesVersion.Oldest.Minor, KubernetesVersion.Latest.Minor - KubernetesVersion.Oldest.Minor + 1).Select(m => $"1.{m}")];

    [Theory]
    [MemberData(nameof(Versions))]
    public void Update_and_exemption_conditions_compile(string version)
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse(version), ["object", "oldObject", "request", "namespaceObject", "params", "authorizer", "variables"]);
        var expressions = new List<string>
        {
            UpdateExemption.ForPods(KubernetesVersion.Parse(version)).Expression,
            Exemptions.UsernameCondition(["system:serviceaccount:ci:deployer"])!.Expression,
            Exemptions.RuntimeClassCondition(["kata"])!.Expression,
        };
        expressions.AddRange(ControllerKind.All.Select(k => UpdateExemption.ForControllers(k).Expression));
        foreach (var expression in expressions)
            Assert.NotNull(env.Compile(expression));
    }

    [Fact]
    public void The_pod_condition_reads_only_what_isSignificantPodUpdate_reads()
    {
        // PSA (admission.go) looks at container lists, images and ephemeral container names, and in 1.26 at the
        // container seccomp annotations: no other field may decide whether an update is evaluated.
        var now = UpdateExemption.ForPods(KubernetesVersion.Latest).Expression;
        foreach (var field in new[] { "terminationGracePeriodSeconds", "schedulingGates", "nodeSelector", "affinity", "tolerations", "activeDeadlineSeconds", "securityContext", "volumes", "annotations", "labels", "subResource" })
            Assert.DoesNotContain(field, now);
        Assert.Contains("object.spec.containers.map(c, (has(c.image) ? c.image : '')) != oldObject.spec.containers.map(c, (has(c.image) ? c.image : ''))", now);
        var v126 = UpdateExemption.ForPods(new KubernetesVersion(1, 26)).Expression;
        Assert.Contains("'container.seccomp.security.alpha.kubernetes.io/' + c.name", v126);
        Assert.DoesNotContain("seccomp", UpdateExemption.ForPods(new KubernetesVersion(1, 27)).Expression);
    }
}
