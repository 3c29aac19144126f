using System.Globalization;
using System.Text;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Go's formatting of floats (strconv.FormatFloat's shortest forms, %v) and strings (strconv.Quote), which cel-go's
/// debug output and errors use, and which the YAML layer needs for the text kubectl and Helm send to the apiserver.
/// </summary>
public static class GoFormat
{
    /// <summary>strconv.FormatFloat(d, 'g', -1, 64), Go's %v for a float64.</summary>
    public static string Double(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (d == 0) return double.IsNegative(d) ? "-0" : "0";
        return ShortestG(d.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that read back as the same float32.</summary>
    public static string Single(float f)
    {
        if (float.IsNaN(f)) return "NaN";
        if (float.IsPositiveInfinity(f)) return "+Inf";
        if (float.IsNegativeInfinity(f)) return "-Inf";
        if (f == 0) return float.IsNegative(f) ? "-0" : "0";
        return ShortestG(f.ToString("R", CultureInfo.InvariantCulture));
    }

    // %g with the shortest digits switches to %e below 1e-4 and from 1e+6 on (eprec is 6 for the shortest form).
    private static string ShortestG(string roundTrip)
    {
        var (negative, digits, point) = Decompose(roundTrip);
        var exponent = point - 1;
        return exponent < -4 || exponent >= 6 ? Exponent(negative, digits, point, 2) : Plain(negative, digits, point);
    }

    /// <summary>
    /// The sign, significant digits (no leading or trailing zeros) and decimal point position of a round-trip number
    /// text: digits d1d2… mean 0.d1d2… × 10^point.
    /// </summary>
    public static (bool Negative, string Digits, int Point) Decompose(string text)
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

    /// <summary>Decomposed digits as a plain decimal (%f with exactly those digits).</summary>
    public static string Plain(bool negative, string digits, int point)
    {
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (point <= 0) sb.Append("0.").Append('0', -point).Append(digits);
        else if (point >= digits.Length) sb.Append(digits).Append('0', point - digits.Length);
        else sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        return sb.ToString();
    }

    /// <summary>Decomposed digits in exponent form, d.ddde±x, the exponent written with at least the given number of digits.</summary>
    public static string Exponent(bool negative, string digits, int point, int exponentDigits)
    {
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        sb.Append(digits[0]);
        if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
        var exponent = point - 1;
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        sb.Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(exponentDigits, '0'));
        return sb.ToString();
    }

    /// <summary>Go's strconv.Quote: printable characters as they are, others as \a..\v, \xHH, \uHHHH or \UHHHHHHHH.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (IsPrint(rune)) { sb.Append(rune.ToString()); continue; }
            if (v < ' ' || v == 0x7f) sb.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            else if (v < 0x10000) sb.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Go's strconv.Quote of string(bytes): valid UTF-8 sequences print as characters (escaped as <see cref="Quote"/>
    /// does), and each byte that does not start a valid sequence prints as \xHH.
    /// </summary>
    public static string QuoteBytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("\"");
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                sb.Append("\\x").Append(bytes[0].ToString("x2", CultureInfo.InvariantCulture));
                bytes = bytes[1..];
                continue;
            }
            var quoted = Quote(rune.ToString());
            sb.Append(quoted, 1, quoted.Length - 2);
            bytes = bytes[consumed..];
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(Rune r)
    {
        if (r.Value == ' ') return true;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}
