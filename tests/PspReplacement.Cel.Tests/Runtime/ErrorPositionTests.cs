using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

/// <summary>Runtime errors carry the offset of the node that produced them, so a caret can point at it.</summary>
public sealed class ErrorPositionTests
{
    private static (CelProgram Program, CelError Error) Fail(string expression, IReadOnlyDictionary<string, object>? variables = null)
    {
        var program = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, variables?.Keys).Compile(expression);
        var result = program.Evaluate(variables is null ? MapActivation.Empty : new MapActivation(variables));
        return (program, Assert.IsType<CelError>(result));
    }

    private static readonly Dictionary<string, object> Pod = new()
    {
        ["object"] = CelValue.FromPlain(new Dictionary<string, object?> { ["spec"] = new Dictionary<string, object?> { ["containers"] = new List<object?>() } }),
    };

    [Theory]
    [InlineData("1 + 1 == 2 && 10 / 0 == 1", "10 / 0", "division by zero")]
    [InlineData("true && object.spec.hostPID", ".hostPID", "no such key: hostPID")]
    [InlineData("object.spec.containers[3] == 1", "[3]", "out of range")]
    [InlineData("size(object.spec.containers) > 0 || int('x') == 1", "int(", "")]
    [InlineData("[1, 2].all(x, x / (x - 1) > 0)", "/ (x - 1)", "division by zero")]
    public void Point_at_the_node_that_failed(string expression, string at, string message)
    {
        var (program, error) = Fail(expression, Pod);
        Assert.Contains(message, error.Message);
        var expected = expression.IndexOf(at, StringComparison.Ordinal);
        // The operator's own offset: the first character of the operator or of the call/selection/index token.
        Assert.InRange(error.Offset, expected - 1, expected + at.Length);
        var text = program.DescribeError(error);
        Assert.StartsWith("<input>:1:", text);
        Assert.EndsWith("^", text);
        Assert.Contains(" | " + expression, text);
    }

    [Fact]
    public void The_caret_sits_under_the_failing_selection()
    {
        var (program, error) = Fail("object.spec.hostPID", Pod);
        var lines = program.DescribeError(error).Split('\n');
        Assert.Equal($"<input>:1:{error.Offset + 1}: no such key: hostPID", lines[0]);
        Assert.Equal(" | object.spec.hostPID", lines[1]);
        Assert.Equal(" | " + new string('.', error.Offset) + "^", lines[2]);
        Assert.Equal('.', "object.spec.hostPID"[error.Offset]);
    }

    [Fact]
    public void An_unbound_variable_points_at_its_name()
    {
        var program = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["object", "params"]).Compile("1 == 1 && params.max > 0");
        var error = Assert.IsType<CelError>(program.Evaluate(new MapActivation(Pod)));
        Assert.Equal("1 == 1 && params.max > 0".IndexOf("params", StringComparison.Ordinal), error.Offset);
    }

    [Fact]
    public void Errors_without_a_location_print_just_the_message()
    {
        var program = CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile("1 == 1");
        Assert.Equal("boom", program.DescribeError(new CelError("boom")));
        Assert.Equal(-1, new CelError("boom").Offset);
    }

    [Fact]
    public void The_location_is_no_part_of_equality() => Assert.Equal(new CelError("x", 3), new CelError("x"));
}
