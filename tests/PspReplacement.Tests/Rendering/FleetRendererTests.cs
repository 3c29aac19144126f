using PspReplacement.Rendering;

namespace PspReplacement.Tests.Rendering;

public class FleetRendererTests
{
    private const string Cluster = """
        name: c1
        kubernetesVersion: "1.31"
        namespaces:
          mw: {addBacks: [sys-ptrace]}
          ml: {profile: baseline}
        """;

    private static RenderTestRepo Repo() => new RenderTestRepo()
        .WriteValues("c1.yaml", Cluster)
        .WriteValues("c2.yaml", "name: c2\nkubernetesVersion: \"1.29\"\nnamespaces:\n  a: {}\n");

    [Fact]
    public void Renders_one_chart_per_policy_file_a_namespaces_chart_and_the_helmfile()
    {
        using var repo = Repo();
        var output = FleetRenderer.Render(repo.Root);
        Assert.Contains("charts/c1/Chart.yaml", output.Files.Keys);
        Assert.Contains("charts/c1/values.yaml", output.Files.Keys);
        Assert.Contains("charts/c1/README.md", output.Files.Keys);
        Assert.Contains("charts/c1/templates/NOTES.txt", output.Files.Keys);
        Assert.Contains("charts/c1/templates/sys-ptrace-capabilities-restricted.yaml", output.Files.Keys);
        Assert.DoesNotContain("charts/c2/templates/sys-ptrace-capabilities-restricted.yaml", output.Files.Keys);
        Assert.Contains("charts/c1-namespaces/templates/namespaces.yaml", output.Files.Keys);
        Assert.Contains("apiVersion: admissionregistration.k8s.io/v1beta1", output.Files["charts/c2/templates/run-as-non-root.yaml"], StringComparison.Ordinal);
        var helmfile = output.Files["helmfile.d/pod-security.yaml.gotmpl"];
        Assert.Contains("  c1:\n    values:\n      - kubeContext: \"test-context\"\n  c2:\n    values:\n      - kubeContext: \"test-context\"\n", helmfile, StringComparison.Ordinal);
        Assert.Contains("helmDefaults:\n  kubeContext: {{ .Values.kubeContext | quote }}\n", helmfile, StringComparison.Ordinal);
        Assert.All(output.Files.Values, text => Assert.DoesNotContain("\r", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Cel_that_looks_like_helm_template_syntax_never_reaches_helm()
    {
        using var repo = Repo();
        var text = FleetRenderer.Render(repo.Root).Files["charts/c1/templates/capabilities-restricted.yaml"];
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.Contains(@"\u007b\u007b not helm }}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_twice_is_byte_identical_and_the_second_write_changes_nothing()
    {
        using var repo = Repo();
        var first = FleetRenderer.Render(repo.Root);
        Assert.NotEmpty(OutputTree.Write(repo.Root, first));
        var written = repo.Snapshot();
        var second = FleetRenderer.Render(repo.Root);
        Assert.Equal(first.Files, second.Files);
        Assert.Empty(OutputTree.Write(repo.Root, second));
        Assert.Equal(written, repo.Snapshot());
        Assert.Empty(OutputTree.Drift(repo.Root, second));
    }

    [Fact]
    public void Check_reports_edited_missing_and_stale_files_as_a_unified_diff()
    {
        using var repo = Repo();
        OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root));
        File.AppendAllText(Path.Combine(repo.Root, "charts/c1/templates/run-as-non-root.yaml"), "# hand edit\n");
        File.Delete(Path.Combine(repo.Root, "charts/c2/README.md"));
        Directory.CreateDirectory(Path.Combine(repo.Root, "charts/gone"));
        File.WriteAllText(Path.Combine(repo.Root, "charts/gone/Chart.yaml"), "name: gone\n");
        var drift = OutputTree.Drift(repo.Root, FleetRenderer.Render(repo.Root));
        Assert.Equal(3, drift.Count);
        Assert.Contains(drift, d => d.Diff.Contains("--- a/charts/c1/templates/run-as-non-root.yaml", StringComparison.Ordinal) && d.Diff.Contains("-# hand edit", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.Diff.Contains("+++ b/charts/c2/README.md", StringComparison.Ordinal) && d.Diff.Contains("--- /dev/null", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.Diff.Contains("--- a/charts/gone/Chart.yaml", StringComparison.Ordinal) && d.Diff.Contains("+++ /dev/null", StringComparison.Ordinal));
        // A values file without its helmfile environment is drift too.
        repo.WriteValues("c3.yaml", "name: c3\nkubernetesVersion: \"1.31\"\n");
        Assert.Contains(OutputTree.Drift(repo.Root, FleetRenderer.Render(repo.Root)), d => d.Diff.Contains("+  c3:\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_removes_charts_of_removed_clusters_and_one_cluster_render_keeps_the_others()
    {
        using var repo = Repo();
        OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root));
        var c2Before = repo.Snapshot().Where(f => f.Key.StartsWith("charts/c2", StringComparison.Ordinal)).ToList();
        repo.WriteValues("c1.yaml", Cluster.Replace("ml: {profile: baseline}", "ml: {profile: restricted}"));
        var changed = OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root, ["c1"]));
        Assert.Contains("charts/c1-namespaces/templates/namespaces.yaml", changed);
        Assert.DoesNotContain(changed, p => p.StartsWith("charts/c2", StringComparison.Ordinal));
        Assert.Equal(c2Before, repo.Snapshot().Where(f => f.Key.StartsWith("charts/c2", StringComparison.Ordinal)).ToList());

        File.Delete(Path.Combine(repo.Values, "c2.yaml"));
        OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root));
        Assert.DoesNotContain(repo.Snapshot().Keys, p => p.StartsWith("charts/c2", StringComparison.Ordinal));
        Assert.DoesNotContain("c2", repo.Read("helmfile.d/pod-security.yaml.gotmpl"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_version_changes_exactly_when_the_chart_content_changes()
    {
        using var repo = Repo();
        string Version(string chart) => FleetRenderer.Render(repo.Root).Files[$"charts/{chart}/Chart.yaml"].Split('\n').Single(l => l.StartsWith("version: ", StringComparison.Ordinal));
        var c1 = Version("c1");
        var c1Namespaces = Version("c1-namespaces");
        Assert.Matches(@"^version: 0\.1\.0\+[0-9a-f]{12}$", c1);
        Assert.Equal(c1, Version("c1"));
        repo.WriteValues("c1.yaml", Cluster.Replace("ml: {profile: baseline}", "ml: {profile: restricted}"));
        Assert.NotEqual(c1Namespaces, Version("c1-namespaces"));
        repo.WriteValues("c1.yaml", Cluster + "\npolicies:\n  run-as-non-root: {validationActions: [Audit]}\n");
        Assert.NotEqual(c1, Version("c1"));
    }

    [Fact]
    public void Any_error_leaves_the_charts_untouched()
    {
        using var repo = Repo();
        OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root));
        var before = repo.Snapshot();
        repo.WriteValues("c2.yaml", "name: c2\nkubernetesVersion: \"1.29\"\nnamespaces:\n  a: {addBacks: [nope]}\n");
        var e = Assert.Throws<InvalidInputException>(() => OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root)));
        Assert.Contains("unknown add-back 'nope'", e.Problems.Single(), StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
        Assert.DoesNotContain(Directory.EnumerateDirectories(repo.Root), d => Path.GetFileName(d).Contains("pspr-", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_of_every_cluster_are_reported_at_once()
    {
        using var repo = Repo();
        repo.WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.20\"\n");
        repo.WriteValues("c2.yaml", "name: c2\nkubernetesVersion: \"1.29\"\nnamespaces:\n  a: {profile: root}\n");
        var e = Assert.Throws<InvalidInputException>(() => FleetRenderer.Render(repo.Root));
        Assert.Equal(2, e.Problems.Count);
    }

    [Fact]
    public void Before_1_28_charts_are_v1alpha1_with_variables_inlined_on_the_ast()
    {
        using var repo = new RenderTestRepo().WriteValues("old.yaml", "name: old\nkubernetesVersion: \"1.27\"\n");
        var output = FleetRenderer.Render(repo.Root);
        var text = output.Files["charts/old/templates/capabilities-restricted.yaml"];
        Assert.Contains("apiVersion: admissionregistration.k8s.io/v1alpha1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("variables", text, StringComparison.Ordinal);
        Assert.Contains("[\"NET_BIND_SERVICE\"]", text, StringComparison.Ordinal);
        // In memory the policy is what the chart deploys: check and test evaluate the inlined form too.
        var inMemory = output.Clusters.Single().Rendered.Policies.First(p => p.Metadata.Name == "capabilities-restricted").Spec;
        Assert.True(inMemory.Variables is null or { Count: 0 });
        Assert.True(inMemory.MatchConditions is null or { Count: 0 });
    }

    [Fact]
    public void An_expression_that_does_not_compile_names_policy_field_and_column()
    {
        using var repo = Repo();
        var path = Path.Combine(repo.Root, "profiles/baseline/privileged-containers/policy.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("object.spec.containers.all(c,", "object.spec.containers.all(c, nosuchfunction(c) ||"));
        var e = Assert.Throws<InvalidInputException>(() => FleetRenderer.Render(repo.Root, ["c1"]));
        Assert.Contains(e.Problems, p => p.StartsWith("policy 'privileged-containers' (", StringComparison.Ordinal)
            && p.Contains("spec.validations[0].expression:1:", StringComparison.Ordinal) && p.Contains("Kubernetes 1.31", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_cluster_needs_its_kube_context_and_a_single_cluster_render_still_names_all_of_them()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubeContext: ctx-one\nkubernetesVersion: \"1.31\"\n")
            .WriteValues("c2.yaml", "name: c2\nkubeContext: ctx-two\nkubernetesVersion: \"1.31\"\n");
        var helmfile = FleetRenderer.Render(repo.Root, ["c1"]).Files["helmfile.d/pod-security.yaml.gotmpl"];
        Assert.Contains("  c1:\n    values:\n      - kubeContext: \"ctx-one\"\n  c2:\n    values:\n      - kubeContext: \"ctx-two\"\n", helmfile, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(repo.Values, "common.yaml"), RenderTestRepo.SystemNamespacesDecided + RenderTestRepo.LabelGuardOff);
        repo.WriteValues("c2.yaml", "name: c2\nkubernetesVersion: \"1.31\"\n");
        Assert.Contains(Assert.Throws<InvalidInputException>(() => FleetRenderer.Render(repo.Root, ["c1"])).Problems,
            p => p.Contains("cluster c2 has no kubeContext", StringComparison.Ordinal));
        Assert.Contains(Assert.Throws<InvalidInputException>(() => FleetRenderer.Render(repo.Root)).Problems,
            p => p.Contains("c2.yaml:1:1: /: required", StringComparison.Ordinal) || p.Contains("kubeContext", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.30", "1.31")]
    [InlineData("1.31", "1.34")]
    public void A_version_bump_changes_only_the_templates_whose_objects_change(string from, string to)
    {
        using var repo = new RenderTestRepo(realProfiles: true).WriteValues("c1.yaml", $"name: c1\nkubernetesVersion: \"{from}\"\nnamespaces:\n  mw: {{addBacks: [sys-ptrace]}}\n");
        var before = FleetRenderer.Render(repo.Root).Files;
        repo.WriteValues("c1.yaml", $"name: c1\nkubernetesVersion: \"{to}\"\nnamespaces:\n  mw: {{addBacks: [sys-ptrace]}}\n");
        var after = FleetRenderer.Render(repo.Root).Files;
        static string Objects(string text) => string.Join("\n", text.Split('\n').Where(l => !l.StartsWith('#')));
        var templates = before.Keys.Intersect(after.Keys).Where(k => k.Contains("/templates/", StringComparison.Ordinal) && k.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(templates);
        foreach (var path in templates)
            Assert.True((before[path] == after[path]) == (Objects(before[path]) == Objects(after[path])), $"{path} changed only in a comment");
        Assert.Contains(templates, t => before[t] == after[t]);
    }

    [Fact]
    public void The_chart_readme_shows_which_policy_runs_in_which_namespace()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  mw: {addBacks: [sys-ptrace]}\n  base: {profile: baseline}\n");
        var readme = FleetRenderer.Render(repo.Root).Files["charts/c1/README.md"];
        Assert.Contains("| Policy | `base` | `mw` | unlisted (restricted) |", readme);
        Assert.Contains("| `run-as-non-root` | · | ✓ | ✓ |", readme);
        Assert.Contains("| `sys-ptrace-capabilities-restricted` | · | ＋ | · |", readme);
        Assert.Contains("Exempt (PSA-style, nothing runs): namespaces `kube-node-lease`, `kube-public`, `kube-system`; users none; runtime classes none.", readme);
    }
}
