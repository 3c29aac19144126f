using k8s.Models;
using PspReplacement.Cel;

namespace PspReplacement.Admission;

/// <summary>A validation with its programs: the rule, and the optional messageExpression.</summary>
public sealed record CompiledValidation(int Index, string Expression, CelProgram Program, string? Message, string? MessageExpression, CelProgram? MessageProgram, string? Reason);

public sealed record CompiledVariable(string Name, string Expression, CelProgram Program);

public sealed record CompiledMatchCondition(string Name, string Expression, CelProgram Program);

public sealed record CompiledAuditAnnotation(string Key, string ValueExpression, CelProgram Program);

/// <summary>
/// A ValidatingAdmissionPolicy with every expression compiled once for one Kubernetes version; evaluated for every
/// request afterwards (programs are thread-safe). Compile errors are input errors: the apiserver refuses to store
/// a policy whose expressions do not compile, so such a policy can never be in force.
/// </summary>
public sealed class CompiledPolicy
{
    /// <summary>The names a VAP's expressions may use.</summary>
    public static readonly string[] VariableNames = ["object", "oldObject", "request", "namespaceObject", "params", "variables", "authorizer", "authorizer.requestResource"];

    private CompiledPolicy(V1ValidatingAdmissionPolicy policy) => Policy = policy;

    public V1ValidatingAdmissionPolicy Policy { get; }
    public string Name => Policy.Metadata?.Name ?? "";
    /// <summary>Fail (the default) or Ignore.</summary>
    public string FailurePolicy => Policy.Spec?.FailurePolicy ?? "Fail";
    public bool IgnoresFailures => FailurePolicy == "Ignore";
    public IReadOnlyList<CompiledMatchCondition> MatchConditions { get; private set; } = [];
    public IReadOnlyList<CompiledVariable> Variables { get; private set; } = [];
    public IReadOnlyList<CompiledValidation> Validations { get; private set; } = [];
    public IReadOnlyList<CompiledAuditAnnotation> AuditAnnotations { get; private set; } = [];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<KubernetesVersion, CelEnvironment> Environments = new();

    public static CelEnvironment EnvironmentFor(KubernetesVersion version) =>
        Environments.GetOrAdd(version, v => CelEnvironment.ForKubernetes(v, VariableNames));

    /// <summary>Compiles every expression of the policy; throws InvalidInputException listing each expression that does not compile.</summary>
    public static CompiledPolicy Compile(V1ValidatingAdmissionPolicy policy, KubernetesVersion version, string? origin = null)
    {
        var env = EnvironmentFor(version);
        var compiled = new CompiledPolicy(policy);
        var problems = new List<string>();
        var where = origin is null ? $"ValidatingAdmissionPolicy '{compiled.Name}'" : $"{origin}: ValidatingAdmissionPolicy '{compiled.Name}'";
        CelProgram? Compile(string? expression, string field)
        {
            if (string.IsNullOrWhiteSpace(expression)) { problems.Add($"{where}: {field} is empty; give a CEL expression"); return null; }
            try { return env.Compile(expression); }
            catch (CelCompileException e) { problems.Add($"{where}: {field} does not compile for Kubernetes {version}: {e.Message}"); return null; }
        }

        var spec = policy.Spec ?? new V1ValidatingAdmissionPolicySpec();
        if (spec.FailurePolicy is not (null or "Fail" or "Ignore"))
            problems.Add($"{where}: failurePolicy '{spec.FailurePolicy}' is not Fail or Ignore");
        compiled.MatchConditions = (spec.MatchConditions ?? []).Select((c, i) => (c, p: Compile(c.Expression, $"matchConditions[{i}] ('{c.Name}')")))
            .Where(x => x.p is not null).Select(x => new CompiledMatchCondition(x.c.Name, x.c.Expression, x.p!)).ToList();
        compiled.Variables = (spec.Variables ?? []).Select((v, i) => (v, p: Compile(v.Expression, $"variables[{i}] ('{v.Name}')")))
            .Where(x => x.p is not null).Select(x => new CompiledVariable(x.v.Name, x.v.Expression, x.p!)).ToList();
        compiled.Validations = (spec.Validations ?? []).Select((v, i) =>
        {
            var program = Compile(v.Expression, $"validations[{i}].expression");
            var message = string.IsNullOrEmpty(v.MessageExpression) ? null : Compile(v.MessageExpression, $"validations[{i}].messageExpression");
            return program is null ? null : new CompiledValidation(i, v.Expression, program, v.Message, v.MessageExpression, message, v.Reason);
        }).OfType<CompiledValidation>().ToList();
        compiled.AuditAnnotations = (spec.AuditAnnotations ?? []).Select((a, i) => (a, p: Compile(a.ValueExpression, $"auditAnnotations[{i}] ('{a.Key}')")))
            .Where(x => x.p is not null).Select(x => new CompiledAuditAnnotation(x.a.Key, x.a.ValueExpression, x.p!)).ToList();
        if ((spec.Validations?.Count ?? 0) == 0 && (spec.AuditAnnotations?.Count ?? 0) == 0)
            problems.Add($"{where}: has neither validations nor auditAnnotations; the apiserver requires at least one");
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return compiled;
    }
}
