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
            a.Name == accu && !Mentions(element, accu),
        CallExpr { Target: null, Function: Operators.Conditional, Args: [var cond, var then, IdentExpr otherwise] } =>
            otherwise.Name == accu && IsAppendStep(then, accu) && !Mentions(cond, accu),
        _ => false,
    };

    private static bool Mentions(Expr e, string name) => e switch
    {
        IdentExpr id => id.Name == name,
        SelectExpr s => Mentions(s.Operand, name),
        CallExpr call => (call.Target is not null && Mentions(call.Target, name)) || call.Args.Any(a => Mentions(a, name)),
        ListExpr l => l.Elements.Any(x => Mentions(x, name)),
        MapExpr m => m.Entries.Any(en => Mentions(en.Key, name) || Mentions(en.Value, name)),
        // A nested comprehension that declares the same name hides the outer one in its loop and result.
        ComprehensionExpr c => Mentions(c.IterRange, name) || Mentions(c.AccuInit, name)
            || (c.AccuVar != name && c.IterVar != name && c.IterVar2 != name
                && (Mentions(c.LoopCondition, name) || Mentions(c.LoopStep, name) || Mentions(c.Result, name))),
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
