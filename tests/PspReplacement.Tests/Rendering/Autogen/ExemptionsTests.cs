using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

public class ExemptionsTests
{
    [Fact]
    public void No_exemptions_give_no_conditions_and_no_requirement()
    {
        Assert.Null(Exemptions.UsernameCondition([]));
        Assert.Null(Exemptions.RuntimeClassCondition([]));
        Assert.Null(Exemptions.NamespaceRequirement([]));
    }

    [Fact]
    public void Names_are_sorted_deduplicated_and_quoted_safely()
    {
        var c = Exemptions.UsernameCondition(["zed", "o'brien", "zed", @"back\slash"]);
        Assert.Equal(@"!(request.userInfo.username in ['back\\slash', 'o\'brien', 'zed'])", c!.Expression);
    }

    [Fact]
    public void Namespaces_become_a_not_in_requirement_on_the_name_label()
    {
        var r = Exemptions.NamespaceRequirement(["kube-system", "istio-system"])!;
        Assert.Equal("kubernetes.io/metadata.name", r.Key);
        Assert.Equal("NotIn", r.OperatorProperty);
        Assert.Equal(["istio-system", "kube-system"], r.Values);
    }

    [Fact]
    public void Warns_for_controller_identities_only()
    {
        var warnings = Exemptions.Warnings("eqiad", [
            "system:serviceaccount:kube-system:replicaset-controller",
            "system:serviceaccount:kube-system:job-controller",
            "system:kube-controller-manager",
            "system:serviceaccount:ci:deployer",
            "system:serviceaccount:kube-system:coredns",
            "alice",
        ]);
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("'system:serviceaccount:kube-system:replicaset-controller'") && w.Contains("cluster eqiad"));
        Assert.Contains(warnings, w => w.Contains("'system:serviceaccount:kube-system:job-controller'"));
        Assert.Contains(warnings, w => w.Contains("'system:kube-controller-manager'"));
        Assert.Empty(Exemptions.Warnings("eqiad", ["alice"]));
    }
}
