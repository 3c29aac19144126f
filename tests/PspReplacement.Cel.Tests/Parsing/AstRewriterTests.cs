using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>AstRewriter rebuilds only what changed and reaches every child, comprehension bodies included.</summary>
public class AstRewriterTests
{
    /// <summary>Renames one identifier; leaves everything else to the base class.</summary>
    private sealed class Rename(string from, string to) : AstRewriter
    {
        protected override Expr VisitIdent(IdentExpr e) => e.Name == from ? new IdentExpr(to, e.Position) : e;
    }

    private sealed class Identity : AstRewriter;

    [Theory]
    [InlineData("a.b.c(d, [1, ?e], {f: g, ?'h': i})")]
    [InlineData("object.spec.containers.all(c, has(c.securityContext) && c.securityContext.privileged == false)")]
    [InlineData("m.transformMap(k, v, v > 0, v * 2)")]
    [InlineData("x.?y.orValue(z) ? p.Msg{f: 1} : -q")]
    public void Returns_the_same_instance_when_nothing_changes(string expression)
    {
        var ast = CelParser.Parse(expression);
        Assert.Same(ast, new Identity().Visit(ast));
        Assert.Same(ast, new Rename("nowhere", "else").Visit(ast));
    }

    [Fact]
    public void Rewrites_nested_nodes_and_shares_the_untouched_ones()
    {
        var ast = (CallExpr)CelParser.Parse("f(a.b, [a], {a: 1}, other.x)");
        var rewritten = (CallExpr)new Rename("a", "z").Visit(ast);
        Assert.Equal("f(z.b, [z], {z: 1}, other.x)", CelUnparser.Unparse(rewritten));
        Assert.Same(ast.Args[3], rewritten.Args[3]);
        Assert.Equal("f(a.b, [a], {a: 1}, other.x)", CelUnparser.Unparse(ast));
    }

    [Fact]
    public void Rewrites_comprehension_bodies()
    {
        var ast = CelParser.Parse("xs.all(x, x in allowed) && ys.exists_one(y, y == allowed[0])");
        var rewritten = new Rename("allowed", "permitted").Visit(ast);
        Assert.Equal("xs.all(x, x in permitted) && ys.exists_one(y, y == permitted[0])", CelUnparser.Unparse(rewritten));
        var comprehension = Assert.IsType<ComprehensionExpr>(((CallExpr)rewritten).Args[0]);
        Assert.Equal("all", comprehension.Macro);
    }

    [Fact]
    public void The_visitor_reaches_every_identifier_comprehension_parts_in_cel_go_order()
    {
        var names = new Collector();
        names.Visit(CelParser.Parse("a.f(b, [c], {d: e}).map(x, x + g)"));
        // map(x, x + g): range, init [], condition true, step @result + [x + g], result @result.
        Assert.Equal(["a", "b", "c", "d", "e", "@result", "x", "g", "@result"], names.Names);
    }

    private sealed class Collector : AstVisitor
    {
        public List<string> Names { get; } = [];
        protected override void VisitIdent(IdentExpr e) => Names.Add(e.Name);
    }

    [Theory]
    [InlineData("x + y", "y", true)]
    [InlineData("xs.all(y, y > 0)", "y", false)]
    [InlineData("y.all(y, y > 0)", "y", true)]
    [InlineData("xs.map(x, x + y)", "y", true)]
    public void FreeVariables_respects_comprehension_scopes(string expression, string name, bool mentioned) =>
        Assert.Equal(mentioned, FreeVariables.Mentions(CelParser.Parse(expression), name));
}
