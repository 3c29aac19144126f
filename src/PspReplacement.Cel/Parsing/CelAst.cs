using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Builds CEL expressions as trees, shaped exactly as <see cref="CelParser"/> would parse their text (operators as calls
/// with cel-go's names, &amp;&amp;/|| chains balanced, macros expanded), so code that writes CEL never glues strings:
/// values from user input can only ever be literals, and <see cref="CelUnparser"/> decides the parentheses.
/// </summary>
public static class CelAst
{
    public static IdentExpr Ident(string name) => new(name);

    public static SelectExpr Select(Expr operand, string field) => new(operand, field);

    /// <summary>A dotted path such as <c>object.metadata.name</c>: an identifier and field selections.</summary>
    public static Expr Path(string dotted)
    {
        var parts = dotted.Split('.');
        Expr e = Ident(parts[0]);
        for (var i = 1; i < parts.Length; i++) e = Select(e, parts[i]);
        return e;
    }

    /// <summary><c>has(operand.field)</c>.</summary>
    public static SelectExpr Has(Expr operand, string field) => new(operand, field, testOnly: true);

    /// <summary>A global function call <c>function(args)</c>.</summary>
    public static CallExpr Call(string function, params Expr[] args) => new(null, function, args);

    /// <summary>A receiver call <c>target.function(args)</c>.</summary>
    public static CallExpr Member(Expr target, string function, params Expr[] args) => new(target, function, args);

    public static ConstantExpr Literal(string value) => new(value);
    public static ConstantExpr Literal(long value) => new(value);
    public static ConstantExpr Literal(bool value) => new(CelValue.Bool(value));

    public static ListExpr List(IEnumerable<Expr> elements) => new([.. elements], []);
    public static ListExpr List(params Expr[] elements) => new(elements, []);
    public static ListExpr StringList(IEnumerable<string> values) => List(values.Select(v => (Expr)Literal(v)));

    public static CallExpr Equal(Expr left, Expr right) => Call(Operators.Equal, left, right);

    /// <summary><c>element in container</c>.</summary>
    public static CallExpr In(Expr element, Expr container) => Call(Operators.In, element, container);

    /// <summary><c>operand[index]</c>.</summary>
    public static CallExpr Index(Expr operand, Expr index) => Call(Operators.Index, operand, index);

    public static CallExpr Not(Expr operand) => Call(Operators.LogicalNot, operand);

    /// <summary>Every term: <c>true</c> for none, the term itself for one. Terms that are chains themselves join the chain.</summary>
    public static Expr And(IEnumerable<Expr> terms) => Chain(Operators.LogicalAnd, terms, CelValue.True);
    public static Expr And(params Expr[] terms) => And((IEnumerable<Expr>)terms);

    /// <summary>Any term: <c>false</c> for none, the term itself for one. Terms that are chains themselves join the chain.</summary>
    public static Expr Or(IEnumerable<Expr> terms) => Chain(Operators.LogicalOr, terms, CelValue.False);
    public static Expr Or(params Expr[] terms) => Or((IEnumerable<Expr>)terms);

    /// <summary><c>range.all(variable, predicate)</c>, expanded as the parser expands the macro.</summary>
    public static ComprehensionExpr All(Expr range, string variable, Expr predicate) => MacroExpander.Quantifier("all", range, variable, predicate);

    /// <summary><c>range.exists(variable, predicate)</c>, expanded as the parser expands the macro.</summary>
    public static ComprehensionExpr Exists(Expr range, string variable, Expr predicate) => MacroExpander.Quantifier("exists", range, variable, predicate);

    /// <summary>Whether the expression is the literal <c>true</c> (e.g. an <see cref="And(Expr[])"/> of nothing).</summary>
    public static bool IsTrue(Expr e) => e is ConstantExpr { Value: true };

    /// <summary>The expression as text, with strings in single quotes as CEL is written in YAML.</summary>
    public static string Print(Expr e) => CelUnparser.Unparse(e, UnparserOptions.SingleQuoted);

    private static Expr Chain(string function, IEnumerable<Expr> terms, object empty)
    {
        var flat = new List<Expr>();
        foreach (var term in terms) Flatten(term, function, flat);
        return flat.Count == 0 ? new ConstantExpr(empty) : Balance(flat, function, 0, flat.Count - 1);
    }

    private static void Flatten(Expr e, string function, List<Expr> into)
    {
        if (e is CallExpr { Target: null, Args: [var left, var right] } call && call.Function == function)
        {
            Flatten(left, function, into);
            Flatten(right, function, into);
        }
        else
        {
            into.Add(e);
        }
    }

    /// <summary>
    /// The parser's balanced tree for terms[lo..hi]: Parser.Balance splits at operator (lo + (hi - 1) + 1) / 2, the
    /// operator between terms[mid] and terms[mid + 1], so the unparser prints the chain without parentheses.
    /// </summary>
    private static Expr Balance(List<Expr> terms, string function, int lo, int hi)
    {
        if (lo == hi) return terms[lo];
        var mid = (lo + hi) / 2;
        return Call(function, Balance(terms, function, lo, mid), Balance(terms, function, mid + 1, hi));
    }
}
