using PspReplacement.Cel;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Testing;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>Which controller forms a policy gets: none for non-pod matchConstraints, only the kinds autogenControllers lists.</summary>
public sealed class AutogenScopeTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pspr-autogen-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private const string PodRule = "      validations:\n        - expression: \"!has(object.spec.hostNetwork) || !object.spec.hostNetwork\"\n          message: no host network\n";

    private PolicyLibrary Library(params (string Name, string Extra, string Spec, string? Tests)[] policies)
    {
        foreach (var (name, extra, spec, tests) in policies)
        {
            var folder = Path.Combine(dir, "restricted", name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "policy.yaml"),
                $"name: {name}\nprofile: restricted\n{extra}variants:\n  - pssVersions: {{min: v1.0}}\n    spec:\n{spec}");
            if (tests is not null) File.WriteAllText(Path.Combine(folder, "tests.yaml"), tests);
        }
        return PolicyLibraryLoader.Load(dir);
    }

    private static List<string> Forms(PolicyLibrary library) =>
        ClusterRenderer.RenderProfile(library, Profile.Restricted, new PssVersion(1, 30), [], new KubernetesVersion(1, 30))
            .Policies.Select(p => $"{p.Metadata.Name}: {string.Join(",", p.Spec.MatchConstraints.ResourceRules.SelectMany(r => r.Resources))}").ToList();

    [Fact]
    public void A_policy_matching_services_is_rendered_as_written_without_controller_forms()
    {
        const string services = "      matchConstraints:\n        resourceRules:\n          - {apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [services]}\n" +
                                "      validations:\n        - expression: \"!has(object.spec.type) || object.spec.type != 'LoadBalancer'\"\n          message: no load balancers\n";
        // The pod policy beside it is unaffected by the Service policy: both render.
        var library = Library(("no-lb", "", services, null), ("no-host-network", "", PodRule, null));
        Assert.Equal(["no-host-network-controllers: replicationcontrollers,daemonsets,deployments,replicasets,statefulsets,jobs",
            "no-host-network-cronjobs: cronjobs", "no-host-network: pods,pods/*", "no-lb: services"], Forms(library).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Autogen_controllers_narrow_the_controller_forms()
    {
        var library = Library(("only-deployments", "autogenControllers: [Deployment]\n", PodRule, null),
            ("no-controllers", "autogenControllers: []\n", PodRule, null),
            ("cronjobs-too", "autogenControllers: [CronJob, Job]\n", PodRule, null));
        Assert.Equal([
            "cronjobs-too-controllers: jobs", "cronjobs-too-cronjobs: cronjobs", "cronjobs-too: pods,pods/*",
            "no-controllers: pods,pods/*",
            "only-deployments-controllers: deployments", "only-deployments: pods,pods/*",
        ], Forms(library).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fixtures_run_through_the_autogen_forms_that_exist_and_a_policy_without_fixtures_is_only_listed()
    {
        const string tests = "cases:\n  - name: host network is denied\n    expect: deny\n    message: no host network\n" +
                             "    object: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {hostNetwork: true, containers: [{name: a, image: i}]}}\n";
        var library = Library(("only-deployments", "autogenControllers: [Deployment]\n", PodRule, tests), ("untested", "", PodRule, null));
        var runner = new FixtureRunner(library);
        var (policy, file) = Assert.Single(runner.Fixtures());
        Assert.Equal("untested", Assert.Single(runner.Unfixtured).Name);
        var outcomes = runner.Run(policy, file).ToList();
        Assert.All(outcomes, o => Assert.True(o.Passed, o.Failure));
        // The pod and the one autogen'ed kind, at both ends of the variant (v1.0 and the newest).
        Assert.Equal(["Deployment", "Pod"], outcomes.Select(o => o.Name.Split(", ")[1].TrimEnd(']')).Distinct().Order(StringComparer.Ordinal));
    }
}
