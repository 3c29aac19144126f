using k8s.Models;
using PspReplacement.Cel;

namespace PspReplacement.Vap;

/// <summary>The fields of a ValidatingAdmissionPolicy spec that hold CEL.</summary>
public enum ExpressionField { MatchCondition, Variable, Validation, MessageExpression, AuditAnnotation }

/// <summary>One CEL expression of a VAP spec: which field, its index there, the name or key it carries, and its text.</summary>
public sealed record VapExpression(ExpressionField Field, int Index, string? Name, string? Expression)
{
    /// <summary>The field's path in the object, as kubectl and the apiserver's errors name it.</summary>
    public string Path => Field switch
    {
        ExpressionField.MatchCondition => $"spec.matchConditions[{Index}].expression",
        ExpressionField.Variable => $"spec.variables[{Index}].expression",
        ExpressionField.Validation => $"spec.validations[{Index}].expression",
        ExpressionField.MessageExpression => $"spec.validations[{Index}].messageExpression",
        _ => $"spec.auditAnnotations[{Index}].valueExpression",
    };

    /// <summary>The path with the name or key of the entry, for messages without a line and column.</summary>
    public string Describe() => Name is null ? Path : $"{Path} ('{Name}')";

    /// <summary>
    /// Every expression of a spec in the order the apiserver compiles them. An empty messageExpression is unset (the
    /// apiserver compiles it only when given); every other field is required, so an empty one is listed and fails to compile.
    /// </summary>
    public static IEnumerable<VapExpression> Of(V1ValidatingAdmissionPolicySpec spec)
    {
        foreach (var (c, i) in (spec.MatchConditions ?? []).Select((c, i) => (c, i))) yield return new(ExpressionField.MatchCondition, i, c?.Name, c?.Expression);
        foreach (var (v, i) in (spec.Variables ?? []).Select((v, i) => (v, i))) yield return new(ExpressionField.Variable, i, v?.Name, v?.Expression);
        foreach (var (v, i) in (spec.Validations ?? []).Select((v, i) => (v, i)))
        {
            // A null entry is what the apiserver decodes as the zero value: no expression, which is then required.
            yield return new(ExpressionField.Validation, i, null, v?.Expression);
            if (!string.IsNullOrEmpty(v?.MessageExpression)) yield return new(ExpressionField.MessageExpression, i, null, v.MessageExpression);
        }
        foreach (var (a, i) in (spec.AuditAnnotations ?? []).Select((a, i) => (a, i))) yield return new(ExpressionField.AuditAnnotation, i, a?.Key, a?.ValueExpression);
    }
}

/// <summary>
/// An expression compiled for a Kubernetes version: its program, or what is wrong with it. Problem is the phrase that
/// follows the field in a message ("is empty; ...", "does not compile for Kubernetes 1.30: ..."); Issues carry line and column.
/// </summary>
public sealed record CompiledExpression(VapExpression Source, CelProgram? Program, string? Problem, IReadOnlyList<CelIssue> Issues);

/// <summary>
/// Compiles VAP expressions the way a kube-apiserver of one version does: one CEL environment per version, declared with
/// the variables that version offers. render, check, test and import all compile through here.
/// </summary>
public static class VapCompiler
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<KubernetesVersion, CelEnvironment> Environments = new();

    public static CelEnvironment Environment(KubernetesVersion version) =>
        Environments.GetOrAdd(version, v => CelEnvironment.ForKubernetes(v, KubernetesApi.ExpressionVariables(v)));

    public static CompiledExpression Compile(VapExpression expression, KubernetesVersion version)
    {
        if (string.IsNullOrWhiteSpace(expression.Expression))
            return new(expression, null, "is empty; the apiserver requires a CEL expression", []);
        try { return new(expression, Environment(version).Compile(expression.Expression), null, []); }
        catch (CelCompileException e) { return new(expression, null, $"does not compile for Kubernetes {version}: {e.Message}", e.Issues); }
    }

    /// <summary>Every expression of a spec, compiled.</summary>
    public static IReadOnlyList<CompiledExpression> CompileAll(V1ValidatingAdmissionPolicySpec spec, KubernetesVersion version) =>
        VapExpression.Of(spec).Select(e => Compile(e, version)).ToList();
}
