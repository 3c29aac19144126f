using static PspReplacement.Tests.Rendering.Autogen.FormEvaluator;
using System.Runtime.CompilerServices;
using CsCheck;
using PspReplacement.Config;
using PspReplacement.Kubernetes;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>
/// Property: for every policy of the shipped library, a controller gets exactly the verdict (and messages) its pod would,
/// whatever the pod looks like. Random pods mix the fields the Pod Security Standards read.
/// </summary>
public class ControllerEquivalenceTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, IReadOnlyList<PolicyForm> Forms)>> Library = new(() =>
    {
        var library = PolicyLibraryLoader.Load(ProfilesFolder());
        return
        [
            .. library.Policies
                .Select(p => (p.Name, Variant: p.VariantFor(PssVersion.Latest)))
                .Where(p => p.Variant is not null)
                .Select(p => (p.Name, PolicyForms.Expand(p.Name, p.Variant!.Spec, new(ControllerMode.Same, [], [])))),
        ];
    });

    private static string ProfilesFolder() =>
        Path.Combine(RepositoryRoot.Find(), "profiles");

    private static readonly Gen<Dictionary<string, object?>?> SecurityContext =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 3], (privileged, escalation, caps, nonRoot, seccomp) =>
        {
            var sc = new Dictionary<string, object?>();
            if (privileged > 0) sc["privileged"] = privileged == 2;
            if (escalation > 0) sc["allowPrivilegeEscalation"] = escalation == 2;
            if (nonRoot > 0) sc["runAsNonRoot"] = nonRoot == 2;
            if (caps > 0) sc["capabilities"] = new Dictionary<string, object?>
            {
                ["drop"] = new List<object?> { "ALL" },
                ["add"] = caps switch { 1 => new List<object?>(), 2 => new List<object?> { "NET_BIND_SERVICE" }, _ => new List<object?> { "SYS_ADMIN" } },
            };
            if (seccomp > 0) sc["seccompProfile"] = new Dictionary<string, object?> { ["type"] = seccomp switch { 1 => "RuntimeDefault", 2 => "Unconfined", _ => "Localhost" } };
            return sc.Count == 0 ? null : sc;
        });

    private static readonly Gen<Dictionary<string, object?>> Container =
        Gen.Select(Gen.Int[0, 9], SecurityContext, Gen.Bool, (n, sc, hostPort) =>
        {
            var c = new Dictionary<string, object?> { ["name"] = $"c{n}", ["image"] = "registry.example/app:1" };
            if (sc is not null) c["securityContext"] = sc;
            if (hostPort) c["ports"] = new List<object?> { new Dictionary<string, object?> { ["containerPort"] = 80L, ["hostPort"] = 8080L } };
            return c;
        });

    private static readonly Gen<Dictionary<string, object?>> Pod =
        Gen.Select(Container.List[1, 3], Container.List[0, 2], Gen.Int[0, 3], Gen.Int[0, 3], SecurityContext, (containers, init, host, annotations, podSc) =>
        {
            var spec = new Dictionary<string, object?> { ["containers"] = containers.Cast<object?>().ToList() };
            if (init.Count > 0) spec["initContainers"] = init.Cast<object?>().ToList();
            if (host == 1) spec["hostPID"] = true;
            if (host == 2) spec["hostNetwork"] = true;
            if (host == 3) spec["volumes"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "h", ["hostPath"] = new Dictionary<string, object?> { ["path"] = "/etc" } } };
            if (podSc is not null) spec["securityContext"] = podSc;
            var metadata = new Dictionary<string, object?> { ["name"] = "web", ["namespace"] = "mw-web" };
            if (annotations > 0)
                metadata["annotations"] = new Dictionary<string, object?>
                {
                    ["container.apparmor.security.beta.kubernetes.io/c0"] = annotations switch { 1 => "runtime/default", 2 => "unconfined", _ => "localhost/x" },
                };
            return new Dictionary<string, object?> { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
        });

    /// <summary>The pod inside a controller of that kind, the way a deployer would write it.</summary>
    private static Dictionary<string, object?> Wrap(Dictionary<string, object?> pod, ControllerKind kind)
    {
        var podMeta = (Dictionary<string, object?>)pod["metadata"]!;
        var templateMeta = new Dictionary<string, object?> { ["labels"] = new Dictionary<string, object?> { ["app"] = "web" } };
        if (podMeta.TryGetValue("annotations", out var a)) templateMeta["annotations"] = a;
        object? node = new Dictionary<string, object?> { ["metadata"] = templateMeta, ["spec"] = pod["spec"] };
        for (var i = kind.TemplatePath.Count - 1; i >= 1; i--)
            node = new Dictionary<string, object?> { [kind.TemplatePath[i]] = node };
        return new Dictionary<string, object?>
        {
            ["apiVersion"] = kind.ApiGroup.Length == 0 ? kind.ApiVersion : $"{kind.ApiGroup}/{kind.ApiVersion}",
            ["kind"] = kind.Kind,
            ["metadata"] = new Dictionary<string, object?> { ["name"] = "web", ["namespace"] = "mw-web" },
            [kind.TemplatePath[0]] = node,
        };
    }

    [Fact]
    public void Every_library_policy_expands()
    {
        Assert.NotEmpty(Library.Value);
        Assert.All(Library.Value, p => Assert.Equal(3, p.Forms.Count));
    }

    [Fact]
    public void Controllers_get_the_verdicts_of_their_pods()
    {
        var denials = 0;
        Pod.Sample(pod =>
        {
            foreach (var (name, forms) in Library.Value)
            {
                var expected = Run(forms[0], pod, null, Request("CREATE"));
                denials += expected.Failures.Count;
                foreach (var kind in new[] { ControllerKind.Deployment, ControllerKind.Job, ControllerKind.CronJob })
                {
                    var form = kind == ControllerKind.CronJob ? forms[2] : forms[1];
                    var actual = Run(form, Wrap(pod, kind), null, Request("CREATE"));
                    Assert.True(expected.Failures.SequenceEqual(actual.Failures),
                        $"{name} on {kind.Kind}: pod gave [{string.Join("; ", expected.Failures)}], controller [{string.Join("; ", actual.Failures)}]");
                }
            }
        }, iter: 40);
        Assert.True(denials > 0, "the generator never produced a violating pod");
    }
}
