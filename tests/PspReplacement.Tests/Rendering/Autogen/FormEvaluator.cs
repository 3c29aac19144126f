using System.Runtime.CompilerServices;
using k8s.Models;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Cel.Runtime;
using PspReplacement.Kubernetes;
using PspReplacement.Manifests;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>
/// Runs one rendered form with the CEL engine the way the apiserver would for a request it matched: matchConditions
/// (all must be true), then variables in order, then validations. Errors fail the test: these forms must never error.
/// </summary>
internal static class FormEvaluator
{
    private static readonly KubernetesVersion Version = KubernetesVersion.Parse("1.30");
    private static readonly CelEnvironment Env = CelEnvironment.ForKubernetes(Version);

    public sealed record Outcome(bool Matched, IReadOnlyList<string> Failures);

    public static Dictionary<string, object?> Request(string operation, string subResource = "", string username = "alice") => new()
    {
        ["operation"] = operation,
        ["subResource"] = subResource,
        ["namespace"] = "mw-web",
        ["name"] = "web",
        ["userInfo"] = new Dictionary<string, object?> { ["username"] = username },
    };

    public static object Evaluate(string expression, IReadOnlyDictionary<string, object> values)
    {
        var result = Env.Compile(expression).Evaluate(new MapActivation(values));
        if (result is CelError error)
            throw new Xunit.Sdk.XunitException($"'{expression}' failed: {error.Message}");
        return result;
    }

    /// <summary>
    /// The form as a VAP bound everywhere with Deny, admitted by the real PolicySet on the request the apiserver would
    /// build. Matched: the policy's constraints and matchConditions selected the request. An evaluation error fails the
    /// test: these forms must never error.
    /// </summary>
    public static Outcome Run(PolicyForm form, Dictionary<string, object?> obj, Dictionary<string, object?>? oldObj, Dictionary<string, object?> request)
    {
        V1ValidatingAdmissionPolicy[] policy =
        [
            new() { ApiVersion = "admissionregistration.k8s.io/v1", Kind = "ValidatingAdmissionPolicy", Metadata = new V1ObjectMeta { Name = form.Name }, Spec = form.Spec },
        ];
        var set = PolicySet.Create(policy, PolicySet.BindEverywhere(policy), Version);
        var apiVersion = (string)obj["apiVersion"]!;
        var kind = (string)obj["kind"]!;
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var version = apiVersion[(apiVersion.IndexOf('/') + 1)..];
        var resource = kind == "Pod" ? "pods" : ControllerKind.All.Single(k => k.Kind == kind).Resource;
        var admission = new AdmissionRequest((string)request["operation"]!, new GroupVersionKind(group, version, kind), new GroupVersionResource(group, version, resource),
            (string)request["subResource"]!, (string)request["name"]!, (string)request["namespace"]!, obj, oldObj,
            new UserInfo((string)((Dictionary<string, object?>)request["userInfo"]!)["username"]!, ["system:authenticated"]));
        var verdict = set.Admit(admission, new Dictionary<string, string>(), null);
        foreach (var violation in verdict.Violations.Where(v => v.PolicyMessage.Contains("resulted in error", StringComparison.Ordinal)))
            throw new Xunit.Sdk.XunitException($"form {form.Name} failed: {violation.PolicyMessage}");
        return new(verdict.Matched, verdict.Violations.Select(v => v.PolicyMessage).ToList());
    }

    public static Dictionary<string, object?> Fixture(string name)
    {
        var path = Path.Combine(RepositoryRoot.Find(), "tests", "PspReplacement.Tests", "testdata", "autogen", name);
        var entry = Assert.Single(ManifestReader.Read([path]));
        Assert.Null(entry.Problem);
        return entry.Object!.Content;
    }

    /// <summary>A deep copy of plain data, to make an oldObject/object pair that differs in one place.</summary>
    public static Dictionary<string, object?> Clone(Dictionary<string, object?> source) => (Dictionary<string, object?>)CloneValue(source)!;

    private static object? CloneValue(object? value) => value switch
    {
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => CloneValue(kv.Value)),
        List<object?> l => l.Select(CloneValue).ToList(),
        _ => value,
    };

    public static Dictionary<string, object?> Map(this Dictionary<string, object?> d, string key) =>
        d.TryGetValue(key, out var v) && v is Dictionary<string, object?> m ? m : (Dictionary<string, object?>)(d[key] = new Dictionary<string, object?>());

    public static List<object?> List(this Dictionary<string, object?> d, string key) => (List<object?>)d[key]!;
}
