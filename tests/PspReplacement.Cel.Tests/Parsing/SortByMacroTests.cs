using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Tests.Runtime;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>
/// cel-go's sortBy macro (ext.Lists v2+, Kubernetes 1.34+): list.sortBy(x, key) becomes
/// cel.bind(@__sortBy_input__, list, @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(x, key))).
/// </summary>
public sealed class SortByMacroTests
{
    private static readonly ParserOptions WithSortBy = ParserOptions.Default with { EnableSortByMacro = true };

    [Fact]
    public void Expands_into_a_binding_of_the_target_and_the_associated_keys_call()
    {
        var e = Assert.IsType<ComprehensionExpr>(CelParser.Parse("items.sortBy(i, i.priority)", WithSortBy));
        Assert.Equal("@__sortBy_input__", e.AccuVar);
        Assert.Equal("items", Assert.IsType<IdentExpr>(e.AccuInit).Name);
        var call = Assert.IsType<CallExpr>(e.Result);
        Assert.Equal("@sortByAssociatedKeys", call.Function);
        Assert.Equal("@__sortBy_input__", Assert.IsType<IdentExpr>(call.Target).Name);
        var keys = Assert.IsType<ComprehensionExpr>(Assert.Single(call.Args));
        Assert.Equal("@__sortBy_input__", Assert.IsType<IdentExpr>(keys.IterRange).Name);
        Assert.Equal("i", keys.IterVar);
    }

    [Fact]
    public void Is_an_ordinary_call_without_the_option() =>
        Assert.IsType<CallExpr>(CelParser.Parse("items.sortBy(i, i.priority)"));

    [Theory]
    [InlineData("items.sortBy(i, i.priority)")]
    [InlineData("[3, 1, 2].sortBy(x, -x)")]
    [InlineData("a.b.sortBy(x, x.name).map(y, y.name)")]
    [InlineData("f(a).sortBy(x, x)")]
    public void Unparses_back_to_the_macro(string expression)
    {
        var ast = CelParser.Parse(expression, WithSortBy);
        Assert.Equal(expression, CelUnparser.Unparse(ast));
        UnparserTests.AssertRoundTrips(ast, WithSortBy);
    }

    [Theory]
    [InlineData("'abc'.sortBy(x, x)")]
    [InlineData("{'a': 1}.sortBy(x, x)")]
    public void Rejects_targets_cel_go_rejects(string expression)
    {
        var e = Assert.Throws<CelCompileException>(() => CelParser.Parse(expression, WithSortBy));
        Assert.Contains("sortBy can only be applied to a list, identifier, comprehension, call or select expression", e.Message);
    }

    [Fact]
    public void Rejects_a_non_identifier_variable()
    {
        var e = Assert.Throws<CelCompileException>(() => CelParser.Parse("[1].sortBy(1, 2)", WithSortBy));
        Assert.Contains("argument is not an identifier", e.Message);
    }

    [Theory]
    [InlineData("[3, 1, 2].sortBy(x, x)", "[1, 2, 3]")]
    [InlineData("[3, 1, 2].sortBy(x, -x)", "[3, 2, 1]")]
    [InlineData("[{'n': 'b', 'p': '2'}, {'n': 'a', 'p': '1'}].sortBy(e, e.p).map(e, e.n)", "[\"a\", \"b\"]")]
    [InlineData("['bb', 'a', 'ccc'].sortBy(s, size(s))", "[\"a\", \"bb\", \"ccc\"]")]
    [InlineData("[].sortBy(x, x)", "[]")]
    public void Sorts_by_the_key_in_kubernetes_1_34(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Fact]
    public void Keys_of_different_types_are_an_error() =>
        Assert.NotNull(Eval.Error("[1, 2].sortBy(x, x == 1 ? dyn('a') : dyn(2))"));

    [Fact]
    public void Kubernetes_1_34_has_no_sortBy()
    {
        var env = CelEnvironment.ForKubernetes(new KubernetesVersion(1, 34));
        Assert.False(env.ParserOptions.EnableSortByMacro);
        Assert.Throws<CelCompileException>(() => env.Compile("[2, 1].sortBy(x, x)"));
        Assert.True(CelEnvironment.ForKubernetes(new KubernetesVersion(1, 35)).ParserOptions.EnableSortByMacro);
    }
}
