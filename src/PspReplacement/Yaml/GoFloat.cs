using System.Globalization;
using System.Text;

namespace PspReplacement.Yaml;

/// <summary>The float parsing and formatting of Go's strconv that the YAML → JSON path depends on.</summary>
internal static class GoFloat
{
    /// <summary>resolve.go's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</summary>
    public static bool MatchesYamlFloat(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i)) return false;
        }
        else
        {
            if (!Digits(s, ref i)) return false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                Digits(s, ref i);
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (!Digits(s, ref i)) return false;
        }
        return i == s.Length;
    }

    private static bool Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start;
    }

    /// <summary>
    /// strconv.ParseFloat(s, 64) for text that starts with '.': decimal digits after the point and an optional
    /// exponent, where (as in Go's float literals) an underscore may stand between two digits. Out of range fails, as in Go.
    /// </summary>
    public static bool TryParseDotFloat(string s, out double value)
    {
        value = 0;
        if (s.Contains('_'))
        {
            if (!UnderscoresBetweenDigits(s)) return false;
            s = s.Replace("_", "", StringComparison.Ordinal);
        }
        var i = 1;
        if (!Digits(s, ref i)) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (!Digits(s, ref i)) return false;
        }
        return i == s.Length && TryParse(s, out value);
    }

    // strconv's underscoreOK for a decimal number: every underscore has a digit on both sides.
    private static bool UnderscoresBetweenDigits(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (s[i] == '_' && (i == 0 || !char.IsAsciiDigit(s[i - 1]) || i + 1 >= s.Length || !char.IsAsciiDigit(s[i + 1])))
                return false;
        return true;
    }

    /// <summary>strconv.ParseFloat of text already known to be a decimal float: correctly rounded; overflow fails.</summary>
    public static bool TryParse(string s, out double value)
    {
        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
            return false;
        return double.IsFinite(value);
    }

    /// <summary>
    /// A float after encoding/json's Marshal and apimachinery's decoding: Marshal writes it in shortest form, as an
    /// integer when it is one below 1e21, and the decoder makes an int64 of any number ParseInt accepts.
    /// </summary>
    public static object ThroughJson(double d)
    {
        if (d != Math.Floor(d) || Math.Abs(d) >= 1e21) return d;
        var (negative, digits, point) = Shortest(d.ToString("R", CultureInfo.InvariantCulture));
        if (digits == "0") return 0L;
        // The integer text Marshal writes: the shortest digits followed by zeros up to the decimal point.
        if (point > 19) return d;
        var text = (negative ? "-" : "") + digits + new string('0', point - digits.Length);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? (object)l : d;
    }

    /// <summary>
    /// A float64 as encoding/json writes it: the shortest digits that read back the same, as a plain decimal when
    /// 1e-6 ≤ |x| &lt; 1e21 and in exponent form otherwise ("1e+21", "1e-7"). kubectl and Helm send YAML floats to the
    /// apiserver this way, so this is the text a Quantity or an integer field is parsed from there.
    /// </summary>
    public static string JsonText(double value)
    {
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        var (negative, digits, point) = Shortest(value.ToString("R", CultureInfo.InvariantCulture));
        var sign = negative ? "-" : "";
        var abs = Math.Abs(value);
        if (abs >= 1e-6 && abs < 1e21)
        {
            if (point <= 0) return sign + "0." + new string('0', -point) + digits;
            if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length);
            return sign + digits[..point] + "." + digits[point..];
        }
        var exponent = point - 1;
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>strconv.FormatFloat(f, 'g', -1, 32), with sigs.k8s.io/yaml's names for the infinities and NaN.</summary>
    public static string FormatG32(double f)
    {
        if (double.IsNaN(f)) return ".nan";
        var single = (float)f;
        if (float.IsPositiveInfinity(single)) return ".inf";
        if (float.IsNegativeInfinity(single)) return "-.inf";
        if (single == 0) return float.IsNegative(single) ? "-0" : "0";
        var (negative, digits, point) = Shortest(single.ToString("R", CultureInfo.InvariantCulture));
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        var exponent = point - 1;
        // %g with the shortest digits switches to %e below 1e-4 and from 1e+6 on (eprec is 6 for the shortest form).
        if (exponent < -4 || exponent >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            var e = Math.Abs(exponent);
            if (e < 10) sb.Append('0');
            sb.Append(e.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
        if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            sb.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
        return sb.ToString();
    }

    /// <summary>The sign, significant digits and decimal point position (digits d1d2… mean 0.d1d2… × 10^point) of a round-trip number text.</summary>
    private static (bool Negative, string Digits, int Point) Shortest(string text)
    {
        var negative = text.StartsWith('-');
        if (negative) text = text[1..];
        var exponent = 0;
        var cut = text.IndexOfAny(['E', 'e']);
        if (cut >= 0)
        {
            exponent = int.Parse(text[(cut + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..cut];
        }
        var dot = text.IndexOf('.');
        var intPart = dot >= 0 ? text[..dot] : text;
        var fraction = dot >= 0 ? text[(dot + 1)..] : "";
        var digits = intPart + fraction;
        var point = intPart.Length + exponent;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; point--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        return (negative, digits, point);
    }
}
