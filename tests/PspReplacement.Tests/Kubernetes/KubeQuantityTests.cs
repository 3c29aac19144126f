using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>resource.Quantity's parsing and canonical form (k8s.io/apimachinery/pkg/api/resource/quantity.go).</summary>
public class KubeQuantityTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("0.5", "500m")]
    [InlineData("1.0", "1")]
    [InlineData("1.5", "1500m")]
    [InlineData("1000", "1k")]
    [InlineData("1500", "1500")]
    [InlineData("1000000", "1M")]
    [InlineData("100m", "100m")]
    [InlineData("1000m", "1")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("2048Ki", "2Mi")]
    [InlineData("1024", "1024")]
    [InlineData("0.5Ki", "512")]
    [InlineData("0.1Gi", "107374182400m")]
    [InlineData("1e3", "1e3")]
    [InlineData("12e6", "12e6")]
    [InlineData("1000e3", "1e6")]
    [InlineData("1n", "1n")]
    [InlineData("0.0000000001", "1n")] // finer than a nano rounds up
    [InlineData("-1", "-1")]
    [InlineData("+1", "+1")] // kept as written: ParseQuantity caches canonical-looking input
    [InlineData("-", "0")]
    public void Parses_and_writes_back_as_Kubernetes_does(string text, string canonical)
    {
        Assert.True(KubeQuantity.TryParse(text, out var q, out var error), error);
        Assert.Equal(canonical, q.ToString());
    }

    [Theory]
    [InlineData("", KubeQuantity.FormatError)]
    [InlineData("1.2.3", KubeQuantity.FormatError)]
    [InlineData("1K", KubeQuantity.SuffixError)]
    [InlineData("1Gb", KubeQuantity.FormatError)] // b is no suffix letter: the text does not match at all
    [InlineData("1mm", KubeQuantity.SuffixError)]
    [InlineData("abc", KubeQuantity.FormatError)]
    public void Refuses_what_ParseQuantity_refuses(string text, string error)
    {
        Assert.False(KubeQuantity.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void Rounding_up_to_millis_is_what_SetDefaults_ResourceList_does()
    {
        KubeQuantity.TryParse("0.0001", out var tiny, out _);
        Assert.Equal("1m", tiny.RoundUp(-3).ToString());
        KubeQuantity.TryParse("250m", out var ok, out _);
        Assert.Equal("250m", ok.RoundUp(-3).ToString());
    }
}
