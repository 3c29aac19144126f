using System.Runtime.CompilerServices;
using PspReplacement.Cel;
using PspReplacement.Cel.Runtime;
using PspReplacement.Manifests;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Autogen;

/// <summary>
/// Runs one rendered form with the CEL engine the way the apiserver would for a request it matched: matchConditions
/// (all must be true), then variables in order, then validations. Errors fail the test: these forms must never error.
/// </summary>
internal static class FormEvaluator
{
    private static readonly CelEnvironment Env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse("1.30"));

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

    public static Outcome Run(PolicyForm form, Dictionary<string, object?> obj, Dictionary<string, object?>? oldObj, Dictionary<string, object?> request)
    {
        var values = new Dictionary<string, object>
        {
            ["object"] = CelValue.FromPlain(obj),
            ["oldObject"] = oldObj is null ? CelNull.Value : CelValue.FromPlain(oldObj),
            ["request"] = CelValue.FromPlain(request),
            ["namespaceObject"] = CelNull.Value,
        };
        foreach (var condition in form.Spec.MatchConditions ?? [])
            if (!Equals(Evaluate(condition.Expression, values), true))
                return new(false, []);
        var variables = new Dictionary<string, object?>();
        values["variables"] = CelValue.FromPlain(variables);
        foreach (var v in form.Spec.Variables ?? [])
        {
            variables[v.Name] = Evaluate(v.Expression, values);
            values["variables"] = CelValue.FromPlain(variables);
        }
        var failures = new List<string>();
        foreach (var validation in form.Spec.Validations ?? [])
        {
            if (Equals(Evaluate(validation.Expression, values), true)) continue;
            failures.Add(validation.MessageExpression is { } m ? (string)Evaluate(m, values) : validation.Message ?? validation.Expression);
        }
        return new(true, failures);
    }

    public static Dictionary<string, object?> Fixture(string name, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "..", "testdata", "autogen", name);
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
