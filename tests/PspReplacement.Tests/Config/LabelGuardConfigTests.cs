using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Config;

/// <summary>labelGuard: on unless values turn it off, and then it must name who deploys.</summary>
public class LabelGuardConfigTests
{
    private const string Cluster = "name: c1\nkubernetesVersion: \"1.31\"\n";

    private static RenderTestRepo Repo(string guard)
    {
        var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster + guard);
        File.WriteAllText(Path.Combine(repo.Values, "common.yaml"), RenderTestRepo.SystemNamespacesDecided + RenderTestRepo.KubeContext);
        return repo;
    }

    [Fact]
    public void On_by_default_and_then_a_deployer_is_required()
    {
        using var repo = Repo("");
        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values)).Problems);
        Assert.Contains("labelGuard is on (the default) but names no deployer", problem);
        Assert.Contains("labelGuard: {enabled: false}", problem);
    }

    [Fact]
    public void Service_accounts_become_the_usernames_the_apiserver_gives_them()
    {
        using var repo = Repo("labelGuard: {users: [alice], groups: [deployers], serviceAccounts: [ci/helmfile]}\n");
        var guard = ValuesLoader.Load(repo.Values).Single().LabelGuard;
        Assert.True(guard.Enabled);
        Assert.Equal(["alice", "system:serviceaccount:ci:helmfile"], guard.Usernames);
        Assert.Equal(["deployers"], guard.Groups);
    }

    [Fact]
    public void A_service_account_must_be_namespace_slash_name()
    {
        using var repo = Repo("labelGuard: {serviceAccounts: [helmfile]}\n");
        Assert.Contains(Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values)).Problems, p => p.Contains("/labelGuard/serviceAccounts/0"));
    }

    [Theory]
    [InlineData(false, "['pod-security.wmf.org/']")]
    [InlineData(true, "['pod-security.wmf.org/', 'pod-security.kubernetes.io/']")]
    public void The_guard_covers_the_prefix_and_the_psa_labels_when_render_sets_them(bool psaLabels, string prefixes)
    {
        using var repo = Repo($"psaLabels: {(psaLabels ? "true" : "false")}\nlabelGuard: {{users: [alice]}}\n");
        var rendered = ClusterRenderer.Render(ValuesLoader.Load(repo.Values).Single(), PolicyLibraryLoader.Load(RenderTestRepo.FixtureLibrary));
        var guard = Assert.Single(rendered.Policies, p => p.Metadata.Name == LabelGuard.PolicyName);
        Assert.Equal(prefixes, guard.Spec.Variables.Single(v => v.Name == "guardedPrefixes").Expression);
        Assert.Equal("!(request.userInfo.username in ['alice'])", guard.Spec.MatchConditions.Single().Expression);
        Assert.Single(rendered.Bindings, b => b.Spec.PolicyName == LabelGuard.PolicyName);
    }

    [Fact]
    public void Turned_off_there_is_no_guard()
    {
        using var repo = Repo("labelGuard: {enabled: false}\n");
        var rendered = ClusterRenderer.Render(ValuesLoader.Load(repo.Values).Single(), PolicyLibraryLoader.Load(RenderTestRepo.FixtureLibrary));
        Assert.DoesNotContain(rendered.Policies, p => p.Metadata.Name == LabelGuard.PolicyName);
    }
}
