using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-go's ext.Math (not part of Kubernetes' base environment; offered for the cel-spec conformance suite and for
/// tools that want it). math.greatest/least are macros in cel-go; here they are functions of one list or of 1 to 8 numbers.
/// </summary>
public sealed class MathLibrary : ICelLibrary
{
    private const int MaxArity = 8;
    public string Name => "math";

    public IEnumerable<Overload> Overloads
    {
        get
        {
            foreach (var (name, preferWhen) in new[] { ("greatest", 1), ("least", -1) })
            {
                // One argument: a list of numbers or a single number. Two to MaxArity: the numbers themselves.
                yield return Overload.Of($"math_{name}_1", "math." + name, false, CelType.Dyn, a => a is IReadOnlyList<object> l ? Extreme(name, l, preferWhen) : Extreme(name, [a], preferWhen));
                for (var n = 2; n <= MaxArity; n++)
                    yield return Overload.OfN($"math_{name}_{n}", "math." + name, false, Enumerable.Repeat(CelType.Dyn, n).ToList(), args => Extreme(name, args, preferWhen));
            }
            yield return Double("ceil", Math.Ceiling);
            yield return Double("floor", Math.Floor);
            yield return Double("round", v => Math.Round(v, MidpointRounding.AwayFromZero));
            yield return Double("trunc", Math.Truncate);
            yield return Overload.Of("math_isNaN_double", "math.isNaN", false, CelType.Double, a => a is double d ? CelValue.Bool(double.IsNaN(d)) : NoSuchOverload());
            yield return Overload.Of("math_isInf_double", "math.isInf", false, CelType.Double, a => a is double d ? CelValue.Bool(double.IsInfinity(d)) : NoSuchOverload());
            yield return Overload.Of("math_isFinite_double", "math.isFinite", false, CelType.Double, a => a is double d ? CelValue.Bool(double.IsFinite(d)) : NoSuchOverload());
            yield return Overload.Of("math_abs", "math.abs", false, CelType.Dyn, a => a switch
            {
                long l => l == long.MinValue ? Error("integer overflow") : Math.Abs(l),
                ulong u => u,
                double d => Math.Abs(d),
                _ => NoSuchOverload(),
            });
            yield return Overload.Of("math_sign", "math.sign", false, CelType.Dyn, a => a switch
            {
                long l => (long)Math.Sign(l),
                ulong u => u == 0 ? 0UL : 1UL,
                double d => d > 0 ? 1.0 : d < 0 ? -1.0 : d,
                _ => NoSuchOverload(),
            });
            yield return Bitwise("bitAnd", (x, y) => x & y, (x, y) => x & y);
            yield return Bitwise("bitOr", (x, y) => x | y, (x, y) => x | y);
            yield return Bitwise("bitXor", (x, y) => x ^ y, (x, y) => x ^ y);
            yield return Overload.Of("math_bitNot", "math.bitNot", false, CelType.Dyn, a => a switch { long l => ~l, ulong u => ~u, _ => NoSuchOverload() });
            yield return Overload.Of("math_bitShiftLeft", "math.bitShiftLeft", false, CelType.Dyn, CelType.Int, (a, b) => Shift("bitShiftLeft", a, b, left: true));
            yield return Overload.Of("math_bitShiftRight", "math.bitShiftRight", false, CelType.Dyn, CelType.Int, (a, b) => Shift("bitShiftRight", a, b, left: false));
        }
    }

    private static Overload Double(string name, Func<double, double> f) =>
        Overload.Of($"math_{name}_double", "math." + name, false, CelType.Double, a => a is double d ? f(d) : NoSuchOverload());

    private static Overload Bitwise(string name, Func<long, long, long> ints, Func<ulong, ulong, ulong> uints) =>
        Overload.Of($"math_{name}", "math." + name, false, CelType.Dyn, CelType.Dyn, (a, b) => (a, b) switch
        {
            (long x, long y) => ints(x, y),
            (ulong x, ulong y) => uints(x, y),
            _ => NoSuchOverload(),
        });

    /// <summary>Shifts of 64 or more give 0; right shifts of ints are logical, as cel-go does them.</summary>
    private static object Shift(string name, object value, object by, bool left)
    {
        if (by is not long n) return NoSuchOverload();
        if (n < 0) return Error($"math.{name}() negative offset: {n}");
        return value switch
        {
            long l => n >= 64 ? 0L : left ? l << (int)n : (long)((ulong)l >> (int)n),
            ulong u => n >= 64 ? 0UL : left ? u << (int)n : u >> (int)n,
            _ => NoSuchOverload(),
        };
    }

    private static object Extreme(string name, IReadOnlyList<object> values, int preferWhen)
    {
        if (values.Count == 0) return Error($"math.{name}() requires at least one argument");
        object? result = null;
        foreach (var v in values)
        {
            if (v is not (long or ulong or double)) return NoSuchOverload();
            if (result is null || CelValue.Compare(v, result) == preferWhen) result = v;
        }
        return result!;
    }
}
