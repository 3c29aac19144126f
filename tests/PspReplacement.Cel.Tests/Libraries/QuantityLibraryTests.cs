using PspReplacement.Cel.Libraries;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class QuantityLibraryTests
{
    private static readonly QuantityLibrary Lib = new();
    private static object Q(string s) => Call(Lib, "quantity", s);

    [Theory]
    [InlineData("", Quantity.FormatError)]
    [InlineData("1.2.3", Quantity.FormatError)]
    [InlineData("1 Gi", Quantity.FormatError)]
    [InlineData(" 1", Quantity.FormatError)]
    [InlineData("1Gib", Quantity.FormatError)]
    [InlineData("1K", Quantity.SuffixError)]
    [InlineData("1e", Quantity.SuffixError)]
    [InlineData("1Mi3", Quantity.SuffixError)]
    [InlineData("1m1", Quantity.SuffixError)]
    [InlineData("+-1", Quantity.SuffixError)]
    public void Invalid_quantities(string text, string message)
    {
        Assert.Equal(message, ErrorMessage(Q(text)));
        Assert.Equal(false, Call(Lib, "isQuantity", text));
    }

    [Theory]
    [InlineData("1Ki", 1024L)]
    [InlineData("1Ei", 1152921504606846976L)]
    [InlineData("1k", 1000L)]
    [InlineData("1E", 1000000000000000000L)]
    [InlineData("1e3", 1000L)]
    [InlineData("1E3", 1000L)]
    [InlineData("+5", 5L)]
    [InlineData("-5", -5L)]
    [InlineData(".5k", 500L)]
    [InlineData("5.", 5L)]
    [InlineData("1500m", null)]
    [InlineData("8Ei", long.MaxValue)]
    [InlineData("-16Ei", -long.MaxValue)]
    [InlineData("1e-3", null)]
    [InlineData("5e+2", 500L)]
    [InlineData("-", 0L)]
    [InlineData(".", 0L)]
    [InlineData("Gi", 0L)]
    [InlineData("000", 0L)]
    public void Integer_values(string text, long? expected)
    {
        var q = Q(text);
        Assert.Equal(expected is not null, Call(Lib, "isInteger", q));
        if (expected is { } v) Assert.Equal(v, Call(Lib, "asInteger", q));
        else Assert.Equal("cannot convert value to integer", ErrorMessage(Call(Lib, "asInteger", q)));
    }

    [Fact]
    public void Values_finer_than_a_nano_round_up_away_from_zero()
    {
        Assert.Equal(0L, Call(Lib, "compareTo", Q("0.1n"), Q("1n")));
        Assert.Equal(0L, Call(Lib, "compareTo", Q("-0.1n"), Q("-1n")));
        Assert.Equal(0L, Call(Lib, "sign", Q("0")));
    }

    [Fact]
    public void Exact_arithmetic_and_comparison()
    {
        Assert.Equal(Q("1Gi"), Q("1024Mi"));
        Assert.Equal(true, Call(Lib, "isGreaterThan", Q("1Gi"), Q("1G")));
        Assert.Equal(true, Call(Lib, "isLessThan", Q("999m"), Q("1")));
        Assert.Equal(Q("1.1"), Call(Lib, "add", Q("100m"), 1L));
        Assert.Equal(Q("-900m"), Call(Lib, "sub", Q("100m"), 1L));
        Assert.Equal(Q("0"), Call(Lib, "sub", Q("1Ki"), Q("1024")));
        Assert.Equal(0.001, Call(Lib, "asApproximateFloat", Q("1m")));
        Assert.Equal(-1L, Call(Lib, "compareTo", Q("1"), Q("1.000000001")));
    }
}
