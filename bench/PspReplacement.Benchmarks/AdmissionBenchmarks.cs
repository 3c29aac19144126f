using BenchmarkDotNet.Attributes;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Manifests;
using PspReplacement.Profiles;

namespace PspReplacement.Benchmarks;

/// <summary>
/// The in-process parts of pspr check: decoding manifests, and admitting pod-bearing objects against the restricted
/// profile as render emits it (falls back to the test policies when the library cannot be rendered).
/// Run: dotnet run -c Release --project bench/PspReplacement.Benchmarks -- --filter '*Admission*'
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private string _manifests = "";
    private List<ManifestObject> _objects = [];
    private AdmissionSetup _setup = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            var kind = (i % 3) switch { 0 => "v1|Pod|spec", 1 => "apps/v1|Deployment|spec.template.spec", _ => "batch/v1|CronJob|spec.jobTemplate.spec.template.spec" };
            sb.Append(Manifest(i, kind.Split('|'), containers: 1 + i % 4));
        }
        _manifests = sb.ToString();
        _objects = ManifestReader.ReadStream("bench", new StringReader(_manifests)).Select(e => e.Object!).ToList();
        try
        {
            var setup = AdmissionSetup.ForProfile(PolicyLibraryLoader.Load(Path.Combine(root, "profiles")), Profile.Restricted, PssVersion.Latest, [], KubernetesVersion.Latest);
            _setup = setup;
        }
        catch (Exception e) when (e is InvalidInputException or NotImplementedException)
        {
            var setup = AdmissionSetup.ForPolicies(PolicyObjectLoader.Load([Path.Combine(root, "tests", "PspReplacement.Tests", "testdata", "admission", "policies.yaml")]), KubernetesVersion.Latest);
            _setup = setup;
        }
    }

    [Benchmark(Description = "decode 300 manifests")]
    public int Decode() => ManifestReader.ReadStream("bench", new StringReader(_manifests)).Count();

    [Benchmark(Description = "admit 300 objects")]
    public int Admit()
    {
        var denied = 0;
        foreach (var o in _objects)
            if (_setup.Admit(o, null, RequestOptions.Default).Verdict is { Allowed: false }) denied++;
        return denied;
    }

    private static string Manifest(int i, string[] kind, int containers)
    {
        var indent = new string(' ', 2 * kind[2].Split('.').Length);
        var sb = new System.Text.StringBuilder($"---\napiVersion: {kind[0]}\nkind: {kind[1]}\nmetadata: {{name: w{i}, namespace: team}}\n");
        var path = kind[2].Split('.');
        for (var d = 0; d < path.Length; d++) sb.Append(new string(' ', 2 * d)).Append(path[d]).Append(":\n");
        sb.Append(indent).Append("containers:\n");
        for (var c = 0; c < containers; c++)
            sb.Append(indent).Append($"  - name: c{c}\n").Append(indent).Append("    image: nginx\n").Append(indent)
              .Append("    securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}\n");
        return sb.ToString();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PspReplacement.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
