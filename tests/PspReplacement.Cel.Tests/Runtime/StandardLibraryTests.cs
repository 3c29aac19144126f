namespace PspReplacement.Cel.Tests.Runtime;

public sealed class StandardLibraryTests
{
    [Theory]
    [InlineData("size('héllo😀')", "6")]
    [InlineData("'héllo😀'.size()", "6")]
    [InlineData("size(b'ab')", "2")]
    [InlineData("size({'a': 1})", "1")]
    [InlineData("'abc'.contains('b') && 'abc'.startsWith('ab') && 'abc'.endsWith('bc')", "true")]
    [InlineData("'abc'.matches('^a.c$') && matches('x1', '[a-z]\\\\d')", "true")]
    [InlineData("int('-42') + int(3.9) + int(timestamp('1970-01-01T00:01:00Z'))", "21")]
    [InlineData("uint('7') + uint(2.5)", "9u")]
    [InlineData("double('1e3') + double(2u)", "1002.0")]
    [InlineData("string(1.5) + string(2u) + string(true) + string(b'hi')", "\"1.52truehi\"")]
    [InlineData("string(duration('1.5s')) + ' ' + string(timestamp('2009-02-13T23:31:30Z'))", "\"1.5s 2009-02-13T23:31:30Z\"")]
    [InlineData("bool('true') && !bool('F')", "true")]
    [InlineData("bytes('é')", "b\"\\xc3\\xa9\"")]
    [InlineData("type(type(1)) == type && type([]) == list && type({}) == map", "true")]
    [InlineData("dyn(1) == 1.0", "true")]
    [InlineData("[1, 2] + [3]", "[1, 2, 3]")]
    [InlineData("'a' + 'b'", "\"ab\"")]
    [InlineData("b'a' + b'b'", "b\"ab\"")]
    [InlineData("1 < 1.5 && 2u > -1 && 1.0 <= 1u", "true")]
    [InlineData("'a' < 'b' && b'a' < b'b' && false < true", "true")]
    [InlineData("duration('1h') > duration('59m') && timestamp('2020-01-01T00:00:00Z') < timestamp('2021-01-01T00:00:00Z')", "true")]
    [InlineData("timestamp('2009-02-13T23:31:30Z') + duration('1h') == timestamp('2009-02-14T00:31:30Z')", "true")]
    [InlineData("timestamp('2009-02-13T23:31:30Z') - timestamp('2009-02-13T23:31:00Z')", "duration(\"30s\")")]
    [InlineData("timestamp('2009-02-13T23:31:30Z').getHours('Asia/Kolkata')", "5")]
    [InlineData("timestamp('2009-02-13T23:31:30Z').getDayOfWeek('-05:00')", "5")]
    [InlineData("duration('3h25m').getMinutes()", "205")]
    [InlineData("-duration('1s')", "duration(\"-1s\")")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Theory]
    [InlineData("int('1.5')")]
    [InlineData("string(b'\\xff')")]
    [InlineData("duration('1' + 'x')")]
    [InlineData("timestamp('2009-02-30' + 'T00:00:00Z')")]
    [InlineData("'a'.matches('(' + '')")]
    [InlineData("timestamp('2009-02-13T23:31:30Z').getHours('Mars/Olympus')")]
    [InlineData("size(1)")]
    [InlineData("bool('yes')")]
    public void Is_an_error(string expression) => Eval.Error(expression);

    [Theory]
    [InlineData("duration('1x')")]
    [InlineData("timestamp('2009-02-30T00:00:00Z')")]
    [InlineData("timestamp('10000-01-01T00:00:00Z')")]
    [InlineData("'a'.matches('(')")]
    public void Bad_literals_fail_at_run_time_before_1_30_and_at_compile_time_after(string expression)
    {
        Assert.IsType<PspReplacement.Cel.Runtime.CelError>(Eval.Run(expression, version: new KubernetesVersion(1, 29)));
        var e = Assert.Throws<CelCompileException>(() => Eval.Run(expression, version: new KubernetesVersion(1, 30)));
        Assert.Contains("invalid", e.Message);
    }

    [Theory]
    [InlineData("[1, 'a']", "expected type 'int' but found 'string'")]
    [InlineData("{'a': 1, 'b': 2.0}", "expected type 'int' but found 'double'")]
    [InlineData("{'a': 1, 2: 1}", "expected type 'string' but found 'int'")]
    public void Mixed_literal_aggregates_are_compile_errors(string expression, string message)
    {
        var e = Assert.Throws<CelCompileException>(() => Eval.Run(expression));
        Assert.Contains(message, e.Message);
        Assert.Equal("[1, \"a\"]", PspReplacement.Cel.Runtime.CelValue.Format(Eval.Run("[dyn(1), 'a']")));
    }
}
