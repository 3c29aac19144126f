using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>
/// What a re-import removes: only files it wrote from the same upstream file (recorded by its full path in the
/// checkout, not its base name), only where it writes inside OUT, each listed.
/// </summary>
public sealed class ImportRemovalTests : IDisposable
{
    private readonly string _work = TestData.NewOutputFolder();

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private Task<BufferedCommandResult> Import(params string[] args) => PsprProcess.Run(null, _work, ["import", "kyverno", .. args]);

    /// <summary>A ValidatingPolicy file at upstream/RELATIVE whose policy is named NAME.</summary>
    private string Upstream(string relative, string name)
    {
        var path = Path.Combine(_work, "upstream", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, File.ReadAllText(TestData.KyvernoSample("validating-policy", "restrict-seccomp-v1alpha1.yaml"))
            .Replace("name: restrict-seccomp-strict", $"name: {name}", StringComparison.Ordinal));
        return path;
    }

    private string Imported(string outFolder, string name) => Path.Combine(_work, outFolder, "restricted", name, "policy.yaml");

    [Fact]
    public async Task Two_upstream_files_with_the_same_base_name_do_not_remove_each_others_policies()
    {
        var first = Upstream("team-a/pod-policy.yaml", "first");
        var second = Upstream("team-b/pod-policy.yaml", "second");
        Assert.Equal(0, (await Import(first, "--out", "lib")).ExitCode);
        var result = await Import(second, "--out", "lib");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("removed", result.StandardOutput);
        Assert.True(File.Exists(Imported("lib", "first")), "the first import's policy stays");
        Assert.True(File.Exists(Imported("lib", "second")));
        Assert.Contains("from upstream/team-b/pod-policy.yaml:", File.ReadAllText(Imported("lib", "second")));
    }

    [Fact]
    public async Task A_policy_renamed_upstream_is_removed_and_the_removal_listed()
    {
        var file = Upstream("pods.yaml", "old-name");
        Assert.Equal(0, (await Import(file, "--out", "lib")).ExitCode);
        Upstream("pods.yaml", "new-name");
        var result = await Import(file, "--out", "lib");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("removed restricted/old-name/policy.yaml (no longer produced by its upstream file)", result.StandardOutput);
        Assert.False(File.Exists(Imported("lib", "old-name")));
        Assert.True(File.Exists(Imported("lib", "new-name")));
    }

    [Fact]
    public async Task An_out_folder_above_other_import_trees_leaves_those_trees_alone()
    {
        var file = Upstream("pods.yaml", "shared");
        Assert.Equal(0, (await Import(file, "--out", "parent/tree-a")).ExitCode);
        Assert.Equal(0, (await Import(file, "--out", "parent/tree-b")).ExitCode);
        Upstream("pods.yaml", "renamed");
        var result = await Import(file, "--out", "parent");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("removed", result.StandardOutput);
        Assert.True(File.Exists(Imported("parent/tree-a", "shared")));
        Assert.True(File.Exists(Imported("parent/tree-b", "shared")));
        Assert.True(File.Exists(Imported("parent", "renamed")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task An_empty_out_is_an_error(string outFolder)
    {
        var result = await Import(Upstream("pods.yaml", "p"), "--out", outFolder);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out: empty", result.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_work, "restricted")));
    }
}
