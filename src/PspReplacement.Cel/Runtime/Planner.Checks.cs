using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Runtime;

// The compile-time checks Kubernetes' environment makes on literals (this engine has no full type checker, so only
// what literals themselves reveal is checked): homogeneous aggregates, mixed numeric operands, literal validators.
internal sealed partial class Planner
{
    /// <summary>
    /// Literal elements of different types are a compile error in Kubernetes ([1, 'a'] must be written [dyn(1), 'a']).
    /// Without a type checker only the literals' own types are known, so only literal elements are compared.
    /// </summary>
    private void CheckHomogeneous(IReadOnlyList<Expr> elements)
    {
        CelType? first = null;
        foreach (var e in elements)
        {
            if (e is not ConstantExpr { Value: var v } || v is CelNull) continue;
            var t = CelValue.TypeOf(v);
            if (first is null) first = t;
            else if (!first.Equals(t)) Report(e, $"expected type '{first.Name}' but found '{t.Name}'");
        }
    }

    /// <summary>
    /// What cel-go's type checker rejects in literal operands: arithmetic mixing int, uint and double (CEL never converts
    /// implicitly), and before Kubernetes 1.28 ordering comparisons between numbers of different types.
    /// </summary>
    private void CheckLiteralOperands(CallExpr call, string fn, object left, object right)
    {
        if (left is not (long or ulong or double) || right is not (long or ulong or double) || left.GetType() == right.GetType()) return;
        var types = $"({CelValue.TypeOf(left).Name}, {CelValue.TypeOf(right).Name})";
        switch (fn)
        {
            case Operators.Add or Operators.Subtract or Operators.Multiply or Operators.Divide or Operators.Modulo:
                Report(call, $"found no matching overload for '{fn}' applied to '{types}'");
                break;
            case Operators.Less or Operators.LessEquals or Operators.Greater or Operators.GreaterEquals:
                if (features.Check(LanguageFeature.CrossTypeNumericComparisons) is { } problem)
                    Report(call, $"found no matching overload for '{fn}' applied to '{types}': {problem}");
                break;
        }
    }

    /// <summary>As cel-go's literal validators: only arguments written as literals are checked, not constant expressions.</summary>
    private void ValidateLiteralArguments(CallExpr call, string fn, IReadOnlyList<Expr> args)
    {
        switch (fn)
        {
            case "duration" or "timestamp" when args is [ConstantExpr { Value: string text }]:
                var value = fn == "duration" ? TimeValues.ParseDuration(text) : TimeValues.ParseTimestamp(text);
                if (value is CelError error) Report(call, $"invalid {fn} argument: {error.Message}");
                break;
            case "matches" when args is [_, ConstantExpr { Value: string pattern }]:
                if (Libraries.Re2.Validate(pattern) is { } problem) Report(call, $"invalid matches argument: {problem}");
                break;
        }
    }
}
