using System.Globalization;

using PspReplacement.Cel.Parsing;

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
        return long.TryParse(JsonText(d), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? (object)l : d;
    }

    /// <summary>
    /// A float64 as encoding/json writes it: the shortest digits that read back the same, as a plain decimal when
    /// 1e-6 ≤ |x| &lt; 1e21 and in exponent form otherwise ("1e+21", "1e-7"). kubectl and Helm send YAML floats to the
    /// apiserver this way, so this is the text a Quantity or an integer field is parsed from there.
    /// </summary>
    public static string JsonText(double value)
    {
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        var (negative, digits, point) = GoFormat.Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var abs = Math.Abs(value);
        return abs >= 1e-6 && abs < 1e21 ? GoFormat.Plain(negative, digits, point) : GoFormat.Exponent(negative, digits, point, 1);
    }

    /// <summary>strconv.FormatFloat(f, 'g', -1, 32), with sigs.k8s.io/yaml's names for the infinities and NaN.</summary>
    public static string FormatG32(double f)
    {
        if (double.IsNaN(f)) return ".nan";
        var single = (float)f;
        if (float.IsPositiveInfinity(single)) return ".inf";
        if (float.IsNegativeInfinity(single)) return "-.inf";
        return GoFormat.Single(single);
    }
}
