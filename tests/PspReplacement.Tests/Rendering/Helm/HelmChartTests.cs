using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using PspReplacement.Config;
using PspReplacement.Rendering;
using PspReplacement.Tests.Rendering;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Rendering.Helm;

/// <summary>The real Helm (.tools/bin/helm, installed by scripts/install-tools.sh) on every chart of the example fleet.</summary>
public sealed class HelmChartTests : IClassFixture<HelmChartTests.RenderedFleet>
{
    /// <summary>The example fleet (values/, profiles/) rendered once into a temporary repository.</summary>
    public sealed class RenderedFleet : IDisposable
    {
        public RenderTestRepo Repo { get; } = new(realProfiles: true, realValues: true);
        public RenderOutput Output { get; }

        public RenderedFleet()
        {
            Output = FleetRenderer.Render(Repo.Root);
            OutputTree.Write(Repo.Root, Output);
        }

        public void Dispose() => Repo.Dispose();
    }

    private readonly RenderedFleet fleet;

    public HelmChartTests(RenderedFleet fleet) => this.fleet = fleet;

    private static string Helm => Path.Combine(RenderTestRepo.RepositoryRoot(), ".tools", "bin", "helm");

    public static TheoryData<string> Charts()
    {
        var data = new TheoryData<string>();
        foreach (var cluster in ValuesLoader.ClusterNames(Path.Combine(RenderTestRepo.RepositoryRoot(), "values")))
        {
            data.Add(cluster);
            data.Add(ChartBuilder.NamespacesChartName(cluster));
        }
        return data;
    }

    private async Task<BufferedCommandResult> RunHelm(params string[] args)
    {
        Assert.True(File.Exists(Helm), $"{Helm} is missing: run scripts/install-tools.sh (./test.sh does)");
        return await CliWrap.Cli.Wrap(Helm).WithArguments(args)
            .WithEnvironmentVariables(e => e.Set("HELM_CACHE_HOME", Path.Combine(fleet.Repo.Root, ".helm/cache"))
                .Set("HELM_CONFIG_HOME", Path.Combine(fleet.Repo.Root, ".helm/config"))
                .Set("HELM_DATA_HOME", Path.Combine(fleet.Repo.Root, ".helm/data")))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Helm_lint_passes(string chart)
    {
        // Lint as the cluster's Kubernetes: v1alpha1 is right for 1.27 even though newer versions dropped it.
        var cluster = fleet.Output.Clusters.Single(c => chart == c.Cluster.Name || chart == ChartBuilder.NamespacesChartName(c.Cluster.Name)).Cluster;
        var result = await RunHelm("lint", "--strict", "--kube-version", $"{cluster.KubernetesVersion}.0", Path.Combine(fleet.Repo.Root, "charts", chart));
        Assert.True(result.ExitCode == 0, $"helm lint {chart}:\n{result.StandardOutput}\n{result.StandardError}");
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Helm_template_output_equals_the_rendered_manifests(string chart)
    {
        var result = await RunHelm("template", "pod-security", Path.Combine(fleet.Repo.Root, "charts", chart), "--namespace", "kube-system");
        Assert.True(result.ExitCode == 0, $"helm template {chart}:\n{result.StandardError}");
        var fromHelm = Objects(result.StandardOutput, "helm template");
        var rendered = fleet.Output.Files
            .Where(f => f.Key.StartsWith($"charts/{chart}/templates/", StringComparison.Ordinal) && f.Key.EndsWith(".yaml", StringComparison.Ordinal))
            .SelectMany(f => Objects(f.Value, f.Key)).ToList();
        Assert.NotEmpty(rendered);
        Assert.Equal(Keys(rendered), Keys(fromHelm));
        foreach (var (key, expected) in rendered.Select(o => (Key(o), o)))
        {
            var actual = fromHelm.Single(o => Key(o) == key);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{key} differs after helm template:\n{expected.ToJsonString()}\n{actual.ToJsonString()}");
        }
    }

    private static List<JsonNode> Objects(string yaml, string source) =>
        SourceYamlReader.ReadDocuments(yaml, source).Select(d => SourceJson.ToJson(d)!).ToList();

    private static string Key(JsonNode o) => $"{o["kind"]}/{o["metadata"]?["name"]}";

    private static List<string> Keys(IEnumerable<JsonNode> objects) => objects.Select(Key).Order(StringComparer.Ordinal).ToList();
}
