using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>Go's text forms the decoder relies on: encoding/json numbers, time.Duration, RFC 3339, base64.</summary>
public class GoTextTests
{
    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e-6, "0.0000015")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(123456789.125, "123456789.125")]
    public void Floats_are_written_as_encoding_json_writes_them(double value, string text) => Assert.Equal(text, GoText.JsonNumber(value));

    [Theory]
    [InlineData("1h", "1h0m0s")]
    [InlineData("90s", "1m30s")]
    [InlineData("1.5h", "1h30m0s")]
    [InlineData("100ms", "100ms")]
    [InlineData("0", "0s")]
    [InlineData("-2m3s", "-2m3s")]
    public void Durations_parse_and_print_as_Go(string text, string canonical)
    {
        Assert.True(GoText.TryParseDuration(text, out var ns, out var error), error);
        Assert.Equal(canonical, GoText.Duration(ns));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("1x")]
    [InlineData("")]
    public void Bad_durations_are_refused(string text) => Assert.False(GoText.TryParseDuration(text, out _, out _));

    [Fact]
    public void Times_are_written_back_in_UTC_with_seconds()
    {
        Assert.True(GoText.TryParseRfc3339("2024-01-01T10:00:00.123+02:00", out var t, out _));
        Assert.Equal("2024-01-01T08:00:00Z", GoText.Rfc3339(t));
        Assert.False(GoText.TryParseRfc3339("2024-01-01 10:00:00Z", out _, out var error));
        Assert.StartsWith("parsing time \"2024-01-01 10:00:00Z\" as \"2006-01-02T15:04:05Z07:00\"", error);
    }

    [Fact]
    public void Base64_needs_padding_and_skips_line_breaks_only()
    {
        Assert.True(GoText.TryDecodeBase64("YW\nJj", out var bytes, out _));
        Assert.Equal("abc"u8.ToArray(), bytes);
        Assert.False(GoText.TryDecodeBase64("YWJ", out _, out _));
        Assert.False(GoText.TryDecodeBase64("YW Jj", out _, out var error));
        Assert.Equal("illegal base64 data at input byte 2", error);
    }
}
