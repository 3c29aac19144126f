using PspReplacement.Cel.Parsing;
using static PspReplacement.Cel.Tests.Parsing.ParserTests;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>Macros expand to cel-go's comprehension shapes (parser/macro.go and ext/comprehensions.go).</summary>
public class MacroExpansionTests
{
    private static CelCompileException Rejects(string expression, ParserOptions? options = null) =>
        Assert.Throws<CelCompileException>(() => CelParser.Parse(expression, options));

    private static string Comprehension(string v, string? v2, string range, string init, string cond, string step, string result) =>
        "__comprehension__(// Variable" + v + "," + (v2 is null ? "" : "// Variable2" + v2 + ",") + "// Target" + range +
        ",// Accumulator@result,// Init" + init + ",// LoopCondition" + cond + ",// LoopStep" + step + ",// Result" + result + ")";

    [Fact]
    public void HasBecomesATestOnlySelect()
    {
        var select = Assert.IsType<SelectExpr>(CelParser.Parse("has(a.b.c)"));
        Assert.True(select.TestOnly);
        Assert.Equal("c", select.Field);
        Assert.Equal("a.b.c~test-only~", Parsed("has(a.b.c)"));
    }

    [Theory]
    [InlineData("has(a)", 5)]
    [InlineData("has(a[0])", 6)]
    [InlineData("has(a.?b)", 6)]
    public void HasNeedsAFieldSelection(string expression, int column)
    {
        var issue = Assert.Single(Rejects(expression).Issues);
        Assert.Equal(("invalid argument to has() macro", column), (issue.Message, issue.Column));
    }

    [Fact]
    public void HasWithOtherArgumentCountsIsAPlainCall() => Assert.Equal("has(a,b)", Parsed("has(a, b)"));

    [Fact]
    public void All() => Assert.Equal(
        Comprehension("x", null, "l", "true", "@not_strictly_false(@result)", "_&&_(@result,_>_(x,0))", "@result"),
        Parsed("l.all(x, x > 0)"));

    [Fact]
    public void Exists() => Assert.Equal(
        Comprehension("x", null, "l", "false", "@not_strictly_false(!_(@result))", "_||_(@result,_>_(x,0))", "@result"),
        Parsed("l.exists(x, x > 0)"));

    [Theory]
    [InlineData("exists_one")]
    [InlineData("existsOne")]
    public void ExistsOne(string name) => Assert.Equal(
        Comprehension("x", null, "l", "0", "true", "_?_:_(_>_(x,0),_+_(@result,1),@result)", "_==_(@result,1)"),
        Parsed($"l.{name}(x, x > 0)"));

    [Fact]
    public void MapWithTwoAndThreeArguments()
    {
        Assert.Equal(Comprehension("x", null, "l", "[]", "true", "_+_(@result,[_*_(x,2)])", "@result"), Parsed("l.map(x, x * 2)"));
        Assert.Equal(Comprehension("x", null, "l", "[]", "true", "_?_:_(_>_(x,0),_+_(@result,[_*_(x,2)]),@result)", "@result"),
            Parsed("l.map(x, x > 0, x * 2)"));
    }

    [Fact]
    public void Filter() => Assert.Equal(
        Comprehension("x", null, "l", "[]", "true", "_?_:_(_>_(x,0),_+_(@result,[x]),@result)", "@result"),
        Parsed("l.filter(x, x > 0)"));

    [Fact]
    public void ComprehensionsRememberTheirMacro()
    {
        foreach (var (expression, macro) in new[] { ("l.all(x, x)", "all"), ("l.exists(x, x)", "exists"), ("l.exists_one(x, x)", "exists_one"),
                     ("l.map(x, x)", "map"), ("l.filter(x, x)", "filter"), ("m.transformMap(k, v, v)", "transformMap") })
            Assert.Equal(macro, Assert.IsType<ComprehensionExpr>(CelParser.Parse(expression)).Macro);
    }

    [Fact]
    public void MacroPositionIsTheOpeningParenthesis() =>
        Assert.Equal(new SourcePosition(9, 1, 10), CelParser.Parse("items.all(x, x)").Position);

    [Fact]
    public void TwoVariableQuantifiers()
    {
        Assert.Equal(Comprehension("k", "v", "m", "true", "@not_strictly_false(@result)", "_&&_(@result,_==_(k,v))", "@result"),
            Parsed("m.all(k, v, k == v)"));
        Assert.Equal(Comprehension("k", "v", "m", "false", "@not_strictly_false(!_(@result))", "_||_(@result,_==_(k,v))", "@result"),
            Parsed("m.exists(k, v, k == v)"));
        Assert.Equal(Comprehension("k", "v", "m", "0", "true", "_?_:_(_==_(k,v),_+_(@result,1),@result)", "_==_(@result,1)"),
            Parsed("m.existsOne(k, v, k == v)"));
    }

    [Fact]
    public void TwoVariableTransforms()
    {
        Assert.Equal(Comprehension("i", "v", "l", "[]", "true", "_+_(@result,[_*_(i,v)])", "@result"),
            Parsed("l.transformList(i, v, i * v)"));
        Assert.Equal(Comprehension("i", "v", "l", "[]", "true", "_?_:_(_>_(i,0),_+_(@result,[v]),@result)", "@result"),
            Parsed("l.transformList(i, v, i > 0, v)"));
        Assert.Equal(Comprehension("k", "v", "m", "{}", "true", "cel.@mapInsert(@result,k,_+_(v,1))", "@result"),
            Parsed("m.transformMap(k, v, v + 1)"));
        Assert.Equal(Comprehension("k", "v", "m", "{}", "true", "_?_:_(f,cel.@mapInsert(@result,k,v),@result)", "@result"),
            Parsed("m.transformMap(k, v, f, v)"));
        Assert.Equal(Comprehension("k", "v", "m", "{}", "true", "cel.@mapInsert(@result,{v:k})", "@result"),
            Parsed("m.transformMapEntry(k, v, {v: k})"));
    }

    [Fact]
    public void TwoVariableMacrosCanBeSwitchedOff()
    {
        var off = ParserOptions.Default with { EnableTwoVariableComprehensions = false };
        Assert.Equal("m.all(k,v,p)", Parsed("m.all(k, v, p)", off));
        Assert.Equal("m.transformMap(k,v,v)", Parsed("m.transformMap(k, v, v)", off));
    }

    [Theory]
    [InlineData("l.all(1, x)", "argument must be a simple name", 7)]
    [InlineData("l.exists(a.b, x)", "argument must be a simple name", 11)]
    [InlineData("l.map(f(x), x)", "argument is not an identifier", 8)] // a call is placed at its (
    [InlineData("l.filter(1, x)", "argument is not an identifier", 10)]
    [InlineData("l.all(@result, x)", null, 0)]
    [InlineData("l.all(__result__, x)", "iteration variable overwrites accumulator variable", 7)]
    [InlineData("m.all(k, k, true)", "duplicate variable name: k", 10)]
    [InlineData("m.all(k, 1, true)", "argument must be a simple name", 10)]
    [InlineData("m.transformMap(__result__, v, v)", "iteration variable overwrites accumulator variable", 16)]
    public void MacroArgumentErrorsAreWordedLikeCelGo(string expression, string? message, int column)
    {
        var e = Rejects(expression);
        if (message is null) return; // '@' is not a CEL character: a syntax error is enough
        var issue = Assert.Single(e.Issues);
        Assert.Equal((message, column), (issue.Message, issue.Column));
    }

    [Fact]
    public void BindIsExpandedOnlyWhenEnabled()
    {
        Assert.Equal("cel.bind(x,1,_+_(x,x))", Parsed("cel.bind(x, 1, x + x)"));
        var bound = Parsed("cel.bind(x, 1, x + x)", ParserOptions.Default with { EnableBindMacro = true });
        Assert.Equal("__comprehension__(// Variable#unused,// Target[],// Accumulatorx,// Init1,// LoopConditionfalse,// LoopStepx,// Result_+_(x,x))", bound);
    }

    [Fact]
    public void OptMapExpandsLikeCelGo() => Assert.Equal(
        "_?_:_(o.hasValue(),optional.of(__comprehension__(// Variable#unused,// Target[],// Accumulatorx,// Inito.value(),// LoopConditionfalse,// LoopStepx,// Result_+_(x,1))),optional.none())",
        Parsed("o.optMap(x, x + 1)"));

    [Fact]
    public void NestedMacrosExpandInsideOut() => Assert.Equal(
        Comprehension("c", null, "object.spec.containers", "true", "@not_strictly_false(@result)",
            "_&&_(@result," + Comprehension("p", null, "c.ports", "false", "@not_strictly_false(!_(@result))", "_||_(@result,_==_(p,80))", "@result") + ")",
            "@result"),
        Parsed("object.spec.containers.all(c, c.ports.exists(p, p == 80))"));
}
