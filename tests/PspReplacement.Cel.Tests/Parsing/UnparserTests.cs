using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;
using Xunit.Abstractions;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>CelUnparser prints like cel-go's unparser, and what it prints parses back to the same tree.</summary>
public class UnparserTests(ITestOutputHelper output)
{
    private static string RoundTrip(string expression) => CelUnparser.Unparse(CelParser.Parse(expression));

    internal static void AssertRoundTrips(Expr ast, ParserOptions? options = null)
    {
        var text = CelUnparser.Unparse(ast);
        Expr again;
        try { again = CelParser.Parse(text, options); }
        catch (CelCompileException e) { throw new Xunit.Sdk.XunitException($"unparsed text does not parse: {text}\n{e.Message}"); }
        Assert.True(AstComparer.Instance.Equals(ast, again),
            $"round trip changed the tree\ntext:  {text}\nbefore: {AstDebugPrinter.ToDebugString(ast)}\nafter:  {AstDebugPrinter.ToDebugString(again)}");
    }

    [Theory]
    [InlineData("a + b * c", "a + b * c")]
    [InlineData("(a + b) * c", "(a + b) * c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("(a - b) - c", "a - b - c")]
    [InlineData("a / (b * c)", "a / (b * c)")]
    [InlineData("((a))", "a")]
    [InlineData("a ? b : c ? d : e", "a ? b : c ? d : e")]
    [InlineData("(a ? b : c) ? d : e", "(a ? b : c) ? d : e")]
    [InlineData("a ? (b ? c : d) : e", "a ? (b ? c : d) : e")]
    [InlineData("(a || b) ? c : d", "a || b ? c : d")]
    [InlineData("a || b && c", "a || b && c")]
    [InlineData("(a || b) && c", "(a || b) && c")]
    [InlineData("a || b || c || d", "a || b || c || d")]
    [InlineData("a || (b || c)", "a || (b || c)")]
    [InlineData("!(a && b)", "!(a && b)")]
    [InlineData("!a", "!a")]
    [InlineData("-(a + 1)", "-(a + 1)")]
    [InlineData("-(1)", "-(1)")]
    [InlineData("-(-a)", "-(-a)")]
    [InlineData("!(!a)", "!(!a)")]
    [InlineData("(a + b).c", "(a + b).c")]
    [InlineData("(-a).b", "(-a).b")]
    [InlineData("(a ? b : c)[0]", "(a ? b : c)[0]")]
    [InlineData("-a[0]", "-a[0]")]
    [InlineData("a.b.c(d, e)[f]", "a.b.c(d, e)[f]")]
    [InlineData("f(a, b + c)", "f(a, b + c)")]
    [InlineData("a in [1, 2] == true", "a in [1, 2] == true")]
    [InlineData("x < y == (z < w)", "x < y == (z < w)")]
    public void MinimalParentheses(string expression, string expected) => Assert.Equal(expected, RoundTrip(expression));

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("0xFFu", "255u")]
    [InlineData("1.0", "1.0")]
    [InlineData("1e6", "1e+06")]
    [InlineData("-2.5e-7", "-2.5e-07")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("'a\"b\\\\c\\n\\t'", "\"a\\\"b\\\\c\\n\\t\"")]
    [InlineData("'\\x00\\u00e9\\U0001F600'", "\"\\x00é\U0001F600\"")]
    [InlineData("r'\\d'", "\"\\\\d\"")]
    [InlineData("b'\\xff\\x00a\"'", "b\"\\xff\\x00a\\\"\"")]
    [InlineData("b'é'", "b\"\\xc3\\xa9\"")]
    public void LiteralsAreEscaped(string expression, string expected) => Assert.Equal(expected, RoundTrip(expression));

    [Theory]
    [InlineData("has(a.b)")]
    [InlineData("l.all(x, x > 0)")]
    [InlineData("l.exists(x, x > 0)")]
    [InlineData("l.exists_one(x, x > 0)")]
    [InlineData("l.existsOne(x, x > 0)")]
    [InlineData("l.map(x, x * 2)")]
    [InlineData("l.map(x, x > 0, x * 2)")]
    [InlineData("l.map(x, x > 0, x)")]
    [InlineData("l.filter(x, x > 0)")]
    [InlineData("m.all(k, v, k == v)")]
    [InlineData("m.exists(k, v, k == v)")]
    [InlineData("m.existsOne(k, v, k == v)")]
    [InlineData("l.transformList(i, v, i * v)")]
    [InlineData("l.transformList(i, v, i > 0, v)")]
    [InlineData("m.transformMap(k, v, v + 1)")]
    [InlineData("m.transformMap(k, v, k != \"a\", v + 1)")]
    [InlineData("m.transformMapEntry(k, v, {v: k})")]
    [InlineData("m.transformMapEntry(k, v, true, {v: k})")]
    [InlineData("o.optMap(x, x + 1)")]
    [InlineData("o.optFlatMap(x, optional.of(x))")]
    [InlineData("(a + b).all(x, x)")]
    [InlineData("object.spec.containers.all(c, c.ports.exists(p, p.containerPort == 80))")]
    [InlineData("a.?b.?c")]
    [InlineData("a[?0]")]
    [InlineData("[?a, b, ?c]")]
    [InlineData("{?\"k\": v, \"j\": w}")]
    [InlineData("Msg{?f: v, g: 1}")]
    [InlineData("a.`b-c`")]
    [InlineData("a.?`b.c`")]
    [InlineData("Msg{`in`: 1}")]
    [InlineData(".a.b")]
    [InlineData("a.b.C{f: [1, 2], g: {}}")]
    public void MacrosAndSyntaxFormsPrintBack(string expression) => Assert.Equal(expression, RoundTrip(expression));

    [Fact]
    public void BindPrintsBackWhenEnabled()
    {
        var options = ParserOptions.Default with { EnableBindMacro = true };
        Assert.Equal("cel.bind(x, 1, x + x)", CelUnparser.Unparse(CelParser.Parse("cel.bind(x, 1, x + x)", options)));
    }

    [Fact]
    public void ARewrittenMacroBodyStillPrintsAsTheMacro()
    {
        var all = Assert.IsType<ComprehensionExpr>(CelParser.Parse("l.all(x, x > 0)"));
        var step = Assert.IsType<CallExpr>(all.LoopStep);
        var rewritten = new ComprehensionExpr(all.IterVar, all.IterVar2, new IdentExpr("other"), all.AccuVar, all.AccuInit, all.LoopCondition,
            new CallExpr(null, step.Function, [step.Args[0], CelParser.Parse("x < 10")]), all.Result, macro: null);
        Assert.Equal("other.all(x, x < 10)", CelUnparser.Unparse(rewritten));
    }

    [Fact]
    public void ConstructedTreesThatCelCannotWriteAreRejected()
    {
        var notAMacro = new ComprehensionExpr("x", null, new IdentExpr("l"), "acc", new ConstantExpr(0L), new ConstantExpr(true),
            new IdentExpr("acc"), new IdentExpr("acc"), null);
        Assert.Contains("no macro form", Assert.Throws<ArgumentException>(() => CelUnparser.Unparse(notAMacro)).Message);
        var badField = new SelectExpr(new IdentExpr("a"), "b$c");
        Assert.Contains("cannot be written", Assert.Throws<ArgumentException>(() => CelUnparser.Unparse(badField)).Message);
    }

    [Fact]
    public void ConstructedTreesGetTheParenthesesTheyNeed()
    {
        // Right-nested && and a negated literal do not come out of the parser, but must print so they read back the same.
        var and = new CallExpr(null, Operators.LogicalAnd, [new IdentExpr("a"),
            new CallExpr(null, Operators.LogicalAnd, [new IdentExpr("b"), new IdentExpr("c")])]);
        AssertRoundTrips(and);
        var leftSpine = new CallExpr(null, Operators.LogicalOr, [
            new CallExpr(null, Operators.LogicalOr, [new CallExpr(null, Operators.LogicalOr, [new IdentExpr("a"), new IdentExpr("b")]), new IdentExpr("c")]),
            new IdentExpr("d")]);
        AssertRoundTrips(leftSpine);
        AssertRoundTrips(new CallExpr(null, Operators.Negate, [new ConstantExpr(-1L)]));
        AssertRoundTrips(new CallExpr(null, Operators.Negate, [new ConstantExpr(2.5)]));
        AssertRoundTrips(new CallExpr(null, Operators.LogicalNot, [new CallExpr(null, Operators.Negate, [new IdentExpr("a")])]));
        AssertRoundTrips(new SelectExpr(new IdentExpr("a"), "in"));
        AssertRoundTrips(new ConstantExpr(100000.0));
        AssertRoundTrips(new ConstantExpr(new CelBytes([0, 255, 34, 92])));
    }

    [Fact]
    public void NonFiniteDoublesPrintAsConversions()
    {
        Assert.Equal("double(\"NaN\")", CelUnparser.Unparse(new ConstantExpr(double.NaN)));
        Assert.Equal("double(\"-Infinity\")", CelUnparser.Unparse(new ConstantExpr(double.NegativeInfinity)));
    }

    [Fact]
    public void EverySpecExpressionThatParsesRoundTrips()
    {
        var options = ParserOptions.Default with { EnableBindMacro = true };
        var expressions = SpecData.Parsing().Concat(SpecData.Suite("conformance.json")).Concat(SpecData.Suite("comprehension.json"))
            .Select(c => c.Expr).Distinct().ToList();
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var expression in expressions)
        {
            Expr ast;
            try { ast = CelParser.Parse(expression, options); }
            catch (CelCompileException) { continue; }
            checkedCount++;
            try { AssertRoundTrips(ast, options); }
            catch (Exception e) { failures.Add($"{expression}\n  {e.Message}"); }
        }
        output.WriteLine($"round trip: {checkedCount} spec expressions, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(checkedCount > 2000, $"only {checkedCount} expressions parsed");
    }
}
