using BenchmarkDotNet.Attributes;
using PspReplacement.Cel;
using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Benchmarks;

/// <summary>
/// The CEL engine on typical Pod Security Standards checks over a realistic three-container pod: parsing, compiling
/// (parse + check + plan) and evaluating a planned program. Target for evaluation: at least 1,000,000 evaluations
/// per second on one core, allocating no more than the result needs.
/// Run: dotnet run -c Release --project bench/PspReplacement.Benchmarks -- --filter '*CelBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class CelBenchmarks
{
    public static readonly IReadOnlyDictionary<string, string> Expressions = new Dictionary<string, string>
    {
        ["privileged"] = "object.spec.containers.all(c, c.?securityContext.?privileged.orValue(false) == false)",
        ["capabilities"] = "object.spec.containers.all(c, !has(c.securityContext) || !has(c.securityContext.capabilities) || "
            + "!has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(cap, cap in "
            + "['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']))",
        ["volumes"] = "!has(object.spec.volumes) || object.spec.volumes.all(v, has(v.configMap) || has(v.emptyDir) || has(v.projected) "
            + "|| has(v.secret) || has(v.downwardAPI) || has(v.persistentVolumeClaim) || has(v.ephemeral) || has(v.csi))",
    };

    [ParamsSource(nameof(Names))]
    public string Check { get; set; } = "privileged";

    public static IEnumerable<string> Names => Expressions.Keys;

    private CelEnvironment _environment = null!;
    private CelProgram _program = null!;
    private IActivation _activation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _environment = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["object", "oldObject", "params", "request"]);
        _program = _environment.Compile(Expressions[Check]);
        _activation = new MapActivation(new Dictionary<string, object> { ["object"] = CelValue.FromPlain(Pod()) });
        if (_program.Evaluate(_activation) is not bool)
            throw new InvalidOperationException($"{Check} does not evaluate to a bool: {CelValue.Format(_program.Evaluate(_activation))}");
    }

    [Benchmark(Description = "parse")]
    public Expr Parse() => CelParser.Parse(Expressions[Check]);

    [Benchmark(Description = "compile")]
    public CelProgram Compile() => _environment.Compile(Expressions[Check]);

    [Benchmark(Description = "evaluate", Baseline = true)]
    public object Evaluate() => _program.Evaluate(_activation);

    /// <summary>A pod as kubectl would send it: three containers with security contexts, resources, ports and volumes.</summary>
    internal static Dictionary<string, object?> Pod()
    {
        static Dictionary<string, object?> Container(string name, string image, bool privileged, params string[] add) => new()
        {
            ["name"] = name,
            ["image"] = image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["ports"] = new List<object?> { new Dictionary<string, object?> { ["containerPort"] = 8080L, ["protocol"] = "TCP" } },
            ["resources"] = new Dictionary<string, object?>
            {
                ["limits"] = new Dictionary<string, object?> { ["cpu"] = "500m", ["memory"] = "256Mi" },
                ["requests"] = new Dictionary<string, object?> { ["cpu"] = "100m", ["memory"] = "128Mi" },
            },
            ["securityContext"] = new Dictionary<string, object?>
            {
                ["privileged"] = privileged,
                ["allowPrivilegeEscalation"] = false,
                ["runAsNonRoot"] = true,
                ["capabilities"] = new Dictionary<string, object?>
                {
                    ["drop"] = new List<object?> { "ALL" },
                    ["add"] = add.Cast<object?>().ToList(),
                },
                ["seccompProfile"] = new Dictionary<string, object?> { ["type"] = "RuntimeDefault" },
            },
            ["volumeMounts"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "config", ["mountPath"] = "/etc/app" } },
        };
        return new Dictionary<string, object?>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new Dictionary<string, object?>
            {
                ["name"] = "web-7d9c5b",
                ["namespace"] = "shop",
                ["labels"] = new Dictionary<string, object?> { ["app"] = "web", ["tier"] = "frontend" },
            },
            ["spec"] = new Dictionary<string, object?>
            {
                ["serviceAccountName"] = "web",
                ["containers"] = new List<object?>
                {
                    Container("app", "registry.example/web:1.4.2", false, "NET_BIND_SERVICE"),
                    Container("sidecar", "registry.example/proxy:2.0", false),
                    Container("metrics", "registry.example/exporter:0.9", false, "CHOWN", "SETUID"),
                },
                ["volumes"] = new List<object?>
                {
                    new Dictionary<string, object?> { ["name"] = "config", ["configMap"] = new Dictionary<string, object?> { ["name"] = "web-config" } },
                    new Dictionary<string, object?> { ["name"] = "cache", ["emptyDir"] = new Dictionary<string, object?>() },
                },
            },
        };
    }
}
