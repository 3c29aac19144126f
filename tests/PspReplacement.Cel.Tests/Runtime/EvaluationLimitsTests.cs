using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

/// <summary>
/// No expression runs unbounded: past a million comprehension iterations, or building a string, list or bytes value of
/// more than ten million elements, the value is cel-go's cost-limit error, quickly and without the memory it asked for.
/// Below the bounds nothing changes (the apiserver's own limit stops such expressions first).
/// </summary>
public class EvaluationLimitsTests
{
    private const string Cancelled = "operation cancelled: actual cost limit exceeded";
    private const string Ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";

    private static string Nested(int depth, string body) =>
        depth == 0 ? body : $"{Ten}.map(x{depth}, {Nested(depth - 1, body)})";

    [Fact]
    public void A_hundred_million_iterations_stop_at_the_iteration_bound()
    {
        Assert.Equal(Cancelled, Eval.Error(Nested(8, "x1 + x2") + ".size()").Message);
    }

    [Fact]
    public void Quantifiers_count_their_iterations_too()
    {
        Assert.Equal(Cancelled, Eval.Error($"{Ten}.all(a, {Ten}.all(b, {Ten}.all(c, {Ten}.all(d, {Ten}.all(e, {Ten}.all(f, {Ten}.all(g, a > 0)))))))").Message);
    }

    [Fact]
    public void A_hundred_thousand_iterations_run_as_before()
    {
        Assert.Equal("true", Eval.Show($"{Ten}.all(a, {Ten}.all(b, {Ten}.all(c, {Ten}.all(d, {Ten}.all(e, a > 0)))))"));
        Assert.Equal("10", Eval.Show(Nested(5, "x1") + ".size()"));
    }

    [Fact]
    public void A_format_precision_of_a_billion_is_the_cost_error_not_a_gigabyte()
    {
        Assert.Equal(Cancelled, Eval.Error("'%.1000000000f'.format([1.0])").Message);
        Assert.Equal("1.500", Eval.Show("'%.3f'.format([1.5])").Trim('"'));
    }

    [Fact]
    public void Doubling_a_string_by_bindings_stops_at_the_size_bound()
    {
        var env = CelEnvironment.Conformance();
        var text = "'aaaaaaaaaa'";
        for (var i = 0; i < 8; i++) text = $"cel.bind(s{i}, {text}, s{i} + s{i} + s{i} + s{i} + s{i} + s{i} + s{i} + s{i} + s{i} + s{i})";
        var result = env.Compile(text + ".size()").Evaluate(MapActivation.Empty);
        Assert.Equal(Cancelled, Assert.IsType<CelError>(result).Message);
    }

    [Fact]
    public void Replace_that_would_square_a_string_is_refused_before_it_is_built()
    {
        var big = new string('a', 5000);
        Assert.Equal(Cancelled, Eval.Error("s.replace('a', s)", new Dictionary<string, object> { ["s"] = big }).Message);
        Assert.Equal("\"bbb\"", Eval.Show("'aaa'.replace('a', 'b')"));
    }

    [Fact]
    public void Join_stops_at_the_size_bound()
    {
        var items = Enumerable.Repeat((object)new string('x', 1_000_000), 11).ToList();
        Assert.Equal(Cancelled, Eval.Error("l.join()", new Dictionary<string, object> { ["l"] = items }).Message);
    }
}
