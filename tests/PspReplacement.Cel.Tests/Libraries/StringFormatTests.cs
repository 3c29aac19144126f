using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class StringFormatTests
{
    private static object Format(string f, params object[] args) => Call(new StringsLibrary(4), "format", f, (IReadOnlyList<object>)args);
    private static object FormatKubernetes(string f, params object[] args) => Call(new StringsLibrary(2), "format", f, (IReadOnlyList<object>)args);

    [Theory]
    [InlineData("%.3f", 1.2345, "1.234")]
    [InlineData("%f", 2.71828, "2.718280")]
    [InlineData("%.0f", 1.5, "2")]
    [InlineData("%.0f", 2.5, "2")]
    [InlineData("%.0f", 3.5001, "4")]
    [InlineData("%.3f", -123.4999, "-123.500")]
    [InlineData("%.5f", -1.2, "-1.20000")]
    [InlineData("%e", 2.71828, "2.718280e+00")]
    [InlineData("%.6e", 1052.032911275, "1.052033e+03")]
    [InlineData("%e", 0.0, "0.000000e+00")]
    [InlineData("%.2e", 1e-300, "1.00e-300")]
    [InlineData("%f", double.NaN, "NaN")]
    [InlineData("%e", double.NegativeInfinity, "-Infinity")]
    public void Doubles(string f, double value, string expected) => Assert.Equal(expected, Format(f, value));

    [Fact]
    public void Integers_in_every_base()
    {
        Assert.Equal("this is 5 in binary: 101", Format("this is 5 in binary: %b", 5L));
        Assert.Equal("1", Format("%b", true));
        Assert.Equal("177777", Format("%o", 65535UL));
        Assert.Equal("1e 1E", Format("%x %X", 30L, 30L));
        Assert.Equal("-ff", Format("%x", -255L));
        Assert.Equal("48656c6c6f20776f726c6421", Format("%x", "Hello world!"));
        Assert.Equal("6279746520737472696E67", Format("%X", new CelBytes("byte string"u8.ToArray())));
        Assert.Equal("-9223372036854775808", Format("%d", long.MinValue));
    }

    [Fact]
    public void Strings_and_composites()
    {
        Assert.Equal("% and also %", Format("%% and also %%"));
        Assert.Equal("%text%", Format("%%%s%%", "text"));
        Assert.Equal("null", Format("%s", CelNull.Value));
        Assert.Equal("32, 56.8", Format("%s, %s", 32L, 56.8));
        Assert.Equal("1e+06 123456", Format("%s %s", 1e6, 123456.0));
        Assert.Equal("string", Format("%s", CelType.String));
        Assert.Equal("2023-02-03T23:31:20Z", Format("%s", new CelTimestamp(1675467080, 0)));
        Assert.Equal("6347s 1.5s", Format("%s %s", new CelDuration(6347, 0), new CelDuration(1, 500_000_000)));
        Assert.Equal("[abc, 3.14, null, [9, 8], NaN]", Format("%s", L("abc", 3.14, CelNull.Value, L(9L, 8L), double.NaN)));
    }

    [Fact]
    public void Kubernetes_versions_print_list_members_as_cel_literals()
    {
        Assert.Equal("[\"abc\", 3.140000, b\"x\", duration(\"2s\"), \"NaN\"]",
            FormatKubernetes("%s", L("abc", 3.14, new CelBytes("x"u8.ToArray()), new CelDuration(2, 0), double.NaN)));
        Assert.Equal("abc", FormatKubernetes("%s", "abc"));
        Assert.Equal("{\"a\":1, \"b\":[true]}", FormatKubernetes("%s", Map(("b", L(true)), ("a", 1L))));
        Assert.Equal("error during formatting: decimal clause can only be used on integers, was given double", ErrorMessage(FormatKubernetes("%d", double.NaN)));
    }

    [Theory]
    [InlineData("%.2f", 1234.5, "1,234.50")]
    [InlineData("%.0f", -1234567.0, "-1,234,567")]
    [InlineData("%f", 0.5, "0.500000")]
    [InlineData("%e", 2.71828, "2.718280\u202f\u00d7\u202f10\u2070\u2070")]
    [InlineData("%.3e", 1052.032911275, "1.052033\u202f\u00d7\u202f10\u2070\u00b3")]
    [InlineData("%e", 0.00012, "1.200000\u202f\u00d7\u202f10\u207b\u2070\u2074")]
    [InlineData("%f", double.PositiveInfinity, "\u221e")]
    [InlineData("%e", double.NegativeInfinity, "-\u221e")]
    public void Kubernetes_versions_format_doubles_with_the_en_US_printer(string f, double value, string expected) =>
        Assert.Equal(expected, FormatKubernetes(f, value));

    private static ICelMap Map(params (object Key, object Value)[] entries)
    {
        Assert.True(CelMap.TryCreate(entries.Select(e => new KeyValuePair<object, object>(e.Key, e.Value)), out var map, out _));
        return map;
    }

    [Theory]
    [InlineData("%a", "could not parse formatting clause: unrecognized formatting clause \"a\"")]
    [InlineData("%E", "could not parse formatting clause: unrecognized formatting clause \"E\"")]
    [InlineData("%d %d %d", "index 2 out of range")]
    public void Clause_errors(string f, string message) => Assert.Equal(message, ErrorMessage(Format(f, 0L, 1L)));

    [Fact]
    public void Type_errors_name_the_given_type()
    {
        Assert.Equal("error during formatting: only integers and bools can be formatted as binary, was given string", ErrorMessage(Format("%b", "abc")));
        Assert.Equal("error during formatting: decimal clause can only be used on integers, was given google.protobuf.Duration", ErrorMessage(Format("%d", new CelDuration(1, 0))));
        Assert.Equal("error during formatting: only integers, byte buffers, and strings can be formatted as hex, was given double", ErrorMessage(Format("%x", 0.5)));
        Assert.Equal("error during formatting: fixed-point clause can only be used on doubles, was given null_type", ErrorMessage(Format("%f", CelNull.Value)));
        Assert.Equal("error during formatting: scientific clause can only be used on doubles, was given null_type", ErrorMessage(Format("%e", CelNull.Value)));
        Assert.Equal("error during formatting: octal clause can only be used on integers, was given string", ErrorMessage(Format("%o", "a")));
    }
}
