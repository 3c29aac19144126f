using PspReplacement.Cel.Parsing;
using static PspReplacement.Cel.Parsing.CelAst;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>CelAst builds the trees the parser would build, so what it builds prints as expected and parses back equal.</summary>
public class CelAstTests
{
    public static TheoryData<string, Expr> Cases() => new()
    {
        { "request.namespace == \"team-a\"", Equal(Path("request.namespace"), Literal("team-a")) },
        { "request.operation in [\"CREATE\", \"UPDATE\"]", In(Path("request.operation"), StringList(["CREATE", "UPDATE"])) },
        { "a && b && c && d && e", And(Ident("a"), And(Ident("b"), Ident("c")), Ident("d"), Ident("e")) },
        { "(a || b) && c", And(Or(Ident("a"), Ident("b")), Ident("c")) },
        { "a && b || c", Or(And(Ident("a"), Ident("b")), Ident("c")) },
        { "!(a || b)", Not(Or(Ident("a"), Ident("b"))) },
        { "!(x == 1)", Not(Equal(Ident("x"), Literal(1))) },
        { "!has(object.spec.runtimeClassName)", Not(Has(Path("object.spec"), "runtimeClassName")) },
        { "f(x) in g(y)", In(Call("f", Ident("x")), Call("g", Ident("y"))) },
        { "!(f(x) in [1])", Not(In(Call("f", Ident("x")), List(Literal(1)))) },
        { "labels[\"app\"].matches(\"^web-.*$\")", Member(Index(Ident("labels"), Literal("app")), "matches", Literal("^web-.*$")) },
        { "xs.all(x, x.ok == true)", All(Ident("xs"), "x", Equal(Select(Ident("x"), "ok"), Literal(true))) },
        { "xs.exists(x, x > 0) || false", Or(Exists(Ident("xs"), "x", Call(Operators.Greater, Ident("x"), Literal(0))), Literal(false)) },
        { "true", And() },
        { "false", Or() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unparses_to_the_expected_text_and_parses_back_equal(string expected, Expr built)
    {
        Assert.Equal(expected, CelUnparser.Unparse(built));
        UnparserTests.AssertRoundTrips(built);
        Assert.True(AstComparer.Instance.Equals(CelParser.Parse(expected), built));
    }

    [Fact]
    public void Print_writes_single_quoted_strings_that_parse_back_to_the_same_text()
    {
        Assert.Equal(@"!(request.userInfo.username in ['it\'s', 'a\\b', 'tab\there', 'bell\u0007'])",
            Print(Not(In(Path("request.userInfo.username"), StringList(["it's", @"a\b", "tab\there", "bell\a"])))));
        const string hostile = "it's \"quoted\" \\ \n\u0001 é";
        var parsed = Assert.IsType<ConstantExpr>(CelParser.Parse(Print(Literal(hostile))));
        Assert.Equal(hostile, parsed.Value);
    }
}
