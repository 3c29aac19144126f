
namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Recognises the comprehension shapes that <see cref="MacroExpander"/> builds and gives back the macro call they came
/// from (name and arguments). Works from the shape, not from <see cref="ComprehensionExpr.Macro"/>, so a comprehension
/// whose sub-expressions were rewritten still prints as its macro; the recorded name only settles ties
/// (exists_one/existsOne, and map(x, p, x) which has the same shape as filter(x, p)).
/// </summary>
internal static class MacroShapes
{
    private const string MapInsert = "cel.@mapInsert";

    /// <summary>The macro call: its name, the receiver it is called on (null for cel.bind, a global call), and its arguments.</summary>
    public static (string Name, Expr? Target, IReadOnlyList<Expr> Args)? Recognise(ComprehensionExpr c)
    {
        if (c.IterVar == "#unused" && c.IterVar2 is null && c.IterRange is ListExpr { Elements.Count: 0 }
            && IsBool(c.LoopCondition, false) && IsIdent(c.LoopStep, c.AccuVar))
        {
            if (IsSortBy(c, out var keyArgs)) return ("sortBy", c.AccuInit, keyArgs);
            return ("cel.bind", null, [new IdentExpr(c.AccuVar), c.AccuInit, c.Result]);
        }
        return RecogniseLoop(c) is var (name, args) ? (name, c.IterRange, args) : null;
    }

    /// <summary>sortBy's binding: @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(x, key)) bound to the target.</summary>
    private static bool IsSortBy(ComprehensionExpr c, out IReadOnlyList<Expr> args)
    {
        args = [];
        if (c.AccuVar != MacroExpander.SortByInput
            || c.Result is not CallExpr { Target: IdentExpr input, Args: [ComprehensionExpr keys] } call
            || call.Function != MacroExpander.SortByAssociatedKeys || input.Name != MacroExpander.SortByInput
            || !IsIdent(keys.IterRange, MacroExpander.SortByInput)
            || RecogniseLoop(keys) is not ("map", { Count: 2 } mapArgs))
            return false;
        args = mapArgs;
        return true;
    }

    private static (string Name, IReadOnlyList<Expr> Args)? RecogniseLoop(ComprehensionExpr c)
    {
        if (c.AccuVar is not (Operators.AccumulatorName or "__result__")) return null;
        var accu = c.AccuVar;
        List<Expr> vars = c.IterVar2 is null ? [new IdentExpr(c.IterVar)] : [new IdentExpr(c.IterVar), new IdentExpr(c.IterVar2)];
        var twoVars = c.IterVar2 is not null;

        // all: true, @not_strictly_false(@result), @result && p, @result
        if (IsBool(c.AccuInit, true) && IsCall(c.LoopCondition, Operators.NotStrictlyFalse, 1, out var ca) && IsIdent(ca[0], accu)
            && IsCall(c.LoopStep, Operators.LogicalAnd, 2, out var sa) && IsIdent(sa[0], accu) && IsIdent(c.Result, accu))
            return ("all", [.. vars, sa[1]]);
        // exists: false, @not_strictly_false(!@result), @result || p, @result
        if (IsBool(c.AccuInit, false) && IsCall(c.LoopCondition, Operators.NotStrictlyFalse, 1, out var ce)
            && IsCall(ce[0], Operators.LogicalNot, 1, out var notArgs) && IsIdent(notArgs[0], accu)
            && IsCall(c.LoopStep, Operators.LogicalOr, 2, out var se) && IsIdent(se[0], accu) && IsIdent(c.Result, accu))
            return ("exists", [.. vars, se[1]]);
        // exists_one: 0, true, p ? @result + 1 : @result, @result == 1
        if (c.AccuInit is ConstantExpr { Value: 0L } && IsBool(c.LoopCondition, true)
            && IsCall(c.LoopStep, Operators.Conditional, 3, out var so) && IsCall(so[1], Operators.Add, 2, out var plus)
            && IsIdent(plus[0], accu) && plus[1] is ConstantExpr { Value: 1L } && IsIdent(so[2], accu)
            && IsCall(c.Result, Operators.Equal, 2, out var eq) && IsIdent(eq[0], accu) && eq[1] is ConstantExpr { Value: 1L })
            return (c.Macro is "existsOne" or "exists_one" ? c.Macro : twoVars ? "existsOne" : "exists_one", [.. vars, so[0]]);
        if (!IsBool(c.LoopCondition, true) || !IsIdent(c.Result, accu)) return null;

        var (filter, step) = IsCall(c.LoopStep, Operators.Conditional, 3, out var cond) && IsIdent(cond[2], accu)
            ? (cond[0], cond[1])
            : ((Expr?)null, c.LoopStep);
        if (c.AccuInit is ListExpr { Elements.Count: 0 } && IsCall(step, Operators.Add, 2, out var append) && IsIdent(append[0], accu)
            && append[1] is ListExpr { Elements.Count: 1, OptionalIndices.Count: 0 } single)
        {
            var element = single.Elements[0];
            if (twoVars) return ("transformList", filter is null ? [.. vars, element] : [.. vars, filter, element]);
            if (filter is not null && IsIdent(element, c.IterVar) && c.Macro != "map") return ("filter", [.. vars, filter]);
            return ("map", filter is null ? [.. vars, element] : [.. vars, filter, element]);
        }
        if (twoVars && c.AccuInit is MapExpr { Entries.Count: 0 } && (IsCall(step, MapInsert, 3, out var insert) || IsCall(step, MapInsert, 2, out insert)) && IsIdent(insert[0], accu))
        {
            if (insert.Count == 3 && IsIdent(insert[1], c.IterVar))
                return ("transformMap", filter is null ? [.. vars, insert[2]] : [.. vars, filter, insert[2]]);
            if (insert.Count == 2)
                return ("transformMapEntry", filter is null ? [.. vars, insert[1]] : [.. vars, filter, insert[1]]);
        }
        return null;
    }

    private static bool IsBool(Expr e, bool value) => e is ConstantExpr { Value: bool b } && b == value;
    private static bool IsIdent(Expr e, string name) => e is IdentExpr i && i.Name == name;

    private static bool IsCall(Expr e, string function, int arity, out IReadOnlyList<Expr> args)
    {
        if (e is CallExpr { Target: null } c && c.Function == function && c.Args.Count == arity)
        {
            args = c.Args;
            return true;
        }
        args = [];
        return false;
    }
}
