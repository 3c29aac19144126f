namespace PspReplacement.Cel.Parsing;

/// <summary>
/// A walk over an AST: <see cref="Visit"/> calls the method for the node's kind, and each of those visits the node's
/// children in source order unless overridden. Override a kind to look at it; call the base method to go on below it.
/// </summary>
public abstract class AstVisitor
{
    public virtual void Visit(Expr e)
    {
        switch (e)
        {
            case ConstantExpr c: VisitConstant(c); break;
            case IdentExpr i: VisitIdent(i); break;
            case SelectExpr s: VisitSelect(s); break;
            case CallExpr c: VisitCall(c); break;
            case ListExpr l: VisitList(l); break;
            case MapExpr m: VisitMap(m); break;
            case StructExpr s: VisitStruct(s); break;
            case ComprehensionExpr c: VisitComprehension(c); break;
            default: throw new ArgumentException($"an AST visitor cannot visit a {e.GetType().Name}");
        }
    }

    protected virtual void VisitConstant(ConstantExpr e) { }

    protected virtual void VisitIdent(IdentExpr e) { }

    protected virtual void VisitSelect(SelectExpr e) => Visit(e.Operand);

    protected virtual void VisitCall(CallExpr e)
    {
        if (e.Target is not null) Visit(e.Target);
        foreach (var a in e.Args) Visit(a);
    }

    protected virtual void VisitList(ListExpr e)
    {
        foreach (var element in e.Elements) Visit(element);
    }

    protected virtual void VisitMap(MapExpr e)
    {
        foreach (var entry in e.Entries)
        {
            Visit(entry.Key);
            Visit(entry.Value);
        }
    }

    protected virtual void VisitStruct(StructExpr e)
    {
        foreach (var field in e.Fields) Visit(field.Value);
    }

    protected virtual void VisitComprehension(ComprehensionExpr e)
    {
        Visit(e.IterRange);
        Visit(e.AccuInit);
        Visit(e.LoopCondition);
        Visit(e.LoopStep);
        Visit(e.Result);
    }
}

/// <summary>
/// A computation over an AST that gives a value per node: <see cref="Visit"/> calls the method for the node's kind;
/// every kind not overridden gives <see cref="DefaultVisit"/>. Children are visited only where an override does so.
/// </summary>
public abstract class AstVisitor<TResult>
{
    public virtual TResult Visit(Expr e) => e switch
    {
        ConstantExpr c => VisitConstant(c),
        IdentExpr i => VisitIdent(i),
        SelectExpr s => VisitSelect(s),
        CallExpr c => VisitCall(c),
        ListExpr l => VisitList(l),
        MapExpr m => VisitMap(m),
        StructExpr s => VisitStruct(s),
        ComprehensionExpr c => VisitComprehension(c),
        _ => DefaultVisit(e),
    };

    /// <summary>What a kind that is not overridden gives (also a node kind this visitor does not know).</summary>
    protected abstract TResult DefaultVisit(Expr e);

    protected virtual TResult VisitConstant(ConstantExpr e) => DefaultVisit(e);
    protected virtual TResult VisitIdent(IdentExpr e) => DefaultVisit(e);
    protected virtual TResult VisitSelect(SelectExpr e) => DefaultVisit(e);
    protected virtual TResult VisitCall(CallExpr e) => DefaultVisit(e);
    protected virtual TResult VisitList(ListExpr e) => DefaultVisit(e);
    protected virtual TResult VisitMap(MapExpr e) => DefaultVisit(e);
    protected virtual TResult VisitStruct(StructExpr e) => DefaultVisit(e);
    protected virtual TResult VisitComprehension(ComprehensionExpr e) => DefaultVisit(e);
}
