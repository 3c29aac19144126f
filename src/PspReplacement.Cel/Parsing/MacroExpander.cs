using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Expands cel-go's macros into comprehensions exactly as cel-go does (accumulator <c>@result</c>): has, all, exists,
/// exists_one/existsOne, map (2 and 3 arguments), filter; the two-variable comprehensions of cel-go's ext library
/// (all, exists, existsOne with two variables, transformList, transformMap, transformMapEntry); and the optional
/// library's optMap and optFlatMap. Errors are worded like cel-go and point at the offending argument.
/// </summary>
internal sealed class MacroExpander(ParserOptions options, Action<Expr, string> reportError)
{
    /// <summary>cel-go still rejects the legacy accumulator name as an iteration variable.</summary>
    private const string LegacyAccumulator = "__result__";
    private const string HasValue = "hasValue", Value = "value", OptionalOf = "optional.of", OptionalNone = "optional.none";
    private const string MapInsert = "cel.@mapInsert", UnusedIterVar = "#unused";
    internal const string SortByInput = "@__sortBy_input__", SortByAssociatedKeys = "@sortByAssociatedKeys";

    /// <summary>The expansion, or null when (function, receiver style, argument count) is not a macro. Errors give an error node.</summary>
    public Expr? TryExpand(string function, Expr? target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode)
    {
        // cel.bind(v, init, body) is written like a receiver call on the identifier cel.
        if (target is IdentExpr { Name: "cel" } && function == "bind" && args.Count == 3 && options.EnableBindMacro)
            return Bind(args, at, errorNode);
        if (target is null)
        {
            if (function == "has" && args.Count == 1)
            {
                if (args[0] is SelectExpr { TestOnly: false } s) return new SelectExpr(s.Operand, s.Field, testOnly: true, at);
                reportError(args[0], "invalid argument to has() macro");
                return errorNode(at);
            }
            return null;
        }
        switch (function, args.Count)
        {
            case ("all", 2): return Quantifier(function, target, args, at, errorNode, Kind.All);
            case ("exists", 2): return Quantifier(function, target, args, at, errorNode, Kind.Exists);
            case ("exists_one" or "existsOne", 2): return Quantifier(function, target, args, at, errorNode, Kind.ExistsOne);
            case ("map", 2 or 3): return Map(target, args, at, errorNode);
            case ("filter", 2): return Filter(target, args, at, errorNode);
            case ("optMap" or "optFlatMap", 2) when options.EnableOptionalSyntax: return OptionalMap(function, target, args, at, errorNode);
            case ("sortBy", 2) when options.EnableSortByMacro: return SortBy(target, args, at, errorNode);
        }
        if (!options.EnableTwoVariableComprehensions) return null;
        return (function, args.Count) switch
        {
            ("all", 3) => TwoVar(function, target, args, at, errorNode, Kind.All),
            ("exists", 3) => TwoVar(function, target, args, at, errorNode, Kind.Exists),
            ("existsOne" or "exists_one", 3) => TwoVar(function, target, args, at, errorNode, Kind.ExistsOne),
            ("transformList", 3 or 4) => TwoVar(function, target, args, at, errorNode, Kind.TransformList),
            ("transformMap", 3 or 4) => TwoVar(function, target, args, at, errorNode, Kind.TransformMap),
            ("transformMapEntry", 3 or 4) => TwoVar(function, target, args, at, errorNode, Kind.TransformMapEntry),
            _ => null,
        };
    }

    private enum Kind { All, Exists, ExistsOne, TransformList, TransformMap, TransformMapEntry }

    private static Expr Accu(SourcePosition at) => new IdentExpr(Operators.AccumulatorName, at);
    private static Expr Call(string fn, SourcePosition at, params Expr[] args) => new CallExpr(null, fn, args, at);
    private static Expr Const(object v, SourcePosition at) => new ConstantExpr(v, at);

    private bool IterVar(Expr arg, string notIdentMessage, out string name)
    {
        name = "";
        if (arg is not IdentExpr id) { reportError(arg, notIdentMessage); return false; }
        if (id.Name is LegacyAccumulator or Operators.AccumulatorName)
        {
            reportError(arg, "iteration variable overwrites accumulator variable");
            return false;
        }
        name = id.Name;
        return true;
    }

    private Expr Quantifier(string fn, Expr target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode, Kind kind)
    {
        if (!IterVar(args[0], "argument must be a simple name", out var v)) return errorNode(at);
        return Quantifier(fn, kind, target, v, args[1], at);
    }

    /// <summary>all, exists or exists_one over one variable, exactly as the parser expands <c>target.fn(v, predicate)</c>.</summary>
    internal static ComprehensionExpr Quantifier(string fn, Expr target, string iterVar, Expr predicate, SourcePosition at = default) =>
        Quantifier(fn, fn switch
        {
            "all" => Kind.All,
            "exists" => Kind.Exists,
            "exists_one" or "existsOne" => Kind.ExistsOne,
            _ => throw new ArgumentException($"'{fn}' is not a quantifier macro (all, exists, exists_one)", nameof(fn)),
        }, target, iterVar, predicate, at);

    private static ComprehensionExpr Quantifier(string fn, Kind kind, Expr target, string iterVar, Expr predicate, SourcePosition at)
    {
        var (init, cond, step, result) = QuantifierParts(kind, predicate, at);
        return new ComprehensionExpr(iterVar, null, target, Operators.AccumulatorName, init, cond, step, result, fn, at);
    }

    private static (Expr Init, Expr Cond, Expr Step, Expr Result) QuantifierParts(Kind kind, Expr predicate, SourcePosition at) => kind switch
    {
        Kind.All => (Const(CelValue.True, at), Call(Operators.NotStrictlyFalse, at, Accu(at)),
            Call(Operators.LogicalAnd, at, Accu(at), predicate), Accu(at)),
        Kind.Exists => (Const(CelValue.False, at), Call(Operators.NotStrictlyFalse, at, Call(Operators.LogicalNot, at, Accu(at))),
            Call(Operators.LogicalOr, at, Accu(at), predicate), Accu(at)),
        _ => (Const(0L, at), Const(CelValue.True, at),
            Call(Operators.Conditional, at, predicate, Call(Operators.Add, at, Accu(at), Const(1L, at)), Accu(at)),
            Call(Operators.Equal, at, Accu(at), Const(1L, at))),
    };

    private Expr Map(Expr target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode)
    {
        if (!IterVar(args[0], "argument is not an identifier", out var v)) return errorNode(at);
        var transform = args[^1];
        Expr step = Call(Operators.Add, at, Accu(at), new ListExpr([transform], [], at));
        if (args.Count == 3) step = Call(Operators.Conditional, at, args[1], step, Accu(at));
        return new ComprehensionExpr(v, null, target, Operators.AccumulatorName, new ListExpr([], [], at),
            Const(CelValue.True, at), step, Accu(at), "map", at);
    }

    private Expr Filter(Expr target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode)
    {
        if (!IterVar(args[0], "argument is not an identifier", out var v)) return errorNode(at);
        var step = Call(Operators.Conditional, at, args[1],
            Call(Operators.Add, at, Accu(at), new ListExpr([new IdentExpr(v, args[0].Position)], [], at)), Accu(at));
        return new ComprehensionExpr(v, null, target, Operators.AccumulatorName, new ListExpr([], [], at),
            Const(CelValue.True, at), step, Accu(at), "filter", at);
    }

    private Expr TwoVar(string fn, Expr target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode, Kind kind)
    {
        if (args[0] is not IdentExpr first) { reportError(args[0], "argument must be a simple name"); return errorNode(at); }
        if (args[1] is not IdentExpr second) { reportError(args[1], "argument must be a simple name"); return errorNode(at); }
        if (first.Name == second.Name) { reportError(args[1], $"duplicate variable name: {first.Name}"); return errorNode(at); }
        if (first.Name is LegacyAccumulator or Operators.AccumulatorName) { reportError(args[0], "iteration variable overwrites accumulator variable"); return errorNode(at); }
        if (second.Name is LegacyAccumulator or Operators.AccumulatorName) { reportError(args[1], "iteration variable overwrites accumulator variable"); return errorNode(at); }
        Expr init, cond, step, result;
        switch (kind)
        {
            case Kind.All or Kind.Exists or Kind.ExistsOne:
                (init, cond, step, result) = QuantifierParts(kind, args[2], at);
                break;
            default:
                init = kind == Kind.TransformList ? new ListExpr([], [], at) : new MapExpr([], at);
                cond = Const(CelValue.True, at);
                var transform = args[^1];
                step = kind switch
                {
                    Kind.TransformList => Call(Operators.Add, at, Accu(at), new ListExpr([transform], [], at)),
                    Kind.TransformMap => Call(MapInsert, at, Accu(at), new IdentExpr(first.Name, first.Position), transform),
                    _ => Call(MapInsert, at, Accu(at), transform),
                };
                if (args.Count == 4) step = Call(Operators.Conditional, at, args[2], step, Accu(at));
                result = Accu(at);
                break;
        }
        return new ComprehensionExpr(first.Name, second.Name, target, Operators.AccumulatorName, init, cond, step, result, fn, at);
    }

    private Expr Bind(IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode)
    {
        if (args[0] is not IdentExpr v)
        {
            reportError(args[0], "cel.bind() variable names must be simple identifiers");
            return errorNode(at);
        }
        return new ComprehensionExpr(UnusedIterVar, null, new ListExpr([], [], at), v.Name, args[1],
            Const(CelValue.False, at), new IdentExpr(v.Name, at), args[2], "cel.bind", at);
    }

    /// <summary>
    /// cel-go's sortBy: <c>cel.bind(@__sortBy_input__, target, @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(x, key)))</c>,
    /// so the target is evaluated once and the keys are computed in list order.
    /// </summary>
    private Expr SortBy(Expr target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode)
    {
        if (target is not (ListExpr or SelectExpr or IdentExpr or ComprehensionExpr or CallExpr))
        {
            reportError(target, "sortBy can only be applied to a list, identifier, comprehension, call or select expression");
            return errorNode(at);
        }
        var keys = Map(new IdentExpr(SortByInput, at), args, at, errorNode);
        if (keys is not ComprehensionExpr) return keys;
        var sorted = new CallExpr(new IdentExpr(SortByInput, at), SortByAssociatedKeys, [keys], at);
        return new ComprehensionExpr(UnusedIterVar, null, new ListExpr([], [], at), SortByInput, target,
            Const(CelValue.False, at), new IdentExpr(SortByInput, at), sorted, "sortBy", at);
    }

    private Expr OptionalMap(string fn, Expr target, IReadOnlyList<Expr> args, SourcePosition at, Func<SourcePosition, Expr> errorNode)
    {
        if (args[0] is not IdentExpr v)
        {
            reportError(args[0], $"{fn}() variable name must be a simple identifier");
            return errorNode(at);
        }
        // target.hasValue() ? [optional.of](<comprehension binding v to target.value() with result args[1]>) : optional.none()
        Expr body = new ComprehensionExpr(UnusedIterVar, null, new ListExpr([], [], at), v.Name,
            new CallExpr(target, Value, [], at), Const(CelValue.False, at), new IdentExpr(v.Name, at), args[1], fn, at);
        if (fn == "optMap") body = Call(OptionalOf, at, body);
        return Call(Operators.Conditional, at, new CallExpr(target, HasValue, [], at), body, Call(OptionalNone, at));
    }
}
