namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Rewrites an AST bottom-up, like Scriban's ScriptRewriter: each Visit returns the node to use in its place. By default
/// a node's children are visited and the node is rebuilt only when one of them changed; otherwise the very same
/// instance comes back, so a rewrite that changes nothing allocates nothing and callers can test
/// <c>ReferenceEquals(before, after)</c>. Nodes are immutable, so an unchanged subtree is shared by both trees.
/// </summary>
public abstract class AstRewriter : AstVisitor<Expr>
{
    protected override Expr DefaultVisit(Expr e) => throw new ArgumentException($"an AST rewriter cannot rewrite a {e.GetType().Name}");

    protected override Expr VisitConstant(ConstantExpr e) => e;

    protected override Expr VisitIdent(IdentExpr e) => e;

    protected override Expr VisitSelect(SelectExpr e) => e.Update(Visit(e.Operand));

    protected override Expr VisitCall(CallExpr e) => e.Update(e.Target is null ? null : Visit(e.Target), VisitAll(e.Args));

    protected override Expr VisitList(ListExpr e) => e.Update(VisitAll(e.Elements));

    protected override Expr VisitMap(MapExpr e)
    {
        MapEntry[]? changed = null;
        for (var i = 0; i < e.Entries.Count; i++)
        {
            var entry = e.Entries[i];
            var visited = entry.Update(Visit(entry.Key), Visit(entry.Value));
            if (!ReferenceEquals(visited, entry)) changed ??= CopyPrefix(e.Entries, i);
            if (changed is not null) changed[i] = visited;
        }
        return changed is null ? e : e.Update(changed);
    }

    protected override Expr VisitStruct(StructExpr e)
    {
        StructField[]? changed = null;
        for (var i = 0; i < e.Fields.Count; i++)
        {
            var field = e.Fields[i];
            var visited = field.Update(Visit(field.Value));
            if (!ReferenceEquals(visited, field)) changed ??= CopyPrefix(e.Fields, i);
            if (changed is not null) changed[i] = visited;
        }
        return changed is null ? e : e.Update(changed);
    }

    protected override Expr VisitComprehension(ComprehensionExpr e) =>
        e.Update(Visit(e.IterRange), Visit(e.AccuInit), Visit(e.LoopCondition), Visit(e.LoopStep), Visit(e.Result));

    /// <summary>The expressions each visited: the same list when none changed, else a new one.</summary>
    protected IReadOnlyList<Expr> VisitAll(IReadOnlyList<Expr> items)
    {
        Expr[]? changed = null;
        for (var i = 0; i < items.Count; i++)
        {
            var visited = Visit(items[i]);
            if (!ReferenceEquals(visited, items[i])) changed ??= CopyPrefix(items, i);
            if (changed is not null) changed[i] = visited;
        }
        return changed ?? items;
    }

    // Written out per list rather than through a delegate, which would allocate on every visit.
    private static T[] CopyPrefix<T>(IReadOnlyList<T> items, int count)
    {
        var copy = new T[items.Count];
        for (var j = 0; j < count; j++) copy[j] = items[j];
        return copy;
    }
}
