using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>
/// Input from users is untrusted: every malformed or oversized expression must end in a CelCompileException with a
/// readable message, never a stack overflow, a hang, or another exception type.
/// </summary>
public class HostileInputTests
{
    private static CelCompileException Rejects(string expression, ParserOptions? options = null) =>
        Assert.Throws<CelCompileException>(() => CelParser.Parse(expression, options));

    [Fact]
    public void HundredThousandOpenParenthesesHitTheRecursionLimit()
    {
        var e = Rejects(new string('(', 100_000));
        Assert.Contains("expression recursion limit exceeded: 250", e.Message);
    }

    [Fact]
    public void TenMegabytesOfMinusSignsHitTheSizeLimit()
    {
        var e = Rejects(new string('-', 10_000_000));
        Assert.StartsWith("ERROR: <input>:-1:0: expression code point size exceeds limit: size: 10000000, limit 100000", e.Message);
        Assert.Single(e.Issues);
    }

    [Fact]
    public void SizeLimitCountsCodePointsNotUtf16Units()
    {
        // 60,000 emoji are 120,000 UTF-16 units but 60,000 code points: under the limit, so the error is a syntax one.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 60_000));
        var e = Rejects("'" + emoji);
        Assert.DoesNotContain("size exceeds", e.Message);
        var limited = Rejects("'" + emoji + "'", ParserOptions.Default with { ExpressionSizeCodePointLimit = 59_999 });
        Assert.Contains("size: 60002, limit 59999", limited.Message);
    }

    [Fact]
    public void JustUnderTheSizeLimitStillParses()
    {
        // a + a + ... balanced by nothing: use a flat list so depth stays low.
        var text = "[" + string.Join(",", Enumerable.Repeat("1", 49_999)) + "]";
        Assert.True(text.Length <= 100_000);
        var list = Assert.IsType<ListExpr>(CelParser.Parse(text));
        Assert.Equal(49_999, list.Elements.Count);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(251)]
    public void DeepListNestingIsRejected(int depth)
    {
        var e = Rejects(new string('[', depth) + new string(']', depth));
        Assert.Contains("recursion limit exceeded", e.Message);
    }

    [Fact]
    public void NestingWithinTheLimitParses()
    {
        var depth = 200;
        var expr = CelParser.Parse(new string('[', depth) + new string(']', depth));
        for (var i = 0; i < depth - 1; i++) expr = Assert.Single(Assert.IsType<ListExpr>(expr).Elements);
        Assert.Empty(Assert.IsType<ListExpr>(expr).Elements);
    }

    [Fact]
    public void LongSelectChainsAreRejectedLikeCelGo()
    {
        var chain = "a" + string.Concat(Enumerable.Repeat(".b", 5_000));
        var e = Rejects(chain);
        Assert.Contains("max recursion depth exceeded", e.Message);
        // 100 selects are fine.
        var ok = CelParser.Parse("a" + string.Concat(Enumerable.Repeat(".b", 100)));
        Assert.IsType<SelectExpr>(ok);
    }

    [Fact]
    public void LongOperatorChainsAreRejectedButLogicalChainsAreBalanced()
    {
        Assert.Contains("max recursion depth exceeded", Rejects(string.Join(" + ", Enumerable.Repeat("a", 5_000))).Message);
        // || and && chains are balanced into a tree of depth log2(n), as cel-go does.
        var or = CelParser.Parse(string.Join(" || ", Enumerable.Repeat("a", 5_000)));
        Assert.Equal(Operators.LogicalOr, Assert.IsType<CallExpr>(or).Function);
        Assert.True(Depth(or) <= 14, $"depth {Depth(or)}");
    }

    [Fact]
    public void DeepUnaryRunsDoNotRecurse()
    {
        Assert.IsType<IdentExpr>(CelParser.Parse(new string('!', 50_000) + "a"));
        Assert.IsType<IdentExpr>(CelParser.Parse(new string('-', 50_000) + "a"));
    }

    [Theory]
    [InlineData("'abc")]
    [InlineData("\"abc")]
    [InlineData("'''abc")]
    [InlineData("b'abc")]
    [InlineData("r'abc")]
    [InlineData("'abc\ndef'")]
    [InlineData("'\\")]
    [InlineData("'\\x4'")]
    [InlineData("'\\u00'")]
    [InlineData("'\\U0011FFFF'")]
    [InlineData("'\\uD800'")]
    [InlineData("a.`b")]
    [InlineData("a.``")]
    public void UnterminatedOrBrokenLiteralsAreSyntaxErrors(string expression)
    {
        var e = Rejects(expression);
        Assert.StartsWith("ERROR: <input>:1:", e.Message);
        Assert.NotEmpty(e.Issues);
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("\0")]
    [InlineData("'\0'")]
    public void NulCharactersAreHandled(string expression)
    {
        // NUL is an ordinary character inside a string literal and a token recognition error outside one.
        if (expression == "'\0'")
        {
            Assert.Equal("\0", Assert.IsType<ConstantExpr>(CelParser.Parse(expression)).Value);
            return;
        }
        Assert.Contains("token recognition error", Rejects(expression).Message);
    }

    [Fact]
    public void LoneSurrogatesAreRejected()
    {
        // Built here, not as theory data: lone surrogates do not survive xunit's serialisation of test arguments.
        string[] cases = ["'" + (char)0xD800 + "'", "a + " + (char)0xDC00, ((char)0xD83D).ToString(), "'abc" + (char)0xD83D, "b'" + (char)0xDFFF + "'"];
        foreach (var expression in cases)
            Assert.Contains("token recognition error", Rejects(expression).Message);
    }

    [Fact]
    public void ManyErrorsAreCappedByTheRecoveryLimit()
    {
        var e = Rejects(string.Concat(Enumerable.Repeat("f(,) + ", 10_000)) + "1");
        Assert.Contains("error recovery attempt limit exceeded: 30", e.Message);
        Assert.True(e.Issues.Count <= 31, $"{e.Issues.Count} issues");
    }

    [Fact]
    public void ManyLexerErrorsAreTruncatedInTheMessage()
    {
        var e = Rejects(string.Concat(Enumerable.Repeat("#\n", 5_000)));
        // Every issue is kept for callers; the message shows the first 100, as cel-go does.
        Assert.True(e.Issues.Count >= 5_000);
        Assert.EndsWith($"\n{e.Issues.Count - 100} more errors were truncated.", e.Message);
        Assert.Equal(100, e.Message.Split('\n').Count(l => l.StartsWith("ERROR: ")));
    }

    [Fact]
    public void GarbageAfterAnExpressionIsAnError()
    {
        Assert.Contains("expecting <EOF>", Rejects("a b").Message);
        Assert.Contains("expecting <EOF>", Rejects("1 2 3 4 5").Message);
    }

    private static int Depth(Expr e) => e switch
    {
        CallExpr c => 1 + c.Args.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 1,
    };
}
