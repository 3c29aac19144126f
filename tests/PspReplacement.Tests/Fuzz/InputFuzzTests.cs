using System.Diagnostics;
using System.Text;
using CsCheck;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Cel.Runtime;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Testing;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Fuzz;

/// <summary>
/// Every input pspr reads, mutated (see <see cref="Mutations"/>): values files through render, policies through
/// check --policies, manifests through check against the real restricted profile, fixture files through pspr test,
/// CEL expressions through compile and evaluate. Each case ends in a result or an InvalidInputException (exit 2,
/// one located line per problem), never another exception, within a time bound; a render that fails leaves the
/// tree as it was. ./test.sh runs a bounded number; scripts/fuzz.sh runs many more.
/// </summary>
public class InputFuzzTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Runs one case: it may succeed or be bad input, nothing else, and not for long.</summary>
    private static void Bounded(byte[] input, Action run)
    {
        var clock = Stopwatch.StartNew();
        try { run(); }
        catch (InvalidInputException e)
        {
            Assert.NotEmpty(e.Problems);
            Assert.All(e.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p), "an empty problem line"));
        }
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed} on {Mutations.Show(input)}");
    }

    [Fact]
    public void Mutated_values_render_or_fail_cleanly_and_a_failed_render_writes_nothing()
    {
        using var repo = new RenderTestRepo();
        var seed = "name: c1\nkubernetesVersion: \"1.31\"\ngroups: []\ndefaultProfile: restricted\nnamespaces:\n  mw: {profile: baseline, addBacks: [sys-ptrace]}\n  tools: {exclude: [run-as-non-root]}\n" +
                   "exemptions:\n  namespaces: [kube-node-lease, kube-public, kube-system]\npolicies:\n  run-as-non-root: {validationActions: [Warn, Audit]}\n";
        repo.WriteValues("c1.yaml", seed);
        OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root));
        Mutations.Of(seed, File.ReadAllText(Path.Combine(Root, "values", "wikikube-eqiad.yaml"))).Sample(bytes =>
        {
            File.WriteAllBytes(Path.Combine(repo.Values, "c1.yaml"), bytes);
            var before = repo.Snapshot();
            Bounded(bytes, () =>
            {
                try { OutputTree.Write(repo.Root, FleetRenderer.Render(repo.Root)); }
                catch (InvalidInputException)
                {
                    Assert.Equal(before, repo.Snapshot());
                    throw;
                }
            });
        }, iter: Mutations.Iterations(60), threads: 1, print: Mutations.Show);
    }

    [Fact]
    public void Mutated_policies_load_or_fail_cleanly_and_then_admit_without_throwing()
    {
        var seed = File.ReadAllText(Path.Combine(Root, "tests", "PspReplacement.Tests", "testdata", "admission", "policies.yaml"));
        var manifests = ManifestReader.Read([Path.Combine(Root, "tests", "PspReplacement.Tests", "testdata", "admission", "manifests.yaml")]).ToList();
        Mutations.Of(seed).Sample(bytes => Bounded(bytes, () =>
        {
            var objects = PolicyObjectLoader.FromObjects(ManifestReader.ReadStream("policies.yaml", new MemoryStream(bytes))
                .Where(e => e.Object is not null).Select(e => e.Object!));
            if (objects.Policies.Count == 0) return;
            var setup = AdmissionSetup.ForPolicies(objects, KubernetesVersion.Latest);
            foreach (var entry in new ManifestChecker(setup, RequestOptions.Default).Check(manifests)) Assert.True(entry.Result is not null || entry.Problem is not null);
        }), iter: Mutations.Iterations(300), print: Mutations.Show);
    }

    private static readonly Lazy<AdmissionSetup> Restricted = new(() =>
        AdmissionSetup.ForProfile(PolicyLibraryLoader.Load(Path.Combine(Root, "profiles")), Profile.Restricted, PssVersion.Latest, [], KubernetesVersion.Latest));

    [Fact]
    public void Mutated_manifests_are_judged_or_reported_against_the_real_restricted_profile()
    {
        var seeds = Directory.EnumerateFiles(Path.Combine(Root, "tests", "scenarios"), "*.yaml").Take(2).Select(File.ReadAllText)
            .Append(File.ReadAllText(Path.Combine(Root, "tests", "PspReplacement.Tests", "testdata", "admission", "manifests.yaml"))).ToArray();
        Mutations.Of(seeds).Sample(bytes => Bounded(bytes, () =>
        {
            var checker = new ManifestChecker(Restricted.Value with { }, RequestOptions.Default);
            foreach (var entry in checker.Check(ManifestReader.ReadStream("in.yaml", new MemoryStream(bytes))))
            {
                Assert.True(entry.Result is not null || entry.Problem is not null);
                if (entry.Problem is { } problem) Assert.StartsWith("in.yaml", problem);
            }
        }), iter: Mutations.Iterations(300), print: Mutations.Show);
    }

    [Fact]
    public void Mutated_fixture_files_are_read_and_run_or_reported()
    {
        var library = PolicyLibraryLoader.Load(Path.Combine(Root, "profiles"));
        var policy = library.Policies.First(p => p.Name == "capabilities-restricted");
        var seed = File.ReadAllText(Path.Combine(Path.GetDirectoryName(policy.SourcePath)!, "tests.yaml"));
        var runner = new FixtureRunner(library);
        var scratch = Directory.CreateTempSubdirectory("pspr-fuzz-").FullName;
        try
        {
            Mutations.Of(seed).Sample(bytes =>
            {
                var path = Path.Combine(scratch, "tests.yaml");
                File.WriteAllBytes(path, bytes);
                Bounded(bytes, () => Assert.All(runner.Run(policy, TestFileReader.Read(path, scenario: false)).ToList(), o => Assert.NotNull(o.Name)));
            }, iter: Mutations.Iterations(200), threads: 1, print: Mutations.Show);
        }
        finally { Directory.Delete(scratch, true); }
    }

    private static readonly string[] Expressions =
    [
        "object.spec.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || c.securityContext.privileged == false)",
        "variables.containers.map(c, c.name).join(', ') + ' ' + '%s and %d'.format(['a', 1])",
        "[1, 2, 3].exists_one(x, x > 2) && {'a': 1}.all(k, v, v > 0) ? 'yes'.upperAscii() : string(1.5e10)",
        "quantity('1.5Gi').isGreaterThan(quantity('1G')) && ip('10.0.0.1').isLoopback() == false && cidr('10.0.0.0/8').containsIP('10.1.2.3')",
        "optional.of(object.metadata.?labels.orValue({})).hasValue() && url('https://a.example/x?y=1').getHost() == 'a.example'",
        "matches(object.metadata.name, '^[a-z]+(-[a-z0-9]+)*$') && timestamp('2024-01-01T00:00:00Z') + duration('1h') > timestamp('2024-01-01T00:00:00Z')",
    ];

    [Fact]
    public void Mutated_expressions_compile_or_fail_to_compile_and_evaluate_without_throwing()
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["object", "variables"]);
        var activation = new MapActivation(new Dictionary<string, object>
        {
            ["object"] = CelValue.FromPlain(new Dictionary<string, object?>
            {
                ["metadata"] = new Dictionary<string, object?> { ["name"] = "web", ["labels"] = new Dictionary<string, object?> { ["a"] = "b" } },
                ["spec"] = new Dictionary<string, object?> { ["containers"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "app" } } },
            }),
            ["variables"] = CelValue.FromPlain(new Dictionary<string, object?> { ["containers"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "app" } } }),
        });
        Mutations.Of(Expressions).Sample(bytes =>
        {
            var clock = Stopwatch.StartNew();
            CelProgram program;
            try { program = env.Compile(Text(bytes)); }
            catch (CelCompileException e)
            {
                Assert.NotEmpty(e.Issues);
                return;
            }
            var value = program.Evaluate(activation);
            Assert.NotNull(value);
            if (value is CelError error) Assert.DoesNotContain("internal error", error.Message);
            Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed} on {Mutations.Show(bytes)}");
        }, iter: Mutations.Iterations(2000), print: Mutations.Show);
    }
}
