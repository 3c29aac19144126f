using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

public sealed class ErrorSemanticsTests
{
    [Theory]
    [InlineData("false && 1/0 == 1", "false")]
    [InlineData("1/0 == 1 && false", "false")]
    [InlineData("true || 1/0 == 1", "true")]
    [InlineData("1/0 == 1 || true", "true")]
    [InlineData("'a' && false", "false")]
    [InlineData("true ? 1 : 1/0", "1")]
    [InlineData("false ? 1/0 : 2", "2")]
    [InlineData("has({'a': 1}.b)", "false")]
    [InlineData("has({'a': 1}.a)", "true")]
    [InlineData("[0, -1].all(x, 1/x > 0)", "false")]
    [InlineData("[0, 1].exists(x, 1/x > 0)", "true")]
    [InlineData("[1, 2, 3].exists_one(x, x > 1)", "false")]
    [InlineData("[1, 2, 3].exists_one(x, x > 2)", "true")]
    [InlineData("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]")]
    [InlineData("[1, 2, 3].filter(x, x != 2)", "[1, 3]")]
    [InlineData("2 in [1, 2]", "true")]
    [InlineData("'b' in {'a': 1}", "false")]
    [InlineData("1 == 1u && 1 == 1.0 && 1u == 1.0", "true")]
    [InlineData("double('NaN') == double('NaN')", "false")]
    [InlineData("[1, [2]] == [1.0, [2u]]", "true")]
    [InlineData("{'a': [1]} == {'a': [1]}", "true")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Theory]
    [InlineData("true && 1/0 == 1")]
    [InlineData("1/0 == 1 && true")]
    [InlineData("false || 1/0 == 1")]
    [InlineData("!1")]
    [InlineData("1 ? 2 : 3")]
    [InlineData("9223372036854775807 + 1")]
    [InlineData("-9223372036854775808 - 1")]
    [InlineData("9223372036854775807 * 2")]
    [InlineData("-(-9223372036854775807 - 1)")]
    [InlineData("-9223372036854775808 / -1")]
    [InlineData("18446744073709551615u + 1u")]
    [InlineData("0u - 1u")]
    [InlineData("1 / 0")]
    [InlineData("1 % 0")]
    [InlineData("1u % 0u")]
    [InlineData("int(18446744073709551615u)")]
    [InlineData("uint(-1)")]
    [InlineData("int(1e19)")]
    [InlineData("{'a': 1}.b")]
    [InlineData("[1][1]")]
    [InlineData("[1][-1]")]
    [InlineData("[0, 1].all(x, 1/x > 0)")]
    [InlineData("[1, 2].exists_one(x, 1/(x - 1) > 0)")]
    [InlineData("dyn(1) + 1u")]
    [InlineData("'a' < 1")]
    [InlineData("optional.none().value()")]
    public void Is_an_error(string expression) => Eval.Error(expression);

    [Fact]
    public void Errors_never_escape_as_exceptions_from_variables_of_the_wrong_type()
    {
        var vars = new Dictionary<string, object> { ["x"] = CelValue.FromPlain(new Dictionary<string, object?> { ["a"] = "s" }) };
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["x"]);
        var result = env.Compile("x.a.b + x.a[0] + size(x.a.c)").Evaluate(new MapActivation(vars));
        Assert.IsType<CelError>(result);
    }

    [Fact]
    public void Unbound_variable_is_an_error_value()
    {
        var result = CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile("x + 1").Evaluate(MapActivation.Empty);
        Assert.Contains("x", Assert.IsType<CelError>(result).Message);
    }
}
