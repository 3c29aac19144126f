using PspReplacement.Config;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Config;

/// <summary>
/// Values that are wrong in ways a reader could miss: a value with a trailing newline, folders named like values files,
/// a .yml file, and documents too deep or too large to be values. Each is a clear error, never a skip or a crash.
/// </summary>
public class ValuesInputLimitsTests
{
    private const string Cluster = "name: c1\nkubernetesVersion: \"1.34\"\n";

    private static InvalidInputException LoadFails(RenderTestRepo repo) =>
        Assert.Throws<InvalidInputException>(() => ValuesLoader.Load(repo.Values));

    [Theory]
    [InlineData("namespaces:\n  \"foo\\n\": {profile: baseline}\n", "\"foo\\n\" is not a valid name")]
    [InlineData("exemptions:\n  namespaces: [\"kube-system\\n\"]\n", "/exemptions/namespaces/0")]
    [InlineData("exemptions:\n  namespaces: [\"kube-system\\r\\n\"]\n", "/exemptions/namespaces/0")]
    public void Patterns_match_the_whole_value_so_a_trailing_newline_is_refused(string yaml, string expected)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster + yaml);
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("^[a-z]+$", "^[a-z]+\\z")]
    [InlineData("^(latest|v1\\.[0-9]+)$", "^(latest|v1\\.[0-9]+)\\z")]
    [InlineData("^[$a]\\$$", "^[$a]\\$\\z")]
    public void Ecma_end_anchors_become_dotnet_end_of_text(string pattern, string expected) =>
        Assert.Equal(expected, ValuesSchema.EcmaAnchors(pattern));

    [Fact]
    public void A_folder_named_like_the_common_layer_is_refused_not_skipped()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster);
        File.Delete(Path.Combine(repo.Values, "common.yaml"));
        Directory.CreateDirectory(Path.Combine(repo.Values, "common.yaml"));
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains("common.yaml: a folder, not a values file", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_named_like_a_cluster_is_refused_so_its_charts_are_not_deleted()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster);
        Directory.CreateDirectory(Path.Combine(repo.Values, "c2.yaml"));
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains("c2.yaml: a folder, not a values file", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("c2.yml")]
    [InlineData("c2.YAML")]
    public void A_values_file_with_another_ending_is_refused_not_ignored(string name)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster).WriteValues(name, "name: c2\nkubernetesVersion: \"1.34\"\n");
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains($"{name}:1:1: values files end in .yaml; rename it to c2.yaml", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(64)]
    [InlineData(990)]
    public void Values_nested_deeper_than_any_setting_are_an_error_at_the_place(int depth)
    {
        var nested = string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth);
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster + "namespaces:\n  a: {profile: " + nested + "}\n");
        var problem = Assert.Single(LoadFails(repo).Problems);
        Assert.Matches(@"^values/c1\.yaml:4:\d+: values nest deeper than 32 levels here", problem.Replace(repo.Root + "/", ""));
    }

    [Fact]
    public void Nesting_past_the_reader_limit_is_an_error_not_a_stack_overflow()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster + "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains("document nests deeper than 1000 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void Nested_aliases_in_values_hit_the_alias_budget()
    {
        var lines = new List<string> { "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i < 12; i++) lines.Add($"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster + string.Join("\n", lines) + "\n");
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains("excessive aliasing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("device")]
    [InlineData("dangling")]
    [InlineData("loop")]
    public void A_values_file_that_is_not_a_regular_file_is_refused(string kind)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Cluster);
        var path = Path.Combine(repo.Values, "c2.yaml");
        switch (kind)
        {
            case "fifo":
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])) mkfifo.WaitForExit();
                break;
            case "device": File.CreateSymbolicLink(path, "/dev/zero"); break;
            case "dangling": File.CreateSymbolicLink(path, Path.Combine(repo.Values, "missing.yaml")); break;
            case "loop": File.CreateSymbolicLink(path, Path.Combine(repo.Values, "c3.yaml")); File.CreateSymbolicLink(Path.Combine(repo.Values, "c3.yaml"), path); break;
        }
        Assert.Contains(LoadFails(repo).Problems, p => p.Contains("c2.yaml:1:1: cannot read the file", StringComparison.Ordinal));
    }
}
