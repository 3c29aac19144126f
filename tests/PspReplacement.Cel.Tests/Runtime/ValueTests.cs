using CsCheck;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

public sealed class ValueTests
{
    [Fact]
    public void Numeric_equality_crosses_types_but_nan_equals_nothing()
    {
        Assert.True(CelValue.ValueEquals(1L, 1UL));
        Assert.True(CelValue.ValueEquals(1L, 1.0));
        Assert.True(CelValue.ValueEquals(1UL, 1.0));
        Assert.False(CelValue.ValueEquals(-1L, ulong.MaxValue));
        Assert.False(CelValue.ValueEquals(double.NaN, double.NaN));
        Assert.False(CelValue.ValueEquals(1L, "1"));
        Assert.False(CelValue.ValueEquals(new CelError("x"), new CelError("x")));
    }

    [Fact]
    public void Compare_orders_across_numeric_types_and_refuses_other_mixes()
    {
        Assert.Equal(-1, CelValue.Compare(1L, 1.5));
        Assert.Equal(1, CelValue.Compare(2UL, -1L));
        Assert.Equal(0, CelValue.Compare(2.0, 2UL));
        Assert.Null(CelValue.Compare(1L, "1"));
        Assert.Null(CelValue.Compare(double.NaN, 1.0));
        Assert.Equal(1, CelValue.Compare("\U0001F600", "\uFFFD")); // code point order, not UTF-16 order
    }

    [Fact]
    public void Maps_find_numeric_keys_by_cel_equality()
    {
        Assert.True(CelMap.TryCreate([new(1L, "a"), new("k", "b")], out var map, out _));
        Assert.True(map.TryGetValue(1UL, out var v1) && (string)v1 == "a");
        Assert.True(map.TryGetValue(1.0, out var v2) && (string)v2 == "a");
        Assert.False(map.TryGetValue(1.5, out _));
        Assert.False(CelMap.TryCreate([new(1L, "a"), new(1UL, "b")], out _, out var dup));
        Assert.Equal(1UL, dup);
    }

    [Fact]
    public void FromPlain_keeps_ints_as_ints_and_converts_containers()
    {
        var v = CelValue.FromPlain(new Dictionary<string, object?> { ["n"] = 3, ["d"] = 1.5, ["l"] = new List<object?> { null, true, "s" } });
        Assert.Equal("{\"n\": 3, \"d\": 1.5, \"l\": [null, true, \"s\"]}", CelValue.Format(v));
        Assert.IsType<long>(((ICelMap)v).Single(kv => (string)kv.Key == "n").Value);
    }

    [Theory]
    [InlineData("1u", "1u")]
    [InlineData("1.0", "1.0")]
    [InlineData("b'\\x00a'", "b\"\\x00a\"")]
    [InlineData("'a\"b\\n'", "\"a\\\"b\\n\"")]
    [InlineData("duration('90m')", "duration(\"5400s\")")]
    [InlineData("timestamp('2024-01-02T03:04:05.5+01:00')", "timestamp(\"2024-01-02T02:04:05.5Z\")")]
    [InlineData("optional.of([1, {'a': null}])", "optional.of([1, {\"a\": null}])")]
    [InlineData("type(1)", "int")]
    public void Format_prints_cel_literals(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Fact]
    public void Equality_is_reflexive_and_symmetric_for_numbers()
    {
        Gen.OneOf(Gen.Long.Select(l => (object)l), Gen.ULong.Select(u => (object)u), Gen.Double.Select(d => (object)d))
            .Select(Gen.OneOf(Gen.Long.Select(l => (object)l), Gen.ULong.Select(u => (object)u), Gen.Double.Select(d => (object)d)))
            .Sample((a, b) =>
                CelValue.ValueEquals(a, b) == CelValue.ValueEquals(b, a)
                && (a is double d && double.IsNaN(d) || CelValue.ValueEquals(a, a))
                && (CelValue.Compare(a, b) is not { } c || c == -(CelValue.Compare(b, a) ?? 0)));
    }
}
