using CliWrap.Buffered;
using CsCheck;
using PspReplacement.Tests.Fuzz;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>
/// The fuzzers at the process boundary: mutated values through pspr render and mutated manifests through pspr
/// check exit 0, 1 or 2 only, never print a stack trace, and a render that exits 2 leaves the tree as it was. Few
/// cases here (each is a process); scripts/fuzz.sh runs more.
/// </summary>
public class CliFuzzTests
{
    private static void Clean(BufferedCommandResult result, byte[] input)
    {
        Assert.True(result.ExitCode is 0 or 1 or 2, $"exit {result.ExitCode} on {Mutations.Show(input)}\n{result.StandardError}");
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.DoesNotContain("Unhandled exception", result.StandardError);
    }

    [Fact]
    public async Task Mutated_values_render_with_exit_0_1_or_2_and_exit_2_writes_nothing()
    {
        using var repo = new RenderTestRepo();
        const string seed = "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  mw: {addBacks: [sys-ptrace]}\n  tools: {profile: baseline}\n";
        repo.WriteValues("c1.yaml", seed);
        Clean(await PsprProcess.Run(null, repo.Root, ["render", "--root", repo.Root]), []);
        await Mutations.Of(seed).SampleAsync(async bytes =>
        {
            File.WriteAllBytes(Path.Combine(repo.Values, "c1.yaml"), bytes);
            var before = repo.Snapshot();
            var result = await PsprProcess.Run(null, repo.Root, ["render", "--root", repo.Root]);
            Clean(result, bytes);
            if (result.ExitCode == 2) Assert.Equal(before, repo.Snapshot());
        }, iter: Mutations.Iterations(8), threads: 1, print: Mutations.Show);
    }

    [Fact]
    public async Task Mutated_manifests_check_with_exit_0_1_or_2()
    {
        var seed = File.ReadAllText(TestData.Admission("manifests.yaml"));
        await Mutations.Of(seed).SampleAsync(async bytes =>
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Clean(await PsprProcess.Run(text, RepositoryRoot.Find(), ["check", "--profile", "restricted", "-o", "junit", "-"]), bytes);
        }, iter: Mutations.Iterations(8), threads: 1, print: Mutations.Show);
    }
}
