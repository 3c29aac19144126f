namespace PspReplacement.Cel.Parsing;

/// <summary>Questions about the identifiers an expression refers to, with comprehension scoping.</summary>
public static class FreeVariables
{
    /// <summary>
    /// Whether the expression refers to the free identifier <paramref name="name"/>. A comprehension that declares the
    /// same name (iteration or accumulator variable) hides the outer one in its loop and result, not in its range or init.
    /// </summary>
    public static bool Mentions(Expr expr, string name)
    {
        var finder = new Finder(name);
        finder.Visit(expr);
        return finder.Found;
    }

    /// <summary>Whether a comprehension declares the name, hiding an outer one in its loop condition, step and result.</summary>
    public static bool Declares(ComprehensionExpr c, string name) => c.IterVar == name || c.IterVar2 == name || c.AccuVar == name;

    private sealed class Finder(string name) : AstVisitor
    {
        public bool Found { get; private set; }

        public override void Visit(Expr e)
        {
            if (!Found) base.Visit(e);
        }

        protected override void VisitIdent(IdentExpr e) => Found |= e.Name == name;

        protected override void VisitComprehension(ComprehensionExpr e)
        {
            if (!Declares(e, name))
            {
                base.VisitComprehension(e);
                return;
            }
            Visit(e.IterRange);
            Visit(e.AccuInit);
        }
    }
}
