using PspReplacement.Config;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Config;

/// <summary>
/// kube-system, kube-public and kube-node-lease must be decided in values (exempt, or a profile): left to a
/// fail-closed default they would deny the cluster's own daemons.
/// </summary>
public class SystemNamespacesTests
{
    private const string Cluster = "name: c1\nkubernetesVersion: \"1.31\"\n";

    private static RenderTestRepo Repo(string common, string cluster)
    {
        var repo = new RenderTestRepo().WriteValues("c1.yaml", cluster);
        File.WriteAllText(Path.Combine(repo.Values, "common.yaml"), RenderTestRepo.LabelGuardOff + RenderTestRepo.KubeContext + common);
        return repo;
    }

    [Fact]
    public void A_cluster_that_decides_none_of_them_is_refused_with_the_fix()
    {
        using var repo = Repo("", Cluster);
        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values)).Problems);
        Assert.Contains("values/c1.yaml:1:1: cluster c1 does not decide the system namespaces kube-node-lease, kube-public, kube-system", problem);
        Assert.Contains("exemptions: {namespaces: [kube-system]}", problem);
        Assert.Contains("namespaces: {kube-system: {profile: privileged}}", problem);
    }

    [Fact]
    public void A_namespace_entry_without_a_profile_is_not_a_decision()
    {
        using var repo = Repo("exemptions: {namespaces: [kube-node-lease, kube-public]}\n", Cluster + "namespaces:\n  kube-system: {}\n");
        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values)).Problems);
        Assert.Contains("does not decide the system namespace kube-system:", problem);
    }

    [Fact]
    public void Exemptions_and_profiles_both_decide_and_the_cluster_file_may_do_it()
    {
        using var repo = Repo("exemptions: {namespaces: [kube-system]}\n",
            Cluster + "namespaces:\n  kube-public: {profile: restricted}\n  kube-node-lease: {profile: baseline}\n");
        var c = ValuesLoader.Load(repo.Values).Single();
        Assert.Equal(["exempt", "baseline", "restricted"], new[] { "kube-system", "kube-node-lease", "kube-public" }.Select(c.SystemNamespaceDecision));
    }

    [Fact]
    public void A_cluster_list_of_exemptions_replaces_the_common_one_so_it_must_decide_them_again()
    {
        using var repo = Repo(RenderTestRepo.SystemNamespacesDecided, Cluster + "exemptions: {namespaces: [tools]}\n");
        Assert.Contains("does not decide the system namespaces kube-node-lease, kube-public, kube-system",
            Assert.Single(Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values)).Problems));
    }
}
