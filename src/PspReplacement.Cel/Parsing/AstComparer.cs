using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Structural equality of ASTs that ignores positions: two trees are equal when they have the same node kinds, names,
/// literal values (of the same type: 1 and 1u differ), children and comprehension macros.
/// </summary>
public sealed class AstComparer : IEqualityComparer<Expr>
{
    public static readonly AstComparer Instance = new();

    private AstComparer() { }

    public bool Equals(Expr? x, Expr? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        return (x, y) switch
        {
            (ConstantExpr a, ConstantExpr b) => a.Value.GetType() == b.Value.GetType() && a.Value.Equals(b.Value),
            (IdentExpr a, IdentExpr b) => a.Name == b.Name,
            (SelectExpr a, SelectExpr b) => a.Field == b.Field && a.TestOnly == b.TestOnly && Equals(a.Operand, b.Operand),
            (CallExpr a, CallExpr b) => a.Function == b.Function && Equals(a.Target, b.Target) && AllEqual(a.Args, b.Args),
            (ListExpr a, ListExpr b) => a.OptionalIndices.SequenceEqual(b.OptionalIndices) && AllEqual(a.Elements, b.Elements),
            (MapExpr a, MapExpr b) => a.Entries.Count == b.Entries.Count && a.Entries.Zip(b.Entries).All(p =>
                p.First.Optional == p.Second.Optional && Equals(p.First.Key, p.Second.Key) && Equals(p.First.Value, p.Second.Value)),
            (StructExpr a, StructExpr b) => a.TypeName == b.TypeName && a.Fields.Count == b.Fields.Count && a.Fields.Zip(b.Fields).All(p =>
                p.First.Name == p.Second.Name && p.First.Optional == p.Second.Optional && Equals(p.First.Value, p.Second.Value)),
            (ComprehensionExpr a, ComprehensionExpr b) =>
                a.IterVar == b.IterVar && a.IterVar2 == b.IterVar2 && a.AccuVar == b.AccuVar && a.Macro == b.Macro
                && Equals(a.IterRange, b.IterRange) && Equals(a.AccuInit, b.AccuInit) && Equals(a.LoopCondition, b.LoopCondition)
                && Equals(a.LoopStep, b.LoopStep) && Equals(a.Result, b.Result),
            _ => false,
        };
    }

    private bool AllEqual(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!Equals(a[i], b[i])) return false;
        return true;
    }

    /// <summary>A shallow hash (kind and name) that is consistent with <see cref="Equals(Expr, Expr)"/>.</summary>
    public int GetHashCode(Expr obj) => obj switch
    {
        ConstantExpr c => HashCode.Combine(1, c.Value is CelBytes ? 0 : c.Value.GetHashCode()),
        IdentExpr i => HashCode.Combine(2, i.Name),
        SelectExpr s => HashCode.Combine(3, s.Field, s.TestOnly),
        CallExpr c => HashCode.Combine(4, c.Function, c.Args.Count),
        ListExpr l => HashCode.Combine(5, l.Elements.Count),
        MapExpr m => HashCode.Combine(6, m.Entries.Count),
        StructExpr s => HashCode.Combine(7, s.TypeName),
        ComprehensionExpr c => HashCode.Combine(8, c.IterVar, c.Macro),
        _ => 0,
    };
}
