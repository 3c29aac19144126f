using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Tests.Profiles.Pss;

namespace PspReplacement.Tests.Rendering.Bindings;

/// <summary>PSA's OverrideCheckIDs: at restricted, an overridden baseline check does not run at all.</summary>
public class PolicyOverridesTests
{
    private const string P = "pod-security.wmf.org";

    private static RenderedCluster Render(string values)
    {
        using var repo = new RenderTestRepo(realProfiles: true).WriteValues("c1.yaml", values);
        return ClusterRenderer.Render(ValuesLoader.Load(repo.Values).Single(), PssLibrary.Library);
    }

    private static IEnumerable<string> Selector(RenderedCluster r, string binding) =>
        r.Bindings.Single(b => b.Metadata.Name == binding).Spec.MatchResources.NamespaceSelector.MatchExpressions
            .Select(e => $"{e.Key} {e.OperatorProperty} [{string.Join(",", e.Values)}]")
            // The system namespaces' exemption every test repository has (RenderTestRepo.SystemNamespacesDecided) is left out.
            .Where(s => s != "kubernetes.io/metadata.name NotIn [kube-node-lease,kube-public,kube-system]");

    private static Dictionary<string, object?> WindowsPodAdding(string capability) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new Dictionary<string, object?> { ["name"] = "p" },
        ["spec"] = new Dictionary<string, object?>
        {
            ["os"] = new Dictionary<string, object?> { ["name"] = "windows" },
            ["containers"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["name"] = "app", ["image"] = "nginx",
                    ["securityContext"] = new Dictionary<string, object?>
                    {
                        ["capabilities"] = new Dictionary<string, object?> { ["add"] = new List<object?> { capability } },
                    },
                },
            },
        },
    };

    [Fact]
    public void The_library_declares_psa_overrides()
    {
        var overrides = PssLibrary.Library.Policies.Where(p => p.Overrides.Count > 0).ToDictionary(p => p.Name, p => string.Join(",", p.Overrides));
        Assert.Equal(new Dictionary<string, string>
        {
            ["capabilities-restricted"] = "capabilities-baseline",
            ["proc-mount-restricted"] = "proc-mount",
            ["seccomp-restricted"] = "seccomp-baseline",
            ["volume-types"] = "host-path-volumes",
        }, overrides);
    }

    [Fact]
    public void A_windows_pod_adding_net_admin_is_admitted_at_restricted_and_denied_at_baseline()
    {
        var pod = PssAdmission.PodCase("windows NET_ADMIN", WindowsPodAdding("NET_ADMIN"));
        var version = new PssVersion(1, 30);
        Assert.DoesNotContain(PssAdmission.Denials(PssAdmission.Setup(Profile.Restricted, version), pod),
            d => d.LibraryPolicy.StartsWith("capabilities", StringComparison.Ordinal));
        var denial = Assert.Single(PssAdmission.Denials(PssAdmission.Setup(Profile.Baseline, version), pod));
        Assert.Equal("capabilities-baseline", denial.LibraryPolicy);
        Assert.Contains("NET_ADMIN", denial.Message);
        // Before v1.25 capabilities-restricted did not exempt Windows pods: the restricted check denies it instead.
        Assert.Contains(PssAdmission.Denials(PssAdmission.Setup(Profile.Restricted, new PssVersion(1, 24)), pod),
            d => d.LibraryPolicy == "capabilities-restricted");
    }

    [Fact]
    public void Overrides_follow_the_overriding_policy_versions()
    {
        Assert.Contains("proc-mount", PolicyOverrides.At(PssLibrary.Library, new PssVersion(1, 35)));
        Assert.DoesNotContain("proc-mount", PolicyOverrides.At(PssLibrary.Library, new PssVersion(1, 34)));
        Assert.DoesNotContain("capabilities-baseline", PolicyOverrides.At(PssLibrary.Library, new PssVersion(1, 21)));
        Assert.Contains("host-path-volumes", PolicyOverrides.At(PssLibrary.Library, new PssVersion(1, 0)));
    }

    [Fact]
    public void An_overridden_baseline_policy_binds_baseline_namespaces_only()
    {
        var restrictedDefault = Render("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {profile: baseline}\n");
        Assert.Equal([$"{P}/profile In [baseline]", $"{P}/capabilities-baseline NotIn [exclude]"], Selector(restrictedDefault, "capabilities-baseline"));
        Assert.Equal([$"{P}/profile In [baseline]", $"{P}/host-path-volumes NotIn [exclude]"], Selector(restrictedDefault, "host-path-volumes-controllers"));
        // Not overridden at v1.31: proc-mount-restricted starts at v1.35.
        Assert.Equal([$"{P}/profile NotIn [privileged]", $"{P}/proc-mount NotIn [exclude]"], Selector(restrictedDefault, "proc-mount"));
        // Baseline default: still fail-closed for unlabelled namespaces, but never restricted ones.
        var baselineDefault = Render("name: c1\nkubernetesVersion: \"1.31\"\ndefaultProfile: baseline\nnamespaces:\n  a: {profile: restricted}\n");
        Assert.Equal([$"{P}/profile NotIn [privileged,restricted]", $"{P}/seccomp-baseline NotIn [exclude]"], Selector(baselineDefault, "seccomp-baseline"));
        var byName = Render("name: c1\nkubernetesVersion: \"1.31\"\nbindNamespacesByName: true\nnamespaces:\n  a: {profile: baseline}\n  b: {profile: restricted}\n");
        Assert.Equal(["kubernetes.io/metadata.name In [a]"], Selector(byName, "capabilities-baseline"));
        Assert.Equal(["kubernetes.io/metadata.name NotIn [a,kube-node-lease,kube-public,kube-system]"], Selector(byName, "capabilities-restricted"));
    }

    [Fact]
    public void A_namespace_pinned_to_a_version_without_the_override_keeps_the_baseline_policy_everywhere()
    {
        // proc-mount-restricted starts at v1.35: a restricted namespace pinned to v1.34 needs proc-mount, and bindings
        // select by profile, so proc-mount keeps binding restricted namespaces (the v1.35 ones deny no more for it).
        var r = Render("name: c1\nkubernetesVersion: \"1.35\"\nnamespaces:\n  old: {profile: restricted, pssVersion: v1.34}\n  new: {profile: restricted}\n");
        Assert.Contains($"{P}/profile NotIn [privileged]", Selector(r, "proc-mount"));
        Assert.Contains($"{P}/profile In [baseline]", Selector(r, "capabilities-baseline"));
        var unpinned = Render("name: c1\nkubernetesVersion: \"1.35\"\nnamespaces:\n  new: {profile: restricted}\n");
        Assert.Contains($"{P}/profile In [baseline]", Selector(unpinned, "proc-mount"));
    }

    [Fact]
    public void Add_back_replacements_of_overridden_policies_apply_only_where_the_policy_would()
    {
        var r = Render("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  mw: {profile: restricted, addBacks: [sys-ptrace, geoip-hostpath]}\n  ml: {profile: baseline, addBacks: [sys-ptrace]}\n");
        var mw = r.Namespaces.Single(n => n.Metadata.Name == "mw").Metadata.Labels;
        Assert.Equal([$"{P}/capabilities-restricted", $"{P}/geoip-hostpath-volume-types", $"{P}/profile", $"{P}/sys-ptrace-capabilities-restricted", $"{P}/volume-types"], mw.Keys);
        var ml = r.Namespaces.Single(n => n.Metadata.Name == "ml").Metadata.Labels;
        Assert.Equal("include", ml[$"{P}/sys-ptrace-capabilities-baseline"]);
        Assert.Equal("exclude", ml[$"{P}/capabilities-baseline"]);
        Assert.DoesNotContain(r.Policies, p => p.Metadata.Name.StartsWith("geoip-hostpath-host-path-volumes", StringComparison.Ordinal));
    }

    [Fact]
    public void Excluding_an_overridden_policy_in_a_restricted_namespace_is_refused_as_having_no_effect()
    {
        var e = Assert.Throws<InvalidInputException>(() => Render("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {profile: restricted, exclude: [capabilities-baseline]}\n"));
        Assert.Contains(e.Problems, p => p.Contains("policy 'capabilities-baseline' does not apply to namespace 'a'", StringComparison.Ordinal));
    }
}
