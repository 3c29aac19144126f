using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Runtime;

// Planning map, filter and transformList so they append to one list instead of copying the accumulator per element.
internal sealed partial class Planner
{
    /// <summary>map, filter and transformList: accu starts as [], each step is accu + [x] (maybe under a ternary), result is accu.</summary>
    private static bool IsListBuilding(ComprehensionExpr c) =>
        c.AccuInit is ListExpr { Elements.Count: 0 }
        && c.LoopCondition is ConstantExpr { Value: true }
        && c.Result is IdentExpr r && r.Name == c.AccuVar
        && IsAppendStep(c.LoopStep, c.AccuVar);

    private static bool IsAppendStep(Expr step, string accu) => step switch
    {
        CallExpr { Target: null, Function: Operators.Add, Args: [IdentExpr a, ListExpr { Elements: [var element], OptionalIndices.Count: 0 }] } =>
            a.Name == accu && !FreeVariables.Mentions(element, accu),
        CallExpr { Target: null, Function: Operators.Conditional, Args: [var cond, var then, IdentExpr otherwise] } =>
            otherwise.Name == accu && IsAppendStep(then, accu) && !FreeVariables.Mentions(cond, accu),
        _ => false,
    };

    private Interpretable PlanAppendStep(Expr step, string accu, int accuSlot) => step switch
    {
        CallExpr { Function: Operators.Add, Args: [_, ListExpr list] } => new AppendNode(accuSlot, Plan(list.Elements[0])),
        CallExpr { Function: Operators.Conditional, Args: [var cond, var then, var otherwise] } =>
            new ConditionalNode(Plan(cond), PlanAppendStep(then, accu, accuSlot), Plan(otherwise)),
        _ => Plan(step),
    };
}
