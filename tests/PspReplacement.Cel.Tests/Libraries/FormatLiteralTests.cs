using PspReplacement.Cel.Tests.Runtime;

namespace PspReplacement.Cel.Tests.Libraries;

/// <summary>
/// Kubernetes' homogeneous-literal check exempts everything inside a format call (cel-go's validator skips literals
/// with a format call among their ancestors), so format's argument list may mix types; everywhere else it may not.
/// </summary>
public sealed class FormatLiteralTests
{
    [Theory]
    [InlineData("'%s %d'.format(['pod', 2])", "\"pod 2\"")]
    [InlineData("'%s=%s'.format(['ports', [80, 'http']]) == 'ports=[80, \\\"http\\\"]'", "true")]
    [InlineData("'%s'.format([['a', 1].size()])", "\"2\"")] // nested literals inside the call are exempt too
    [InlineData("'%s %s'.format([1, 'x'].map(v, string(v)))", "\"1 x\"")]
    public void Mixed_literals_inside_format_compile(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Theory]
    [InlineData("['pod', 2].size() == 2")]
    [InlineData("'%s'.format(['a']) == 'a' && ['pod', 2].size() == 2")] // the exemption ends with the format call
    [InlineData("{'a': 1, 'b': 'x'}.size() == 2")]
    public void Mixed_literals_elsewhere_do_not(string expression)
    {
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile(expression));
        Assert.Matches("expected type '(string|int)' but found '(int|string)'", e.Message);
    }
}
