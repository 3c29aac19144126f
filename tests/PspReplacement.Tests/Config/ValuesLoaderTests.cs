using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Config;

public class ValuesLoaderTests
{
    private static InvalidInputException LoadFails(RenderTestRepo repo, string cluster = "c1") =>
        Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values, [cluster]));

    [Fact]
    public void Defaults_follow_the_kubernetes_version()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.29\"\n");
        var c = ValuesLoader.Load(repo.Values).Single();
        Assert.Equal(new KubernetesVersion(1, 29), c.KubernetesVersion);
        Assert.Equal(new PssVersion(1, 29), c.PssVersion);
        Assert.Equal("pod-security.wmf.org", c.LabelPrefix);
        Assert.Equal(["Deny", "Audit"], c.ValidationActions);
        Assert.Equal(Profile.Restricted, c.DefaultProfile);
        Assert.Equal(ControllerMode.Same, c.Controllers);
        Assert.False(c.BindNamespacesByName);
        Assert.False(c.PsaLabels);
        Assert.Empty(c.Namespaces);
    }

    [Fact]
    public void A_plain_version_like_1_30_is_read_as_written_not_as_the_float_1_3()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: 1.30\n");
        Assert.Equal(new KubernetesVersion(1, 30), ValuesLoader.Load(repo.Values).Single().KubernetesVersion);
    }

    [Theory]
    [InlineData("1.35")]
    [InlineData("1.36")]
    [InlineData("1.37")]
    public void Latest_pss_version_is_the_kubernetes_minor(string version)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", $"name: c1\nkubernetesVersion: \"{version}\"\npssVersion: latest\n");
        var cluster = ValuesLoader.Load(repo.Values).Single();
        Assert.Equal(KubernetesVersion.Parse(version), cluster.KubernetesVersion);
        Assert.Equal(PssVersion.Parse("v" + version), cluster.PssVersion);
    }

    [Fact]
    public void Layers_merge_common_then_groups_in_order_then_cluster_maps_merge_lists_replace()
    {
        using var repo = new RenderTestRepo()
            .WriteValues("common.yaml", RenderTestRepo.SystemNamespacesDecided + RenderTestRepo.LabelGuardOff + RenderTestRepo.KubeContext + "validationActions: [Audit]\nlabelPrefix: common.example.org\nnamespaces:\n  a: {profile: baseline, exclude: [privileged-containers]}\n")
            .WriteValues("groups/g1.yaml", "labelPrefix: g1.example.org\nkubernetesVersion: \"1.30\"\nnamespaces:\n  b: {profile: restricted}\n")
            .WriteValues("groups/g2.yaml", "labelPrefix: g2.example.org\nnamespaces:\n  a: {exclude: [capabilities-baseline]}\n")
            .WriteValues("c1.yaml", "name: c1\ngroups: [g1, g2]\nvalidationActions: [Warn, Audit]\nnamespaces:\n  c: {profile: privileged}\n");
        var c = ValuesLoader.Load(repo.Values).Single();
        Assert.Equal("g2.example.org", c.LabelPrefix);            // later group wins over earlier group and common
        Assert.Equal(["Warn", "Audit"], c.ValidationActions);       // cluster list replaces common's
        Assert.Equal(["a", "b", "c"], c.Namespaces.Select(n => n.Name));
        var a = c.Namespaces.Single(n => n.Name == "a");
        Assert.Equal(Profile.Baseline, a.Profile);         // map merged: profile from common kept
        Assert.Equal(["capabilities-baseline"], a.Exclude.Select(e => e.Name)); // list replaced, not appended
        Assert.Equal("values/groups/g2.yaml", a.Exclude[0].Mark.File[(a.Exclude[0].Mark.File.IndexOf("values/", StringComparison.Ordinal))..]);
        Assert.Equal(4, c.LayerFiles.Count);
    }

    [Fact]
    public void Schema_errors_are_all_reported_at_the_file_line_and_column_that_wrote_them()
    {
        using var repo = new RenderTestRepo()
            .WriteValues("groups/g.yaml", "namespaces:\n  mw-web:\n    profile: restrictd\n")
            .WriteValues("c1.yaml", "name: c1\ngroups: [g]\nkubernetesVersion: \"1.31\"\nvalidationActions: [Deny, Warn]\nlabelPrefx: x\n");
        var e = LoadFails(repo);
        Assert.Contains(e.Problems, p => p.Contains("groups/g.yaml:3:14: /namespaces/mw-web/profile:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("c1.yaml:4:20: /validationActions: Deny and Warn cannot be combined", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("g.yaml:3:14: /namespaces/mw-web/profile: must be one of: privileged, baseline, restricted", StringComparison.Ordinal));
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("c1.yaml:5:1: /labelPrefx: unknown key 'labelPrefx'", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_field_points_at_the_cluster_file()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\n");
        var e = LoadFails(repo);
        var problem = Assert.Single(e.Problems);
        Assert.Contains("c1.yaml:1:1: /:", problem, StringComparison.Ordinal);
        Assert.Contains("kubernetesVersion", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1.25\"", "not supported")]
    [InlineData("\"1.38\"", "newer than this tool knows")]
    [InlineData("\"one\"", "/kubernetesVersion")]
    public void Unsupported_kubernetes_versions_are_refused(string version, string expected)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", $"name: c1\nkubernetesVersion: {version}\n");
        var e = LoadFails(repo);
        Assert.Contains(e.Problems, p => p.Contains("c1.yaml:2:20:", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_schema_and_the_readme_give_the_supported_kubernetes_range()
    {
        // What users read must be what the loader accepts: bumping KubernetesVersion.Latest without them fails here.
        var range = $"{KubernetesVersion.Oldest} to {KubernetesVersion.Latest}";
        var root = RepositoryRoot.Find();
        Assert.Contains($"({range})", File.ReadAllText(Path.Combine(root, "values", ValuesSchema.FileName)), StringComparison.Ordinal);
        Assert.Contains($"| `kubernetesVersion` | (required) | e.g. `\"1.31\"`; {range} |", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
        Assert.Equal(KubernetesVersion.Latest.Minor, PssVersion.Latest.Minor);
    }

    [Fact]
    public void Pss_version_newer_than_the_cluster_is_refused()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.30\"\npssVersion: v1.31\n");
        Assert.Contains("c1.yaml:3:13: PSS v1.31 is newer than Kubernetes 1.30", LoadFails(repo).Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_namespaces_are_refused_with_both_lines()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.30\"\nnamespaces:\n  a: {}\n  a: {profile: baseline}\n");
        var problem = LoadFails(repo).Problems.Single();
        Assert.Contains("c1.yaml:5:3: duplicate key 'a' (first written at line 4)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_off_is_a_yaml_boolean_and_the_error_says_to_quote_it()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.30\"\ncontrollers: off\n");
        var problem = LoadFails(repo).Problems.Single();
        Assert.Contains("c1.yaml:3:14: /controllers: must be one of: off, warn, same", problem, StringComparison.Ordinal);
        Assert.EndsWith("(a plain off is the boolean false in YAML, as kubectl and Helm read it; write \"off\" for the word)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_keys_in_values_are_refused_where_they_are_written()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.30\"\nbase: &b {profile: baseline}\nnamespaces:\n  a:\n    <<: *b\n");
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains("c1.yaml:6:5: YAML merge keys ('<<') are not supported; write the keys out", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_yaml_names_file_line_and_column()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.30\"\nnamespaces:\n  a: [unclosed\n");
        var problem = LoadFails(repo).Problems.Single();
        Assert.Matches(@"c1\.yaml:\d+:\d+: malformed YAML: .+; fix the syntax", problem);
    }

    [Fact]
    public void Name_must_match_the_file_and_groups_must_exist()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c2\ngroups: [nope]\nkubernetesVersion: \"1.30\"\n");
        var e = LoadFails(repo);
        Assert.Contains(e.Problems, p => p.Contains("c1.yaml:2:10: unknown group 'nope'", StringComparison.Ordinal));
        repo.WriteValues("c1.yaml", "name: c2\nkubernetesVersion: \"1.30\"\n");
        Assert.Contains("c1.yaml:1:7: name 'c2' differs from the file name 'c1.yaml'", LoadFails(repo).Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_cluster_is_refused()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.30\"\n");
        var e = Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values, ["c9"]));
        Assert.Contains("unknown cluster 'c9'", e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Controller_binding_psa_and_exemption_options_are_modelled()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", """
            name: c1
            kubernetesVersion: "1.32"
            controllers: warn
            bindNamespacesByName: true
            psaLabels: true
            exemptions: {usernames: ["system:serviceaccount:ci:runner"], runtimeClassNames: [gvisor], namespaces: [kube-node-lease, kube-public, kube-system]}
            policies:
              run-as-non-root: {validationActions: [Warn, Audit]}
            namespaces:
              a: {controllers: "off", pssVersion: v1.30}
            """);
        var c = ValuesLoader.Load(repo.Values).Single();
        Assert.Equal(ControllerMode.Warn, c.Controllers);
        Assert.True(c.BindNamespacesByName);
        Assert.True(c.PsaLabels);
        Assert.Equal(["system:serviceaccount:ci:runner"], c.Exemptions.Usernames);
        Assert.Equal(["gvisor"], c.Exemptions.RuntimeClassNames);
        Assert.Equal(["kube-node-lease", "kube-public", "kube-system"], c.Exemptions.Namespaces);
        Assert.Equal(["Warn", "Audit"], c.ActionsFor("run-as-non-root"));
        Assert.Equal(["Deny", "Audit"], c.ActionsFor("capabilities-baseline"));
        Assert.Equal(ControllerMode.Off, c.Namespaces.Single().Controllers);
        Assert.Equal(new PssVersion(1, 30), c.Namespaces.Single().PssVersion);
    }
}
