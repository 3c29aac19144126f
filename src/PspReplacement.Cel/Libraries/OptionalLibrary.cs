using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-go's optional types (Kubernetes 1.28+): optional.of/none/ofNonZeroValue, hasValue, value, orValue, or,
/// optional.unwrap. orValue, or, optMap and optFlatMap only evaluate their argument when needed, so their
/// <see cref="MemberPlanner"/> plans them as nodes of their own; their overloads here declare them and serve calls
/// that planner does not specialise. The syntax a.?b and a[?i] is planned by <see cref="SyntaxPlanner"/>.
/// </summary>
public sealed class OptionalLibrary : ICelLibrary
{
    public static readonly OptionalLibrary Instance = new();
    private static readonly CelError NoneDereference = new("optional.none() dereference");

    public string Name => "optional";

    public IEnumerable<CelType> Types => [CelType.Optional];

    IEnumerable<ICallPlanner> ICelLibrary.CallPlanners => [MemberPlanner.Instance];

    /// <summary>
    /// a.?b and a[?i]. Every environment plans them, with or without this library: the parser accepts the syntax
    /// everywhere, and the feature gate then says which Kubernetes version has it (instead of an unknown function).
    /// </summary>
    internal sealed class SyntaxPlanner : ICallPlanner
    {
        public static readonly SyntaxPlanner Instance = new();

        public IEnumerable<string> Functions => [Operators.OptionalSelect, Operators.OptionalIndex];

        public Interpretable Plan(CallExpr call, Planner planner, Func<Interpretable> next)
        {
            if (call is not { Target: null, Args: [var operand, var second] }) return next();
            planner.RequireFeature(call, LanguageFeature.OptionalSyntax);
            if (call.Function == Operators.OptionalSelect)
                return second is ConstantExpr { Value: string field }
                    ? new OptionalSelectNode(planner.Plan(operand), field)
                    : planner.Fail(call, "optional selection needs a field name");
            var o = planner.Plan(operand);
            var index = planner.Plan(second);
            return Planner.Fold(new OptionalIndexNode(o, index), [o, index]);
        }
    }

    /// <summary>The lazy members: only evaluate the argument when the optional is empty (or, for optMap, has a value).</summary>
    private sealed class MemberPlanner : ICallPlanner
    {
        public static readonly MemberPlanner Instance = new();

        public IEnumerable<string> Functions => ["orValue", "or", "optMap", "optFlatMap"];

        public Interpretable Plan(CallExpr call, Planner planner, Func<Interpretable> next)
        {
            switch (call)
            {
                case { Target: { } target, Function: "orValue", Args: [var fallback] }:
                    return PlanOrValue(planner, target, fallback);
                case { Target: { } target, Function: "or", Args: [var other] }:
                    return new OptionalOrNode(planner.Plan(target), planner.Plan(other));
                case { Target: { } target, Function: "optMap" or "optFlatMap", Args: [IdentExpr v, var body] }:
                {
                    var operand = planner.Plan(target);
                    var (slot, planned) = planner.PlanInScope(v.Name, body);
                    return new OptionalMapNode(operand, slot, planned, flat: call.Function == "optFlatMap");
                }
                default:
                    return next();
            }
        }

        /// <summary>a.?b.?c.orValue(x) as one walk down the fields, without an optional per step.</summary>
        private static Interpretable PlanOrValue(Planner planner, Expr target, Expr fallbackExpr)
        {
            var fields = new List<string>();
            var root = target;
            while (root is CallExpr { Target: null, Function: Operators.OptionalSelect, Args: [var inner, ConstantExpr { Value: string f }] })
            {
                fields.Add(f);
                root = inner;
            }
            var fallback = planner.Plan(fallbackExpr);
            if (fields.Count == 0) return new OrValueNode(planner.Plan(target), fallback);
            planner.RequireFeature(target, LanguageFeature.OptionalSyntax);
            fields.Reverse();
            return new OptionalChainOrValueNode(planner.Plan(root), [.. fields], fallback);
        }
    }

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var opt = CelType.Optional;
            var dyn = CelType.Dyn;
            yield return Overload.Of("optional_of", "optional.of", false, dyn, v => CelOptional.Of(v));
            yield return Overload.OfN("optional_none", "optional.none", false, [], _ => CelOptional.None);
            yield return Overload.Of("optional_ofNonZeroValue", "optional.ofNonZeroValue", false, dyn, v => IsZero(v) ? CelOptional.None : CelOptional.Of(v));
            yield return Overload.Of("optional_hasValue", "hasValue", true, opt, v => CelValue.Bool(((CelOptional)v).HasValue));
            yield return Overload.Of("optional_value", "value", true, opt, v => v is CelOptional { HasValue: true } o ? o.Value : NoneDereference);
            yield return Overload.Of("optional_orValue_value", "orValue", true, opt, dyn, (v, other) => ((CelOptional)v) is { HasValue: true } o ? o.Value : other);
            yield return Overload.Of("optional_or_optional", "or", true, opt, opt, (v, other) => ((CelOptional)v).HasValue ? v : other);
            yield return Overload.Of("optional_unwrap", "optional.unwrap", false, CelType.List, Unwrap);
            yield return Overload.Of("optional_unwrapOpt", "unwrapOpt", true, CelType.List, Unwrap);
        }
    }

    private static object Unwrap(object v)
    {
        var list = (IReadOnlyList<object>)v;
        var values = new List<object>(list.Count);
        foreach (var item in list)
        {
            if (item is not CelOptional o) return CelErrors.NoSuchOverload("optional.unwrap", item);
            if (o.HasValue) values.Add(o.Value);
        }
        return values.ToArray();
    }

    /// <summary>The zero value of its type: null, false, 0, 0u, 0.0, "", b"", [], {}, duration 0, the epoch, optional.none().</summary>
    internal static bool IsZero(object v) => v switch
    {
        CelNull => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        CelBytes b => b.Length == 0,
        ICelMap m => m.Count == 0,
        IReadOnlyList<object> l => l.Count == 0,
        CelDuration d => d.Seconds == 0 && d.Nanos == 0,
        CelTimestamp t => t.Seconds == 0 && t.Nanos == 0,
        CelOptional o => !o.HasValue,
        _ => false,
    };
}
