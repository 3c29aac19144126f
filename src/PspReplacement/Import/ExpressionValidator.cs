using k8s.Models;
using PspReplacement.Cel;

namespace PspReplacement.Import;

/// <summary>
/// Compiles every expression of an imported spec with the CEL environment of the target Kubernetes version, so a
/// policy that the API server would reject (unknown function, Kyverno-only library, syntax) is reported, not written.
/// </summary>
internal sealed class ExpressionValidator(KubernetesVersion version)
{
    private static readonly string[] VapVariables = ["object", "oldObject", "request", "namespaceObject", "params", "variables", "authorizer"];

    private readonly Lazy<CelEnvironment> environment = new(() => CelEnvironment.ForKubernetes(version, VapVariables));

    public KubernetesVersion Version => version;

    /// <summary>Every expression that does not compile, described with where it is in the spec.</summary>
    public IReadOnlyList<string> Check(V1ValidatingAdmissionPolicySpec spec)
    {
        var problems = new List<string>();
        void Check(string where, string? expression, bool required = true)
        {
            if (string.IsNullOrWhiteSpace(expression))
            {
                if (required) problems.Add($"{where} is empty; the API server requires it");
                return;
            }
            try { environment.Value.Compile(expression); }
            catch (CelCompileException e)
            {
                problems.Add($"{where} does not compile for Kubernetes {version}: {OneLine(e.Message)}");
            }
        }
        foreach (var name in (spec.MatchConditions ?? []).Select(c => c.Name).Concat((spec.Variables ?? []).Select(v => v.Name)))
            if (string.IsNullOrWhiteSpace(name)) problems.Add("a matchCondition or variable has no name; the API server requires one");
        foreach (var c in spec.MatchConditions ?? []) Check($"matchCondition '{c.Name}'", c.Expression);
        foreach (var v in spec.Variables ?? []) Check($"variable '{v.Name}'", v.Expression);
        var i = 0;
        foreach (var v in spec.Validations ?? [])
        {
            i++;
            Check($"validation {i} expression", v.Expression);
            Check($"validation {i} messageExpression", v.MessageExpression, required: false);
        }
        foreach (var a in spec.AuditAnnotations ?? []) Check($"auditAnnotation '{a.Key}'", a.ValueExpression);
        return problems;
    }

    // The engine's message repeats the expression with a caret below it; the report keeps the first line, which has the position.
    private static string OneLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
}
