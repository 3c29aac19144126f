using System.Globalization;
using System.Numerics;

namespace PspReplacement.Kubernetes.Values;

/// <summary>The format a quantity was written in, which decides how it is written back (resource.Format).</summary>
public enum QuantityFormat { DecimalSI, BinarySI, DecimalExponent }

/// <summary>
/// k8s.io/apimachinery's resource.Quantity as the apiserver decodes and re-encodes it: ParseQuantity (values finer
/// than a nano rounded up, binary-SI capped at 2^63-1, the format taken from the suffix) and String() (the canonical
/// form: "0.5" becomes "500m", "1000" becomes "1k", "1.5Gi" becomes "1536Mi"). Like Go's, a parsed string that is
/// already canonical-looking is kept as written (ParseQuantity caches it), which is why "+1" stays "+1".
/// Value = Unscaled × 10^Exponent.
/// </summary>
public sealed class KubeQuantity
{
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string SuffixError = "unable to parse quantity's suffix";
    public const string NumericError = "unable to parse numeric part of quantity";

    private const int Nano = -9;
    private const int MaxInt64Factors = 18;
    private static readonly BigInteger MaxBinary = long.MaxValue;

    private KubeQuantity(BigInteger unscaled, int exponent, QuantityFormat format, string? cached)
    {
        Unscaled = unscaled;
        Exponent = exponent;
        Format = format;
        _cached = cached;
    }

    private readonly string? _cached;

    public BigInteger Unscaled { get; }
    public int Exponent { get; }
    public QuantityFormat Format { get; }
    public bool IsZero => Unscaled.IsZero;

    public static readonly KubeQuantity Zero = new(BigInteger.Zero, 0, QuantityFormat.DecimalSI, null);

    /// <summary>resource.ParseQuantity.</summary>
    public static bool TryParse(string text, out KubeQuantity quantity, out string error)
    {
        quantity = Zero;
        error = FormatError;
        if (text.Length == 0) return false;
        if (text == "0") { quantity = new KubeQuantity(0, 0, QuantityFormat.DecimalSI, "0"); error = ""; return true; }
        if (!Split(text, out var positive, out var value, out var num, out var denom, out var suffix)) return false;
        if (!Suffix(suffix, out var binary, out var exponent, out var format)) { error = SuffixError; return false; }

        // The fast path of ParseQuantity: small exact values, whose canonical-looking text is kept.
        int precision;
        var scale = 0;
        long mantissa = 1;
        if (!binary)
        {
            scale = exponent;
            precision = MaxInt64Factors - (num.Length + denom.Length);
        }
        else if (exponent >= 0 && denom.Length == 0)
        {
            mantissa <<= exponent;
            precision = 15 - num.Length - (int)(exponent * 3f / 10f) - 1;
        }
        else precision = -1;
        if (precision >= 0)
        {
            scale -= denom.Length;
            if (scale >= Nano)
            {
                var shifted = num + denom;
                if (!long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) { error = NumericError; return false; }
                var product = (BigInteger)v * mantissa;
                if (product <= long.MaxValue)
                {
                    if (!positive) product = -product;
                    var canonicalLooking = format == QuantityFormat.BinarySI
                        ? exponent % 10 == 0 && (v & 0x07) != 0
                        : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
                    quantity = new KubeQuantity(product, scale, format, canonicalLooking ? text : null);
                    error = "";
                    return true;
                }
            }
        }

        // The exact path: any size, rounded up to nanos.
        if (!ParseDecimal(value, out var unscaled, out var decimals)) { error = NumericError; return false; }
        var exp = -decimals;
        if (!binary) exp += exponent;
        else unscaled *= BigInteger.Pow(2, exponent);
        var negative = unscaled.Sign < 0;
        unscaled = BigInteger.Abs(unscaled);
        if (!unscaled.IsZero && exp < Nano)
        {
            var divisor = BigInteger.Pow(10, Nano - exp);
            unscaled = BigInteger.DivRem(unscaled, divisor, out var rest) + (rest.IsZero ? 0 : 1);
            exp = Nano;
        }
        if (format == QuantityFormat.BinarySI && Compare(unscaled, exp, MaxBinary, 0) > 0) { unscaled = MaxBinary; exp = 0; }
        if (format == QuantityFormat.BinarySI && !unscaled.IsZero && Compare(unscaled, exp, 1, 0) < 0) format = QuantityFormat.DecimalSI;
        quantity = new KubeQuantity(negative ? -unscaled : unscaled, exp, format, null);
        error = "";
        return true;
    }

    /// <summary>Quantity.RoundUp(scale): rounds away from zero to 10^scale; keeps the written text when nothing changes.</summary>
    public KubeQuantity RoundUp(int scale)
    {
        if (Exponent >= scale) return this;
        var divisor = BigInteger.Pow(10, scale - Exponent);
        var q = BigInteger.DivRem(BigInteger.Abs(Unscaled), divisor, out var rest);
        if (!rest.IsZero) q += 1;
        return new KubeQuantity(Unscaled.Sign < 0 ? -q : q, scale, Format, null);
    }

    /// <summary>Quantity.Add: the sum keeps this quantity's format unless this one is zero.</summary>
    public KubeQuantity Plus(KubeQuantity other)
    {
        var e = Math.Min(Exponent, other.Exponent);
        var sum = Unscaled * BigInteger.Pow(10, Exponent - e) + other.Unscaled * BigInteger.Pow(10, other.Exponent - e);
        return new KubeQuantity(sum, e, IsZero ? other.Format : Format, null);
    }

    public int CompareTo(KubeQuantity other) => Compare(Unscaled, Exponent, other.Unscaled, other.Exponent);

    /// <summary>Quantity.String().</summary>
    public override string ToString()
    {
        if (_cached is not null) return _cached;
        if (Unscaled.IsZero) return "0";
        var format = Format;
        BigInteger integer = 0;
        if (format == QuantityFormat.BinarySI)
        {
            if (Compare(BigInteger.Abs(Unscaled), Exponent, 1024, 0) < 0) format = QuantityFormat.DecimalSI;
            else if (!TryInteger(out integer)) format = QuantityFormat.DecimalSI;
        }
        if (format == QuantityFormat.BinarySI)
        {
            var power = 0;
            var m = integer;
            while (power < 6 && !m.IsZero && m % 1024 == 0) { m /= 1024; power++; }
            return m.ToString(CultureInfo.InvariantCulture) + power switch { 0 => "", 1 => "Ki", 2 => "Mi", 3 => "Gi", 4 => "Ti", 5 => "Pi", _ => "Ei" };
        }
        var (digits, exponent) = CanonicalDecimal();
        return digits + (format == QuantityFormat.DecimalExponent ? (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture)) : DecimalSuffix(exponent));
    }

    private (string Digits, int Exponent) CanonicalDecimal()
    {
        var amount = Unscaled;
        var exponent = Exponent;
        while (!amount.IsZero && amount % 10 == 0) { amount /= 10; exponent++; }
        switch (exponent % 3)
        {
            case 1 or -2: amount *= 10; exponent -= 1; break;
            case 2 or -1: amount *= 100; exponent -= 2; break;
        }
        return (amount.ToString(CultureInfo.InvariantCulture), exponent);
    }

    // Beyond E (10^18) Go's suffixer has no name and writes the digits alone; values that large do not occur in
    // manifests that pass validation.
    private static string DecimalSuffix(int exponent) => exponent switch
    {
        -9 => "n", -6 => "u", -3 => "m", 0 => "", 3 => "k", 6 => "M", 9 => "G", 12 => "T", 15 => "P", 18 => "E", _ => "",
    };

    private bool TryInteger(out BigInteger value)
    {
        if (Exponent >= 0) { value = Unscaled * BigInteger.Pow(10, Exponent); return true; }
        value = BigInteger.DivRem(Unscaled, BigInteger.Pow(10, -Exponent), out var rest);
        return rest.IsZero;
    }

    private static int Compare(BigInteger a, int ae, BigInteger b, int be)
    {
        if (a.Sign != b.Sign) return a.Sign.CompareTo(b.Sign);
        if (a.IsZero) return 0;
        // Orders of magnitude first, so that 1e999999999 against 1m never builds a billion-digit number.
        var magnitudeA = (long)BigInteger.Abs(a).ToString(CultureInfo.InvariantCulture).Length + ae;
        var magnitudeB = (long)BigInteger.Abs(b).ToString(CultureInfo.InvariantCulture).Length + be;
        if (magnitudeA != magnitudeB) return a.Sign * magnitudeA.CompareTo(magnitudeB);
        var e = Math.Min(ae, be);
        return (a * BigInteger.Pow(10, ae - e)).CompareTo(b * BigInteger.Pow(10, be - e));
    }

    // parseQuantityString: sign, leading zeros, digits, an optional fraction, then suffix letters and a signed exponent.
    private static bool Split(string s, out bool positive, out string value, out string num, out string denom, out string suffix)
    {
        positive = true; value = s; num = "0"; denom = ""; suffix = "";
        var pos = 0;
        var end = s.Length;
        if (s[0] == '-') { positive = false; pos++; }
        else if (s[0] == '+') pos++;
        while (pos < end && s[pos] == '0') pos++;
        if (pos >= end) { value = "0"; return true; }
        var start = pos;
        while (pos < end && char.IsAsciiDigit(s[pos])) pos++;
        num = pos == start ? "0" : s[start..pos];
        if (pos >= end) { value = s; return true; }
        if (s[pos] == '.')
        {
            pos++;
            var denomStart = pos;
            while (pos < end && char.IsAsciiDigit(s[pos])) pos++;
            denom = s[denomStart..pos];
            if (pos >= end) { value = s; return true; }
        }
        value = s[..pos];
        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(s[pos])) pos++;
        if (pos < end && s[pos] is '-' or '+') pos++;
        while (pos < end && char.IsAsciiDigit(s[pos])) pos++;
        suffix = s[suffixStart..];
        return pos >= end;
    }

    private static bool Suffix(string suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        exponent = suffix switch
        {
            "" => 0, "n" => -9, "u" => -6, "m" => -3, "k" => 3, "M" => 6, "G" => 9, "T" => 12, "P" => 15, "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue) return true;
        exponent = suffix switch { "Ki" => 10, "Mi" => 20, "Gi" => 30, "Ti" => 40, "Pi" => 50, "Ei" => 60, _ => int.MinValue };
        if (exponent != int.MinValue) { binary = true; format = QuantityFormat.BinarySI; return true; }
        // A decimal exponent: e or E and a signed integer (strconv.ParseInt, then truncated to 32 bits as Go does).
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && long.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            exponent = unchecked((int)parsed);
            format = QuantityFormat.DecimalExponent;
            return true;
        }
        exponent = 0;
        return false;
    }

    // inf.Dec.SetString of the numeric part (sign, digits, fraction).
    private static bool ParseDecimal(string value, out BigInteger unscaled, out int decimals)
    {
        unscaled = 0;
        decimals = 0;
        var s = value;
        var negative = s.StartsWith('-');
        if (s.StartsWith('-') || s.StartsWith('+')) s = s[1..];
        var dot = s.IndexOf('.');
        var digits = dot < 0 ? s : s[..dot] + s[(dot + 1)..];
        if (dot >= 0) decimals = s.Length - dot - 1;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return digits.Length == 0 && dot >= 0 ? Zeroed(out unscaled) : false;
        unscaled = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) unscaled = -unscaled;
        return true;
    }

    private static bool Zeroed(out BigInteger unscaled) { unscaled = 0; return true; }
}
