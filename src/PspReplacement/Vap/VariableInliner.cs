using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Cel.Parsing;

namespace PspReplacement.Vap;

/// <summary>
/// Before Kubernetes 1.28 a VAP has no spec.variables: each reference variables.NAME is replaced by the variable's own
/// expression, on the CEL AST (never by text substitution), and the result printed back with the unparser.
/// </summary>
public static class VariableInliner
{
    public static V1ValidatingAdmissionPolicySpec Inline(V1ValidatingAdmissionPolicySpec spec, string policyName)
    {
        var definitions = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var variable in spec.Variables ?? [])
            definitions[variable.Name] = Rewrite(Parse(variable.Expression, policyName, $"variable '{variable.Name}'"), definitions, policyName, []);

        string InlineText(string expression, string field)
        {
            var inlined = Rewrite(Parse(expression, policyName, field), definitions, policyName, []);
            return CelUnparser.Unparse(inlined);
        }

        return new V1ValidatingAdmissionPolicySpec
        {
            FailurePolicy = spec.FailurePolicy,
            MatchConstraints = spec.MatchConstraints,
            ParamKind = spec.ParamKind,
            MatchConditions = spec.MatchConditions?.Select((c, i) => new V1MatchCondition { Name = c.Name, Expression = InlineText(c.Expression, $"spec.matchConditions[{i}].expression") }).ToList(),
            Validations = spec.Validations?.Select((v, i) => new V1Validation
            {
                Expression = InlineText(v.Expression, $"spec.validations[{i}].expression"),
                Message = v.Message,
                MessageExpression = v.MessageExpression is null ? null : InlineText(v.MessageExpression, $"spec.validations[{i}].messageExpression"),
                Reason = v.Reason,
            }).ToList(),
            AuditAnnotations = spec.AuditAnnotations?.Select((a, i) => new V1AuditAnnotation { Key = a.Key, ValueExpression = InlineText(a.ValueExpression, $"spec.auditAnnotations[{i}].valueExpression") }).ToList(),
        };
    }

    private static Expr Parse(string expression, string policyName, string field)
    {
        try { return CelParser.Parse(expression); }
        catch (CelCompileException e)
        {
            var issue = e.Issues.FirstOrDefault();
            throw new InvalidInputException($"policy '{policyName}' {field}: {issue?.Message ?? e.Message} at column {issue?.Column ?? 0}; fix the expression");
        }
    }

    /// <summary>Replaces variables.NAME; refuses when a comprehension variable would capture a name the inlined expression uses.</summary>
    private static Expr Rewrite(Expr expr, IReadOnlyDictionary<string, Expr> variables, string policy, IReadOnlyList<string> bound)
    {
        Expr R(Expr e) => Rewrite(e, variables, policy, bound);
        switch (expr)
        {
            case SelectExpr { Operand: IdentExpr { Name: "variables" }, TestOnly: false } select when !bound.Contains("variables"):
                if (!variables.TryGetValue(select.Field, out var definition))
                    throw new InvalidInputException($"policy '{policy}' uses variables.{select.Field}, which is not defined before it; define it in spec.variables");
                foreach (var name in bound)
                    if (FreeVariables.Mentions(definition, name))
                        throw new InvalidInputException($"policy '{policy}': inlining variables.{select.Field} (Kubernetes < 1.28 has no spec.variables) would let the comprehension variable '{name}' capture it; rename the comprehension variable");
                return definition;
            case SelectExpr select:
                return new SelectExpr(R(select.Operand), select.Field, select.TestOnly, select.Position);
            case CallExpr call:
                return new CallExpr(call.Target is null ? null : R(call.Target), call.Function, call.Args.Select(R).ToList(), call.Position);
            case ListExpr list:
                return new ListExpr(list.Elements.Select(R).ToList(), list.OptionalIndices, list.Position);
            case MapExpr map:
                return new MapExpr(map.Entries.Select(e => new MapEntry(R(e.Key), R(e.Value), e.Optional, e.Position)).ToList(), map.Position);
            case StructExpr s:
                return new StructExpr(s.TypeName, s.Fields.Select(f => new StructField(f.Name, R(f.Value), f.Optional, f.Position)).ToList(), s.Position);
            case ComprehensionExpr c:
            {
                var inner = bound.Append(c.IterVar).Append(c.AccuVar).Concat(c.IterVar2 is null ? [] : [c.IterVar2]).ToList();
                Expr Inner(Expr e) => Rewrite(e, variables, policy, inner);
                return new ComprehensionExpr(c.IterVar, c.IterVar2, R(c.IterRange), c.AccuVar, R(c.AccuInit),
                    Inner(c.LoopCondition), Inner(c.LoopStep), Inner(c.Result), c.Macro, c.Position);
            }
            default:
                return expr;
        }
    }
}
