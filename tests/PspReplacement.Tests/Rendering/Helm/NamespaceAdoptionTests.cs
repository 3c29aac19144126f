using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using PspReplacement.Rendering;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Rendering.Helm;

/// <summary>
/// The first <c>helmfile apply</c> on a cluster whose namespaces already exist: the real helm installs the rendered
/// namespaces chart of the example fleet against <see cref="FakeApiServer"/>, with the flags helmfile derives from
/// the rendered release (helmfile's pkg/state: <c>takeOwnership</c> → <c>--take-ownership</c>, <c>forceConflicts</c> →
/// <c>--force-conflicts</c>).
/// </summary>
public sealed class NamespaceAdoptionTests : IClassFixture<HelmChartTests.RenderedFleet>
{
    private const string Cluster = "wikikube-eqiad";
    private const string NamespacesRelease = "pod-security-namespaces";

    /// <summary>What helmfile passes to <c>helm upgrade</c> for a release setting each of these to true.</summary>
    private static readonly Dictionary<string, string> HelmfileReleaseFlags = new(StringComparer.Ordinal)
    {
        ["takeOwnership"] = "--take-ownership",
        ["forceConflicts"] = "--force-conflicts",
    };

    private readonly HelmChartTests.RenderedFleet fleet;

    public NamespaceAdoptionTests(HelmChartTests.RenderedFleet fleet) => this.fleet = fleet;

    private static string Helm => Path.Combine(RenderTestRepo.RepositoryRoot(), ".tools", "bin", "helm");

    /// <summary>The rendered helmfile's release entry named <paramref name="release"/>, one line per setting.</summary>
    private List<string> ReleaseEntry(string release)
    {
        var lines = fleet.Output.Files[$"{ChartBuilder.HelmfileFolder}/{ChartBuilder.HelmfileName}"].Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == $"- name: {release}");
        Assert.True(start >= 0, $"the helmfile has no release {release}");
        return lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
    }

    private List<string> HelmfileFlags(string release) =>
        HelmfileReleaseFlags.Where(f => ReleaseEntry(release).Contains($"{f.Key}: true")).Select(f => f.Value).ToList();

    /// <summary>The Namespace objects of the rendered namespaces chart, by name.</summary>
    private Dictionary<string, JsonNode> ChartNamespaces() =>
        fleet.Output.Files
            .Where(f => f.Key.StartsWith($"charts/{ChartBuilder.NamespacesChartName(Cluster)}/templates/", StringComparison.Ordinal)
                && f.Key.EndsWith(".yaml", StringComparison.Ordinal))
            .SelectMany(f => SourceYamlReader.ReadDocuments(f.Value, f.Key).Select(d => SourceJson.ToJson(d)))
            .Where(o => o is not null && (string?)o["kind"] == "Namespace")
            .ToDictionary(o => (string)o!["metadata"]!["name"]!, o => o!, StringComparer.Ordinal);

    private async Task<BufferedCommandResult> HelmUpgradeInstall(FakeApiServer server, IEnumerable<string> flags)
    {
        Assert.True(File.Exists(Helm), $"{Helm} is missing: run scripts/install-tools.sh (./test.sh does)");
        var home = Path.Combine(fleet.Repo.Root, ".helm", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(home);
        var kubeconfig = Path.Combine(home, "kubeconfig");
        File.WriteAllText(kubeconfig, server.Kubeconfig(Cluster));
        string[] args =
        [
            "upgrade", "--install", NamespacesRelease, Path.Combine(fleet.Repo.Root, "charts", ChartBuilder.NamespacesChartName(Cluster)),
            "--namespace", "kube-system", "--kube-context", Cluster, "--kubeconfig", kubeconfig, .. flags,
        ];
        return await CliWrap.Cli.Wrap(Helm).WithArguments(args)
            .WithEnvironmentVariables(e => e.Set("HELM_CACHE_HOME", Path.Combine(home, "cache"))
                .Set("HELM_CONFIG_HOME", Path.Combine(home, "config")).Set("HELM_DATA_HOME", Path.Combine(home, "data")))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
    }

    [Fact]
    public void Only_the_namespaces_release_takes_ownership()
    {
        Assert.Equal(["--take-ownership", "--force-conflicts"], HelmfileFlags(NamespacesRelease));
        Assert.Empty(HelmfileFlags("pod-security-policies"));
    }

    [Fact]
    public async Task Without_taking_ownership_helm_refuses_existing_namespaces_and_changes_nothing()
    {
        var names = ChartNamespaces().Keys;
        using var server = new FakeApiServer(names.Select(FakeApiServer.Unlabelled));

        var result = await HelmUpgradeInstall(server, []);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid ownership metadata", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal)
            && !r.Path.Contains("/secrets", StringComparison.Ordinal) && r.Method != "GET");
        Assert.All(names, n => Assert.Equal(FakeApiServer.Unlabelled(n)["metadata"]!["labels"]!.ToJsonString(), server.Namespace(n)!["metadata"]!["labels"]!.ToJsonString()));
    }

    [Fact]
    public async Task With_the_rendered_release_settings_helm_adopts_every_existing_namespace()
    {
        var expected = ChartNamespaces();
        Assert.Contains("mw-web", expected.Keys);
        using var server = new FakeApiServer(expected.Keys.Select(FakeApiServer.Unlabelled));

        var result = await HelmUpgradeInstall(server, HelmfileFlags(NamespacesRelease));

        Assert.True(result.ExitCode == 0, $"helm upgrade --install:\n{result.StandardOutput}\n{result.StandardError}");
        foreach (var name in expected.Keys)
        {
            var metadata = server.Namespace(name)!["metadata"]!;
            Assert.Equal("Helm", (string?)metadata["labels"]!["app.kubernetes.io/managed-by"]);
            Assert.Equal(NamespacesRelease, (string?)metadata["annotations"]!["meta.helm.sh/release-name"]);
            Assert.Equal("kube-system", (string?)metadata["annotations"]!["meta.helm.sh/release-namespace"]);
            Assert.Equal("keep", (string?)metadata["annotations"]!["helm.sh/resource-policy"]);
            foreach (var (key, value) in expected[name]["metadata"]!["labels"]!.AsObject())
                Assert.Equal((string?)value, (string?)metadata["labels"]![key]);
            // The adoption is a server-side apply that overrides values other field managers set for the same labels.
            var apply = Assert.Single(server.Requests, r => r.Method == "PATCH" && r.Path == $"/api/v1/namespaces/{name}");
            Assert.StartsWith("application/apply-patch", apply.ContentType, StringComparison.Ordinal);
            Assert.Contains("force=true", apply.Query.Split('&'));
        }
    }
}
