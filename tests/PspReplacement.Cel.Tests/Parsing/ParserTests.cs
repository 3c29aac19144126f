using System.Text.RegularExpressions;
using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>The grammar of cel-spec's langdef.md as cel-go parses it: literals, operators, precedence, syntax forms.</summary>
public class ParserTests
{
    /// <summary>cel-go's debug string with the line breaks and indentation taken out, e.g. "_+_(1,_*_(2,3))".</summary>
    internal static string Compact(Expr e) => Regex.Replace(AstDebugPrinter.ToDebugString(e), @"\n\s*", "");

    internal static string Parsed(string expression, ParserOptions? options = null) => Compact(CelParser.Parse(expression, options));

    private static CelCompileException Rejects(string expression, ParserOptions? options = null) =>
        Assert.Throws<CelCompileException>(() => CelParser.Parse(expression, options));

    [Theory]
    [InlineData("0", "0")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("0x7fffffffffffffff", "9223372036854775807")]
    [InlineData("-0x8000000000000000", "-9223372036854775808")]
    [InlineData("0XaBc", "2748")]
    [InlineData("0u", "0u")]
    [InlineData("18446744073709551615u", "18446744073709551615u")]
    [InlineData("0xFFFFFFFFFFFFFFFFU", "18446744073709551615u")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("1E+3", "1000")]
    [InlineData("2.5e-7", "2.5e-07")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5e1", "-5")]
    [InlineData("1e21", "1e+21")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    public void NumberAndKeywordLiterals(string expression, string expected) => Assert.Equal(expected, Parsed(expression));

    [Theory]
    [InlineData("9223372036854775808", "invalid int literal")]
    [InlineData("-9223372036854775809", "invalid int literal")]
    [InlineData("0x8000000000000000", "invalid int literal")]
    [InlineData("18446744073709551616u", "invalid uint literal")]
    [InlineData("0x1FFFFFFFFFFFFFFFFu", "invalid uint literal")]
    [InlineData("1e309", "invalid double literal")]
    public void OutOfRangeNumbersAreErrorsNotWrapped(string expression, string message)
    {
        var e = Rejects(expression);
        Assert.Equal($"ERROR: <input>:1:1: {message}\n | {expression}\n | ^", e.Message);
        Assert.Equal(new CelIssue(message, 1, 1, 0), Assert.Single(e.Issues));
    }

    [Theory]
    [InlineData(@"'\101\102'", "AB")]
    [InlineData(@"'\x41\X42'", "AB")]
    [InlineData(@"'\u0041'", "A")]
    [InlineData(@"'\U0001F600'", "\U0001F600")]
    [InlineData(@"'\a\b\f\n\r\t\v\\\'\""\?\`'", "\a\b\f\n\r\t\v\\'\"?`")]
    [InlineData(@"""it's""", "it's")]
    [InlineData(@"'\xFF'", "\u00FF")]
    [InlineData(@"'\377'", "\u00FF")]
    [InlineData(@"r'\n\x41'", @"\n\x41")]
    [InlineData(@"R""\d+""", @"\d+")]
    [InlineData("'''a\nb'c'''", "a\nb'c")]
    [InlineData("\"\"\"x\"\"y\"\"\"", "x\"\"y")]
    [InlineData("r'''\\n'''", "\\n")]
    [InlineData("''", "")]
    [InlineData("'héllo 世界'", "héllo 世界")]
    public void StringLiterals(string expression, string value) =>
        Assert.Equal(value, Assert.IsType<ConstantExpr>(CelParser.Parse(expression)).Value);

    [Theory]
    [InlineData(@"b'\xFF'", new byte[] { 0xFF })]
    [InlineData(@"b'\377\000'", new byte[] { 0xFF, 0x00 })]
    [InlineData(@"b'ÿ'", new byte[] { 0xC3, 0xBF })]
    [InlineData(@"b'\u00FF'", new byte[] { 0xC3, 0xBF })]
    [InlineData(@"B""abc""", new byte[] { 0x61, 0x62, 0x63 })]
    [InlineData(@"br'\x41'", new byte[] { 0x5C, 0x78, 0x34, 0x31 })]
    [InlineData(@"b''''''", new byte[0])]
    public void BytesLiterals(string expression, byte[] value)
    {
        var bytes = Assert.IsType<CelBytes>(Assert.IsType<ConstantExpr>(CelParser.Parse(expression)).Value);
        Assert.Equal(value, bytes.Data.ToArray());
    }

    [Fact]
    public void BytesPrintLikeGoQuotedStrings() =>
        Assert.Equal(@"b""\x00\xffA\u00e9""".Replace(@"\u00e9", "é"), Parsed(@"b'\000\xffA\u00e9'"));

    [Theory]
    [InlineData("a || b && c", "_||_(a,_&&_(b,c))")]
    [InlineData("a && b || c", "_||_(_&&_(a,b),c)")]
    [InlineData("a ? b : c ? d : e", "_?_:_(a,b,_?_:_(c,d,e))")]
    [InlineData("a || b ? c : d", "_?_:_(_||_(a,b),c,d)")]
    [InlineData("1 + 2 * 3 - 4 % 5 / 6", "_-_(_+_(1,_*_(2,3)),_/_(_%_(4,5),6))")]
    [InlineData("a < b == c", "_==_(_<_(a,b),c)")]
    [InlineData("a in b != c", "_!=_(@in(a,b),c)")]
    [InlineData("a <= b && c >= d", "_&&_(_<=_(a,b),_>=_(c,d))")]
    [InlineData("a > b || c != d", "_||_(_>_(a,b),_!=_(c,d))")]
    [InlineData("!a == b", "_==_(!_(a),b)")]
    [InlineData("!!a", "a")]
    [InlineData("!!!a", "!_(a)")]
    [InlineData("-a.b", "-_(a.b)")]
    [InlineData("--a", "a")]
    [InlineData("-(1)", "-_(1)")]
    [InlineData("- 1", "-1")]
    [InlineData("4--4", "_-_(4,-4)")]
    [InlineData("(a + b) * c", "_*_(_+_(a,b),c)")]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a.b(c)", "a.b(c)")]
    [InlineData("a[b][c]", "_[_](_[_](a,b),c)")]
    [InlineData("f(a, b)(", null)]
    [InlineData("f()", "f()")]
    [InlineData("a.f().g(1, 2)", "a.f().g(1,2)")]
    [InlineData("x.size() > 0", "_>_(x.size(),0)")]
    public void OperatorsAndPrecedence(string expression, string? expected)
    {
        if (expected is null) Rejects(expression);
        else Assert.Equal(expected, Parsed(expression));
    }

    [Fact]
    public void LogicalChainsAreBalancedLikeCelGo() =>
        Assert.Equal("_||_(_||_(a,b),_||_(c,d))", Parsed("a || b || c || d"));

    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, 2,]", "[1,2]")]
    [InlineData("{}", "{}")]
    [InlineData("{'a': 1, 2: b,}", "{\"a\":1,2:b}")]
    [InlineData("a.b.C{}", "a.b.C{}")]
    [InlineData("a.b.C{f: 1, g: [2],}", "a.b.C{f:1,g:[2]}")]
    [InlineData(".a.b.C{f: 1}", ".a.b.C{f:1}")]
    [InlineData(".a", ".a")]
    [InlineData(".a.b", ".a.b")]
    [InlineData(".f(1)", ".f(1)")]
    public void AggregatesAndQualifiedNames(string expression, string expected) => Assert.Equal(expected, Parsed(expression));

    [Theory]
    [InlineData("a.?b", "_?._(a,\"b\")")]
    [InlineData("a.?b.?c", "_?._(_?._(a,\"b\"),\"c\")")]
    [InlineData("a[?0]", "_[?_](a,0)")]
    [InlineData("[?a, b, ?c]", "[?a,b,?c]")]
    [InlineData("{?'k': v, 'j': w}", "{?\"k\":v,\"j\":w}")]
    [InlineData("Msg{?f: v}", "Msg{?f:v}")]
    [InlineData("a.`b-c`", "a.b-c")]
    [InlineData("a.?`b.c`", "_?._(a,\"b.c\")")]
    [InlineData("Msg{`in`: 1}", "Msg{in:1}")]
    public void OptionalSyntaxAndEscapedFields(string expression, string expected) => Assert.Equal(expected, Parsed(expression));

    [Fact]
    public void OptionalListIndicesAreRecorded()
    {
        var list = Assert.IsType<ListExpr>(CelParser.Parse("[?a, b, ?c]"));
        Assert.Equal([0, 2], list.OptionalIndices);
    }

    [Theory]
    [InlineData("a.?b", "unsupported syntax '.?'")]
    [InlineData("a[?b]", "unsupported syntax '[?'")]
    [InlineData("[?a]", "unsupported syntax '?'")]
    [InlineData("{?a: b}", "unsupported syntax '?'")]
    public void OptionalSyntaxCanBeSwitchedOff(string expression, string message) =>
        Assert.Contains(message, Rejects(expression, ParserOptions.Default with { EnableOptionalSyntax = false }).Message);

    [Theory]
    [InlineData("as")]
    [InlineData("break")]
    [InlineData("const")]
    [InlineData("continue")]
    [InlineData("else")]
    [InlineData("for")]
    [InlineData("function")]
    [InlineData("if")]
    [InlineData("import")]
    [InlineData("let")]
    [InlineData("loop")]
    [InlineData("package")]
    [InlineData("namespace")]
    [InlineData("return")]
    [InlineData("var")]
    [InlineData("void")]
    [InlineData("while")]
    public void ReservedWordsAreNotIdentifiers(string word)
    {
        Assert.Equal($"ERROR: <input>:1:1: reserved identifier: {word}\n | {word}\n | ^", Rejects(word).Message);
        // ... but they are fine as field names, as in cel-go.
        Assert.Equal($"a.{word}", Parsed($"a.{word}"));
    }

    [Theory]
    [InlineData("in")]
    [InlineData("a.true")]
    [InlineData("a.null")]
    public void KeywordsAreNotNames(string expression) => Assert.Contains("Syntax error", Rejects(expression).Message);

    [Theory]
    [InlineData("a // comment\n + b", "_+_(a,b)")]
    [InlineData("\ta\r\n+\fb", "_+_(a,b)")]
    [InlineData("a//only a comment", "a")]
    public void WhitespaceAndComments(string expression, string expected) => Assert.Equal(expected, Parsed(expression));

    [Fact]
    public void EveryNodeHasItsPosition()
    {
        var call = Assert.IsType<CallExpr>(CelParser.Parse("a +\n  b.c"));
        Assert.Equal(new SourcePosition(2, 1, 3), call.Position);
        Assert.Equal(new SourcePosition(0, 1, 1), call.Args[0].Position);
        var select = Assert.IsType<SelectExpr>(call.Args[1]);
        Assert.Equal(new SourcePosition(7, 2, 4), select.Position);
        Assert.Equal(new SourcePosition(6, 2, 3), select.Operand.Position);
    }

    [Fact]
    public void ColumnsCountCodePoints()
    {
        var call = Assert.IsType<CallExpr>(CelParser.Parse("'\U0001F600' + x"));
        Assert.Equal(new SourcePosition(5, 1, 5), call.Position);
        Assert.Equal(new SourcePosition(7, 1, 7), call.Args[1].Position);
    }

    [Fact]
    public void AggregateAndCallPositions()
    {
        var call = Assert.IsType<CallExpr>(CelParser.Parse("f(x, [1], {'a': 2})"));
        Assert.Equal(1, call.Position.Offset); // cel-go places a call at its '('
        var map = Assert.IsType<MapExpr>(call.Args[2]);
        Assert.Equal(10, map.Position.Offset);
        Assert.Equal(14, map.Entries[0].Position.Offset); // an entry at its ':'
        Assert.Equal(5, call.Args[1].Position.Offset);
    }

    [Fact]
    public void SyntaxErrorsPointAtTheOffendingTokenWithACaret()
    {
        var e = Rejects("a +");
        Assert.Equal(
            "ERROR: <input>:1:4: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | a +\n | ...^",
            e.Message);
        var issue = Assert.Single(e.Issues);
        Assert.Equal((1, 4, 3), (issue.Line, issue.Column, issue.Offset));
        Assert.Equal("a +", e.Expression);
    }

    [Fact]
    public void SeveralErrorsAreCollectedInSourceOrder()
    {
        var e = Rejects("a.?b && a[?b] && as", ParserOptions.Default with { EnableOptionalSyntax = false });
        Assert.Equal(["unsupported syntax '.?'", "unsupported syntax '[?'", "reserved identifier: as"], e.Issues.Select(i => i.Message));
        Assert.Equal([2, 10, 18], e.Issues.Select(i => i.Column));
    }

    [Fact]
    public void ErrorsOnLaterLinesShowThatLine()
    {
        var e = Rejects("a &&\n\tb c");
        Assert.Equal("ERROR: <input>:2:4: Syntax error: extraneous input 'c' expecting <EOF>\n |  b c\n | ...^", e.Message);
    }

    [Fact]
    public void TheSourceDescriptionNamesTheInput()
    {
        var e = Rejects("1 +", ParserOptions.Default with { SourceDescription = "policy.yaml" });
        Assert.StartsWith("ERROR: policy.yaml:1:4: ", e.Message);
    }

    [Fact]
    public void NullSourceIsAnArgumentError() => Assert.Throws<ArgumentNullException>(() => CelParser.Parse(null!));
}
