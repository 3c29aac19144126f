namespace PspReplacement.Cel.Tests.Runtime;

public sealed class ComprehensionTests
{
    [Theory]
    [InlineData("{'a': 1, 'b': 2}.all(k, k != 'c')", "true")]
    [InlineData("{'a': 1, 'b': 2}.map(k, k + '!')", "[\"a!\", \"b!\"]")]
    [InlineData("{'a': 1, 'b': 2}.exists(k, v, k == 'b' && v == 2)", "true")]
    [InlineData("['x', 'y'].all(i, v, i < 2 && v != '')", "true")]
    [InlineData("['x', 'y'].transformList(i, v, v + string(i))", "[\"x0\", \"y1\"]")]
    [InlineData("{'a': 1, 'b': 2}.transformMap(k, v, v * 10)", "{\"a\": 10, \"b\": 20}")]
    [InlineData("{'a': 1, 'b': 2}.transformMap(k, v, v > 1, v * 10)", "{\"b\": 20}")]
    [InlineData("[1, 2, 3].map(x, x > 1, x * x)", "[4, 9]")]
    [InlineData("[[1, 2], [3]].map(l, l.map(x, x + 1))", "[[2, 3], [4]]")]
    [InlineData("[1, 2].exists(x, [3, 4].exists(x, x == 4))", "true")]
    [InlineData("[1, 2].map(x, [10].map(y, x + y))", "[[11], [12]]")]
    [InlineData("[].all(x, false) && ![].exists(x, true)", "true")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Theory]
    [InlineData("[1, 0].exists_one(x, 1 / x == 1)")] // exists_one does not short-circuit errors away
    [InlineData("[0].map(x, 1 / x)")]
    [InlineData("[0].filter(x, 1 / x > 0)")]
    [InlineData("1.all(x, true)")]
    [InlineData("'abc'.exists(c, true)")]
    public void Is_an_error(string expression) => Eval.Error(expression);

    [Fact]
    public void Library_functions_before_their_version_name_the_version()
    {
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(new KubernetesVersion(1, 30)).Compile("ip('10.0.0.1').family() == 4"));
        Assert.Contains("requires Kubernetes 1.31 or newer (compiling for 1.30)", e.Message);
        Assert.Equal(4L, CelEnvironment.ForKubernetes(new KubernetesVersion(1, 31)).Compile("ip('10.0.0.1').family()").Evaluate(MapActivation.Empty));
    }
}
