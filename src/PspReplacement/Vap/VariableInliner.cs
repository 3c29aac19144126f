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
            definitions[variable.Name] = new Inliner(definitions, policyName).Visit(Parse(variable.Expression, policyName, $"variable '{variable.Name}'"));

        string InlineText(string expression, string field)
        {
            var inlined = new Inliner(definitions, policyName).Visit(Parse(expression, policyName, field));
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
    private sealed class Inliner(IReadOnlyDictionary<string, Expr> variables, string policy) : AstRewriter
    {
        /// <summary>The comprehension variables in scope where the walk is, innermost last.</summary>
        private readonly List<string> _bound = [];

        protected override Expr VisitSelect(SelectExpr select)
        {
            if (select is not { Operand: IdentExpr { Name: "variables" }, TestOnly: false } || _bound.Contains("variables"))
                return base.VisitSelect(select);
            if (!variables.TryGetValue(select.Field, out var definition))
                throw new InvalidInputException($"policy '{policy}' uses variables.{select.Field}, which is not defined before it; define it in spec.variables");
            foreach (var name in _bound)
                if (FreeVariables.Mentions(definition, name))
                    throw new InvalidInputException($"policy '{policy}': inlining variables.{select.Field} (Kubernetes < 1.28 has no spec.variables) would let the comprehension variable '{name}' capture it; rename the comprehension variable");
            return definition;
        }

        protected override Expr VisitComprehension(ComprehensionExpr c)
        {
            var range = Visit(c.IterRange);
            var init = Visit(c.AccuInit);
            var mark = _bound.Count;
            _bound.Add(c.IterVar);
            _bound.Add(c.AccuVar);
            if (c.IterVar2 is not null) _bound.Add(c.IterVar2);
            try { return c.Update(range, init, Visit(c.LoopCondition), Visit(c.LoopStep), Visit(c.Result)); }
            finally { _bound.RemoveRange(mark, _bound.Count - mark); }
        }
    }
}
