using PspReplacement.Cel;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Testing;
using PspReplacement.Tests.Import;

namespace PspReplacement.Tests.Rendering;

/// <summary>Everything pspr import kyverno writes from the samples renders, and each fixture suite runs on its own.</summary>
public sealed class ImportedLibraryRenderTests : IDisposable
{
    private readonly string output = ImportSamples.NewOutputFolder();

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void The_whole_imported_sample_library_renders_and_every_suite_runs()
    {
        ImportSamples.Import(output);
        var library = PolicyLibraryLoader.Load(output);
        var rendered = ClusterRenderer.RenderProfile(library, Profile.Restricted, new PssVersion(1, 35), [], new KubernetesVersion(1, 35));
        // A Service policy is rendered as written, without controller forms.
        var services = rendered.Policies.Where(p => p.Metadata.Name.StartsWith("restrict-loadbalancer", StringComparison.Ordinal)).ToList();
        Assert.Equal(["services"], Assert.Single(services).Spec.MatchConstraints.ResourceRules.SelectMany(r => r.Resources));
        // autogenControllers: [] (require-run-as-nonroot) means the pod form only; [CronJob, Deployment] narrows the controllers form.
        Assert.Equal(["require-run-as-nonroot"], rendered.Policies.Select(p => p.Metadata.Name).Where(n => n.StartsWith("require-run-as-nonroot", StringComparison.Ordinal)));
        Assert.Equal(["deployments"], rendered.Policies.Single(p => p.Metadata.Name == "disallow-capabilities-strict-require-drop-all-controllers")
            .Spec.MatchConstraints.ResourceRules.SelectMany(r => r.Resources));

        var runner = new FixtureRunner(library);
        var fixtures = runner.Fixtures();
        Assert.Equal(library.Policies.Count, fixtures.Count + runner.Unfixtured.Count);
        var outcomes = fixtures.SelectMany(f => runner.Run(f.Policy, f.File)).ToList();
        Assert.Equal(fixtures.Select(f => f.Policy.Name).Order(StringComparer.Ordinal), outcomes.Select(o => o.Suite.Split('/')[1]).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(outcomes, o => o.Failure?.Contains("rendering failed", StringComparison.Ordinal) == true);
        Assert.Contains(outcomes, o => o.Name.Contains(", Deployment]", StringComparison.Ordinal));
        Assert.DoesNotContain(outcomes, o => o.Suite.EndsWith("/disallow-capabilities-strict-require-drop-all", StringComparison.Ordinal) && o.Name.Contains(", StatefulSet]", StringComparison.Ordinal));
    }
}
