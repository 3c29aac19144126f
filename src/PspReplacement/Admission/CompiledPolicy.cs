using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Vap;

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
    private CompiledPolicy(V1ValidatingAdmissionPolicy policy) => Policy = policy;

    public V1ValidatingAdmissionPolicy Policy { get; }
    public string Name => Policy.Metadata?.Name ?? "";
    /// <summary>The base rule and add-back, when this is an add-back's replacement policy.</summary>
    public Rendering.Bindings.Relaxation? Relaxes => Rendering.Bindings.Relaxation.Of(Policy.Metadata?.Annotations);
    /// <summary>Fail (the default) or Ignore.</summary>
    public string FailurePolicy => Policy.Spec?.FailurePolicy ?? "Fail";
    public bool IgnoresFailures => FailurePolicy == "Ignore";
    public IReadOnlyList<CompiledMatchCondition> MatchConditions { get; private set; } = [];
    public IReadOnlyList<CompiledVariable> Variables { get; private set; } = [];
    public IReadOnlyList<CompiledValidation> Validations { get; private set; } = [];
    public IReadOnlyList<CompiledAuditAnnotation> AuditAnnotations { get; private set; } = [];

    /// <summary>Compiles every expression of the policy; throws InvalidInputException listing each expression that does not compile.</summary>
    public static CompiledPolicy Compile(V1ValidatingAdmissionPolicy policy, KubernetesVersion version, string? origin = null)
    {
        var compiled = new CompiledPolicy(policy);
        var problems = new List<string>();
        var where = origin is null ? $"ValidatingAdmissionPolicy '{compiled.Name}'" : $"{origin}: ValidatingAdmissionPolicy '{compiled.Name}'";
        var spec = policy.Spec ?? new V1ValidatingAdmissionPolicySpec();
        if (spec.FailurePolicy is not (null or "Fail" or "Ignore"))
            problems.Add($"{where}: failurePolicy '{spec.FailurePolicy}' is not Fail or Ignore");

        var programs = new Dictionary<(ExpressionField, int), CelProgram>();
        foreach (var expression in VapCompiler.CompileAll(spec, version))
        {
            if (expression.Program is { } program) programs[(expression.Source.Field, expression.Source.Index)] = program;
            else problems.Add($"{where}: {expression.Source.Describe()} {expression.Problem}");
        }
        CelProgram? Program(ExpressionField field, int index) => programs.GetValueOrDefault((field, index));

        compiled.MatchConditions = (spec.MatchConditions ?? []).Select((c, i) => (c, p: Program(ExpressionField.MatchCondition, i)))
            .Where(x => x.p is not null).Select(x => new CompiledMatchCondition(x.c.Name, x.c.Expression, x.p!)).ToList();
        compiled.Variables = (spec.Variables ?? []).Select((v, i) => (v, p: Program(ExpressionField.Variable, i)))
            .Where(x => x.p is not null).Select(x => new CompiledVariable(x.v.Name, x.v.Expression, x.p!)).ToList();
        compiled.Validations = (spec.Validations ?? []).Select((v, i) =>
            Program(ExpressionField.Validation, i) is { } program
                ? new CompiledValidation(i, v.Expression, program, v.Message, v.MessageExpression, Program(ExpressionField.MessageExpression, i), v.Reason)
                : null).OfType<CompiledValidation>().ToList();
        compiled.AuditAnnotations = (spec.AuditAnnotations ?? []).Select((a, i) => (a, p: Program(ExpressionField.AuditAnnotation, i)))
            .Where(x => x.p is not null).Select(x => new CompiledAuditAnnotation(x.a.Key, x.a.ValueExpression, x.p!)).ToList();
        if ((spec.Validations?.Count ?? 0) == 0 && (spec.AuditAnnotations?.Count ?? 0) == 0)
            problems.Add($"{where}: has neither validations nor auditAnnotations; the apiserver requires at least one");
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return compiled;
    }
}
