namespace PspReplacement.Cel.Tests.Runtime;

public sealed class OptionalTests
{
    [Theory]
    [InlineData("{'a': 1}.?b", "optional.none()")]
    [InlineData("{'a': 1}.?a", "optional.of(1)")]
    [InlineData("{'a': {'b': 2}}.?a.?b.orValue(0)", "2")]
    [InlineData("{'a': {'b': 2}}.?a.?c.orValue(0)", "0")]
    [InlineData("{'a': {'b': 2}}.?x.?b.orValue(0)", "0")]
    [InlineData("{'a': {'b': 2}}.?a.b", "optional.of(2)")]
    [InlineData("{'a': {}}.?a.b", "optional.none()")]
    [InlineData("optional.of(1).orValue(1/0)", "1")]
    [InlineData("optional.none().or(optional.of(2)).value()", "2")]
    [InlineData("optional.of(1).or(optional.of(1/0)).value()", "1")]
    [InlineData("optional.ofNonZeroValue(0).hasValue()", "false")]
    [InlineData("optional.ofNonZeroValue([1]).hasValue()", "true")]
    [InlineData("[1, 2][?5].orValue(9)", "9")]
    [InlineData("[1, ?optional.none(), ?optional.of(3)]", "[1, 3]")]
    [InlineData("{'a': 1, ?'b': optional.none()}", "{\"a\": 1}")]
    [InlineData("optional.of(2).optMap(x, x * 3)", "optional.of(6)")]
    [InlineData("optional.none().optMap(x, x * 3)", "optional.none()")]
    [InlineData("optional.of(2).optFlatMap(x, optional.none())", "optional.none()")]
    [InlineData("optional.of(1) == optional.of(1u)", "true")]
    [InlineData("optional.none() == optional.none()", "true")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Fact]
    public void Optional_chain_on_document_matches_the_policy_pattern()
    {
        var pod = Documents.Pod(("a", null), ("b", false), ("c", true));
        var vars = new Dictionary<string, object> { ["object"] = pod };
        Assert.Equal("false", Eval.Show("object.spec.containers.all(c, c.?securityContext.?privileged.orValue(false) == false)", vars));
        Assert.Equal("[\"a\", \"b\"]", Eval.Show("object.spec.containers.filter(c, !c.?securityContext.?privileged.orValue(false)).map(c, c.name)", vars));
    }
}
