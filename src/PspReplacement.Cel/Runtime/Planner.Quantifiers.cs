using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Runtime;

// Planning all and exists (one or two variables) as a direct loop over the predicate, instead of the general fold that
// evaluates the loop condition and the accumulator step through nodes per element. Same results, errors included.
// Shapes are recognised structurally, so a hand-built comprehension of the same form qualifies too.
internal sealed partial class Planner
{
    /// <summary>all and exists as the macros expand them (see <see cref="MacroShapes"/>), when the predicate does not read the accumulator.</summary>
    private static bool IsQuantifier(ComprehensionExpr c, out bool isAll, out Expr predicate)
    {
        isAll = false;
        predicate = null!;
        if (MacroShapes.Recognise(c) is not (var name and ("all" or "exists"), _, [.., var p]) || FreeVariables.Mentions(p, c.AccuVar)) return false;
        isAll = name == "all";
        predicate = p;
        return true;
    }
}

/// <summary>
/// <c>range.all(x, p)</c> / <c>range.exists(x, p)</c> (and the two-variable forms): the accumulator is combined with each
/// predicate value exactly as <c>accu &amp;&amp; p</c> / <c>accu || p</c> would, stopping once it is decided, so an error
/// is the result only when no element decides it (false for all, true for exists).
/// </summary>
internal sealed class QuantifierNode(Interpretable range, int iterSlot, int iter2Slot, Interpretable predicate, bool isAll) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var r = range.Eval(frame);
        if (r is CelError) return r;
        if (Iteration.CannotIterate(r) is { } error) return error;
        var slots = frame.Slots;
        object accu = isAll ? CelValue.True : CelValue.False;
        if (r is ICelMap map)
        {
            foreach (var (k, v) in map)
            {
                if (EvaluationLimits.Iterate(frame)) return EvaluationLimits.Exceeded;
                Iteration.BindEntry(slots, iterSlot, iter2Slot, k, v);
                accu = Combine(accu, predicate.Eval(frame));
                if (accu is bool b && b != isAll) return accu;
            }
            return accu;
        }
        var list = (IReadOnlyList<object>)r;
        for (var i = 0; i < list.Count; i++)
        {
            if (EvaluationLimits.Iterate(frame)) return EvaluationLimits.Exceeded;
            Iteration.BindElement(slots, iterSlot, iter2Slot, i, list[i]);
            accu = Combine(accu, predicate.Eval(frame));
            if (accu is bool b && b != isAll) return accu;
        }
        return accu;
    }

    /// <summary><c>accu &amp;&amp; p</c> or <c>accu || p</c> where accu is undecided (the neutral bool or an error).</summary>
    private object Combine(object accu, object p) => isAll ? AndNode.Combine(accu, p) : OrNode.Combine(accu, p);
}
