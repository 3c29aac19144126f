using PspReplacement.Profiles;
using PspReplacement.Testing;

namespace PspReplacement.Tests.Import;

/// <summary>The imported upstream tests pass when `pspr test` runs them against what render makes of the imported policies.</summary>
public sealed class ImportedFixturesRunTests : IDisposable
{
    private readonly string output = ImportSamples.NewOutputFolder();

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void Imported_pod_policies_pass_their_imported_fixtures()
    {
        ImportSamples.Import(output, false,
            ImportSamples.Path_("cluster-policy"),
            ImportSamples.Path_("validating-policy", "disallow-host-namespaces"),
            ImportSamples.Path_("validating-policy", "restrict-seccomp-v1alpha1.yaml"));
        var runner = new FixtureRunner(PolicyLibraryLoader.Load(output));
        var fixtures = runner.Fixtures();
        Assert.Equal(5, fixtures.Count);
        var outcomes = fixtures.SelectMany(f => runner.Run(f.Policy, f.File)).ToList();
        Assert.True(outcomes.Count >= 40, $"only {outcomes.Count} checks ran");
        Assert.All(outcomes, o => Assert.True(o.Passed, $"{o.Suite} {o.Name}: {o.Failure}"));
    }
}
