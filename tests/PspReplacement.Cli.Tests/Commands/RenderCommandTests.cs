using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>pspr render as a user runs it: a real process, its exit status, what it prints, what it leaves on disk.</summary>
public class RenderCommandTests
{
    private static Task<BufferedCommandResult> Pspr(RenderTestRepo repo, params string[] args) =>
        PsprProcess.Run(stdin: null, workingDirectory: repo.Root, [.. args, "--root", repo.Root]);

    private const string Good = "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  mw: {addBacks: [sys-ptrace]}\n";

    [Fact]
    public async Task Render_writes_then_check_passes_then_drift_exits_1_with_a_diff()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Good);
        var render = await Pspr(repo, "render");
        Assert.Equal(0, render.ExitCode);
        Assert.Contains("c1: Kubernetes 1.31 (admissionregistration.k8s.io/v1)", render.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo.Root, "charts/c1/Chart.yaml")));

        var check = await Pspr(repo, "render", "--check");
        Assert.Equal(0, check.ExitCode);
        Assert.Equal("", check.StandardOutput);

        repo.WriteValues("c1.yaml", Good.Replace("1.31", "1.30"));
        var before = repo.Snapshot();
        var drift = await Pspr(repo, "render", "--check");
        Assert.Equal(1, drift.ExitCode);
        Assert.Contains("--- a/charts/c1/Chart.yaml", drift.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+appVersion: \"v1.30\"", drift.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("run ./pspr render", drift.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot()); // --check writes nothing
    }

    [Theory]
    [InlineData("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: [oops\n", @"values/c1\.yaml:\d+:\d+: malformed YAML")]
    [InlineData("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {profile: strict}\n", @"values/c1\.yaml:4:16: /namespaces/a/profile: must be one of")]
    [InlineData("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {addBacks: [nope]}\n", @"values/c1\.yaml:4:18: unknown add-back 'nope'")]
    [InlineData("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {exclude: [nope]}\n", @"values/c1\.yaml:4:17: unknown policy 'nope'")]
    [InlineData("name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  a: {}\n  a: {}\n", @"values/c1\.yaml:5:3: duplicate key 'a'")]
    [InlineData("name: c1\nkubernetesVersion: \"1.24\"\n", @"values/c1\.yaml:2:20: Kubernetes 1\.24 is not supported")]
    [InlineData("name: c1\nkubernetesVersion: \"1.31\"\npolicies:\n  nope: {validationActions: [Audit]}\n", @"values/c1\.yaml:4:3: unknown policy 'nope'")]
    public async Task Bad_input_exits_2_with_one_line_per_problem_and_writes_nothing(string values, string expected)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Good);
        Assert.Equal(0, (await Pspr(repo, "render")).ExitCode);
        var before = repo.Snapshot();
        repo.WriteValues("c1.yaml", values);
        var result = await Pspr(repo, "render");
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(expected, result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal); // no stack trace
        Assert.All(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(@"^values/c1\.yaml:\d+:\d+: .+; .+", line));
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public async Task Unknown_cluster_and_bad_library_exit_2()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", Good);
        var unknown = await Pspr(repo, "render", "--cluster", "c9");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown cluster 'c9'", unknown.StandardError, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(repo.Root, "profiles/add-backs/sys-ptrace/add-back.yaml"), "  - {policy: gone, with: sys-ptrace-capabilities-baseline}\n");
        var library = await Pspr(repo, "render");
        Assert.Equal(2, library.ExitCode);
        Assert.Contains("replaces unknown policy 'gone'", library.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "charts")));
    }

    [Fact]
    public async Task Help_documents_the_options_and_exit_codes()
    {
        using var repo = new RenderTestRepo();
        var help = await Pspr(repo, "render", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var text in new[] { "--check", "--cluster", "--root", "Exit status: 0" })
            Assert.Contains(text, help.StandardOutput, StringComparison.Ordinal);
    }
}
