using System.Globalization;
using System.Numerics;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// A Kubernetes resource.Quantity as an exact decimal (Unscaled × 10^-Scale): a signed decimal number then a binary-SI
/// suffix (Ki Mi Gi Ti Pi Ei), a decimal-SI suffix (n u m k M G T P E) or a decimal exponent (e3, E-2).
/// </summary>
public readonly record struct Quantity(BigInteger Unscaled, int Scale) : IComparable<Quantity>
{
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string SuffixError = "unable to parse quantity's suffix";
    public const string NumericError = "unable to parse numeric part of quantity";

    private const string SuffixCharacters = "eEinumkKMGTP";
    private static readonly BigInteger MaxBinary = long.MaxValue;

    /// <summary>
    /// resource.ParseQuantity, following its scanner: a sign, digits, an optional fraction, then suffix letters and an
    /// optional signed exponent. Like Kubernetes it accepts a bare sign or point as zero ("-", "." and "Gi" are 0),
    /// rounds values finer than a nano up, and caps binary-SI amounts at 2^63-1.
    /// </summary>
    public static bool TryParse(string text, out Quantity quantity, out string? error)
    {
        quantity = default;
        error = FormatError;
        if (text.Length == 0) return false;
        var end = text.Length;
        var pos = 0;
        var negative = false;
        if (text[0] is '+' or '-') { negative = text[0] == '-'; pos++; }
        while (pos < end && text[pos] == '0') pos++;
        string num = "", denom = "", suffix = "";
        if (pos < end)
        {
            var numStart = pos;
            while (pos < end && char.IsAsciiDigit(text[pos])) pos++;
            num = text[numStart..pos];
            if (pos < end && text[pos] == '.')
            {
                pos++;
                var denomStart = pos;
                while (pos < end && char.IsAsciiDigit(text[pos])) pos++;
                denom = text[denomStart..pos];
            }
            var suffixStart = pos;
            while (pos < end && SuffixCharacters.Contains(text[pos])) pos++;
            if (pos < end && text[pos] is '+' or '-') pos++;
            while (pos < end && char.IsAsciiDigit(text[pos])) pos++;
            if (pos < end) return false; // something other than a suffix or exponent follows the number
            suffix = text[suffixStart..];
        }
        if (!TrySuffix(suffix, out var base2Power, out var exponent)) { error = SuffixError; return false; }
        if (Math.Abs((long)exponent) > 1000) { error = NumericError; return false; }
        var unscaled = BigInteger.Parse("0" + num + denom, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = denom.Length - exponent;
        if (suffix.Length > 0 && suffix[^1] == 'i')
        {
            unscaled *= BigInteger.Pow(2, base2Power);
            var magnitude = new Quantity(unscaled, scale).RoundUpToNano();
            // Kubernetes caps binary-SI quantities at the largest int64.
            if (magnitude.CompareTo(new Quantity(MaxBinary, 0)) > 0) magnitude = new Quantity(MaxBinary, 0);
            quantity = (negative ? new Quantity(-magnitude.Unscaled, magnitude.Scale) : magnitude).Normalize();
        }
        else quantity = new Quantity(negative ? -unscaled : unscaled, scale).RoundUpToNano().Normalize();
        error = null;
        return true;
    }

    private static bool TrySuffix(string suffix, out int base2Power, out int exponent)
    {
        base2Power = 0;
        exponent = 0;
        switch (suffix)
        {
            case "": return true;
            case "Ki": base2Power = 10; return true;
            case "Mi": base2Power = 20; return true;
            case "Gi": base2Power = 30; return true;
            case "Ti": base2Power = 40; return true;
            case "Pi": base2Power = 50; return true;
            case "Ei": base2Power = 60; return true;
            case "n": exponent = -9; return true;
            case "u": exponent = -6; return true;
            case "m": exponent = -3; return true;
            case "k": exponent = 3; return true;
            case "M": exponent = 6; return true;
            case "G": exponent = 9; return true;
            case "T": exponent = 12; return true;
            case "P": exponent = 15; return true;
            case "E": exponent = 18; return true;
        }
        // A decimal exponent: e or E and a signed integer (strconv.ParseInt).
        return suffix.Length > 1 && suffix[0] is 'e' or 'E'
               && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent);
    }

    private Quantity RoundUpToNano()
    {
        if (Scale <= 9) return this;
        var divisor = BigInteger.Pow(10, Scale - 9);
        var q = BigInteger.DivRem(Unscaled, divisor, out var r);
        if (!r.IsZero) q += Unscaled.Sign;
        return new Quantity(q, 9);
    }

    /// <summary>Drops trailing zeros so equal values have one representation.</summary>
    private Quantity Normalize()
    {
        if (Unscaled.IsZero) return new Quantity(BigInteger.Zero, 0);
        var u = Unscaled;
        var s = Scale;
        while (true)
        {
            var q = BigInteger.DivRem(u, 10, out var r);
            if (!r.IsZero) break;
            u = q;
            s--;
        }
        return new Quantity(u, s);
    }

    private static (BigInteger A, BigInteger B, int Scale) Align(Quantity a, Quantity b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return (a.Unscaled * BigInteger.Pow(10, scale - a.Scale), b.Unscaled * BigInteger.Pow(10, scale - b.Scale), scale);
    }

    public static Quantity operator +(Quantity a, Quantity b) { var (x, y, s) = Align(a, b); return new Quantity(x + y, s).Normalize(); }
    public static Quantity operator -(Quantity a, Quantity b) { var (x, y, s) = Align(a, b); return new Quantity(x - y, s).Normalize(); }
    public static Quantity FromInteger(long value) => new Quantity(value, 0).Normalize();

    public int CompareTo(Quantity other) { var (x, y, _) = Align(this, other); return x.CompareTo(y); }
    public int Sign => Unscaled.Sign;

    /// <summary>The integer value, if the quantity is an integer that fits in int64 (resource.Quantity.AsInt64).</summary>
    public bool TryAsInt64(out long value)
    {
        value = 0;
        BigInteger whole;
        if (Scale <= 0) whole = Unscaled * BigInteger.Pow(10, -Scale);
        else
        {
            whole = BigInteger.DivRem(Unscaled, BigInteger.Pow(10, Scale), out var r);
            if (!r.IsZero) return false;
        }
        if (whole < long.MinValue || whole > long.MaxValue) return false;
        value = (long)whole;
        return true;
    }

    public double AsApproximateDouble() =>
        Scale <= 0 ? (double)(Unscaled * BigInteger.Pow(10, -Scale)) : (double)Unscaled / Math.Pow(10, Scale);

    public override string ToString()
    {
        if (Scale <= 0) return (Unscaled * BigInteger.Pow(10, -Scale)).ToString(CultureInfo.InvariantCulture);
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        return (Unscaled.Sign < 0 ? "-" : "") + digits[..^Scale] + "." + digits[^Scale..];
    }
}
