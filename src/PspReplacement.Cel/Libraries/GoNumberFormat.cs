using System.Globalization;
using System.Numerics;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// Go's fmt %f and %e, which string.format() reproduces: with exact round-half-even on the binary value (what Go does; .NET rounds ties away from zero).
/// </summary>
internal static class GoNumberFormat
{
    /// <summary>strconv.FormatFloat(v, 'g', -1, 64), cel-go's double-to-string; the parser's GoFormat.Double does the work.</summary>
    public static string Shortest(double v) => Parsing.GoFormat.Double(v);

    /// <summary>fmt's %.Nf.</summary>
    public static string Fixed(double v, int precision)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsInfinity(v)) return v > 0 ? "+Inf" : "-Inf";
        var (num, den) = Rational(Math.Abs(v));
        num *= BigInteger.Pow(10, precision);
        var q = RoundHalfEven(num, den);
        var digits = q.ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        var text = precision == 0 ? digits : digits[..^precision] + "." + digits[^precision..];
        return (double.IsNegative(v) ? "-" : "") + text;
    }

    /// <summary>fmt's %.Ne: one digit, N decimals, exponent with at least two digits.</summary>
    public static string Scientific(double v, int precision)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsInfinity(v)) return v > 0 ? "+Inf" : "-Inf";
        var sign = double.IsNegative(v) ? "-" : "";
        var a = Math.Abs(v);
        BigInteger q;
        var exp = 0;
        if (a == 0) q = BigInteger.Zero;
        else
        {
            exp = (int)Math.Floor(Math.Log10(a));
            var lower = BigInteger.Pow(10, precision);
            var upper = lower * 10;
            while (true)
            {
                q = ScaledByPowerOfTen(a, precision - exp);
                if (q >= upper) { exp++; continue; }
                if (q < lower) { exp--; continue; }
                break;
            }
        }
        var digits = q.ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        var mantissa = precision == 0 ? digits : digits[..1] + "." + digits[1..];
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    private static BigInteger ScaledByPowerOfTen(double a, int power)
    {
        var (num, den) = Rational(a);
        if (power >= 0) num *= BigInteger.Pow(10, power);
        else den *= BigInteger.Pow(10, -power);
        return RoundHalfEven(num, den);
    }

    /// <summary>A finite non-negative double as an exact fraction.</summary>
    private static (BigInteger Num, BigInteger Den) Rational(double a)
    {
        var bits = BitConverter.DoubleToInt64Bits(a);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        var e = exponent - 1075;
        return e >= 0 ? (new BigInteger(mantissa) << e, BigInteger.One) : (new BigInteger(mantissa), BigInteger.One << -e);
    }

    private static BigInteger RoundHalfEven(BigInteger num, BigInteger den)
    {
        var q = BigInteger.DivRem(num, den, out var r);
        var twice = r * 2;
        if (twice > den || twice == den && !q.IsEven) q += 1;
        return q;
    }
}
