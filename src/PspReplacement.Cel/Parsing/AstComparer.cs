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

    public bool Equals(Expr? x, Expr? y) => new Pairwise().Same(x, y);

    /// <summary>Visits the left tree with the node it is compared to at hand; one instance per comparison, so it is thread-safe.</summary>
    private sealed class Pairwise : AstVisitor<bool>
    {
        private Expr _other = null!;

        public bool Same(Expr? x, Expr? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null) return false;
            var outer = _other;
            _other = y;
            try { return Visit(x); }
            finally { _other = outer; }
        }

        private bool AllSame(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
        {
            if (a.Count != b.Count) return false;
            for (var i = 0; i < a.Count; i++)
                if (!Same(a[i], b[i])) return false;
            return true;
        }

        protected override bool DefaultVisit(Expr e) => false;

        protected override bool VisitConstant(ConstantExpr a) =>
            _other is ConstantExpr b && a.Value.GetType() == b.Value.GetType() && a.Value.Equals(b.Value);

        protected override bool VisitIdent(IdentExpr a) => _other is IdentExpr b && a.Name == b.Name;

        protected override bool VisitSelect(SelectExpr a) =>
            _other is SelectExpr b && a.Field == b.Field && a.TestOnly == b.TestOnly && Same(a.Operand, b.Operand);

        protected override bool VisitCall(CallExpr a) =>
            _other is CallExpr b && a.Function == b.Function && Same(a.Target, b.Target) && AllSame(a.Args, b.Args);

        protected override bool VisitList(ListExpr a) =>
            _other is ListExpr b && a.OptionalIndices.SequenceEqual(b.OptionalIndices) && AllSame(a.Elements, b.Elements);

        protected override bool VisitMap(MapExpr a)
        {
            if (_other is not MapExpr b || a.Entries.Count != b.Entries.Count) return false;
            for (var i = 0; i < a.Entries.Count; i++)
            {
                var (x, y) = (a.Entries[i], b.Entries[i]);
                if (x.Optional != y.Optional || !Same(x.Key, y.Key) || !Same(x.Value, y.Value)) return false;
            }
            return true;
        }

        protected override bool VisitStruct(StructExpr a)
        {
            if (_other is not StructExpr b || a.TypeName != b.TypeName || a.Fields.Count != b.Fields.Count) return false;
            for (var i = 0; i < a.Fields.Count; i++)
            {
                var (x, y) = (a.Fields[i], b.Fields[i]);
                if (x.Name != y.Name || x.Optional != y.Optional || !Same(x.Value, y.Value)) return false;
            }
            return true;
        }

        protected override bool VisitComprehension(ComprehensionExpr a) =>
            _other is ComprehensionExpr b
            && a.IterVar == b.IterVar && a.IterVar2 == b.IterVar2 && a.AccuVar == b.AccuVar && a.Macro == b.Macro
            && Same(a.IterRange, b.IterRange) && Same(a.AccuInit, b.AccuInit) && Same(a.LoopCondition, b.LoopCondition)
            && Same(a.LoopStep, b.LoopStep) && Same(a.Result, b.Result);
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
