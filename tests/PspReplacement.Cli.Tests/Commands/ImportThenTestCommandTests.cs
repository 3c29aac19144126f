using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>`pspr import kyverno` then `pspr test --profiles` over what it wrote, as a user runs them.</summary>
public sealed class ImportThenTestCommandTests : IDisposable
{
    private readonly string output = TestData.NewOutputFolder();

    public void Dispose() => Directory.Delete(output, recursive: true);

    private static Task<BufferedCommandResult> Pspr(params string[] args) => PsprProcess.Run(args);

    [Fact]
    public async Task An_imported_pod_library_passes_and_a_policy_without_fixtures_is_a_warning()
    {
        var import = await Pspr("import", "kyverno", TestData.KyvernoSample("cluster-policy"), "--out", output);
        Assert.True(import.ExitCode is 0 or 1, import.StandardOutput + import.StandardError); // 1: some upstream rules skipped, with reasons
        var untested = Directory.EnumerateFiles(output, "tests.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Delete(untested);
        var test = await Pspr("test", "--profiles", output, "--scenarios", Path.Combine(output, "no-scenarios"));
        Assert.True(test.ExitCode == 0, test.StandardOutput + test.StandardError);
        Assert.Contains($"(no fixtures: add {untested} with allow and deny cases)", test.StandardOutput);
        Assert.StartsWith("warn ", test.StandardOutput);
        Assert.Matches(@"\n[1-9][0-9]* passed, 0 failed\n$", test.StandardOutput);
    }
}
