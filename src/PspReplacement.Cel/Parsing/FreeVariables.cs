namespace PspReplacement.Cel.Parsing;

/// <summary>Questions about the identifiers an expression refers to, with comprehension scoping.</summary>
public static class FreeVariables
{
    /// <summary>
    /// Whether the expression refers to the free identifier <paramref name="name"/>. A comprehension that declares the
    /// same name (iteration or accumulator variable) hides the outer one in its loop and result, not in its range or init.
    /// </summary>
    public static bool Mentions(Expr expr, string name) => expr switch
    {
        IdentExpr ident => ident.Name == name,
        SelectExpr s => Mentions(s.Operand, name),
        CallExpr c => (c.Target is not null && Mentions(c.Target, name)) || c.Args.Any(a => Mentions(a, name)),
        ListExpr l => l.Elements.Any(e => Mentions(e, name)),
        MapExpr m => m.Entries.Any(e => Mentions(e.Key, name) || Mentions(e.Value, name)),
        StructExpr s => s.Fields.Any(f => Mentions(f.Value, name)),
        ComprehensionExpr c => Mentions(c.IterRange, name) || Mentions(c.AccuInit, name)
            || (c.IterVar != name && c.AccuVar != name && c.IterVar2 != name
                && (Mentions(c.LoopCondition, name) || Mentions(c.LoopStep, name) || Mentions(c.Result, name))),
        _ => false,
    };
}
