using System.Globalization;
using System.Text;

namespace PspReplacement.Cel.Parsing;

/// <summary>Go's formatting of doubles (%v) and strings (strconv.Quote), which cel-go's debug output and errors use.</summary>
internal static class GoFormat
{
    /// <summary>Go's %v for a float64: shortest digits, exponent form when the decimal exponent is &lt; -4 or ≥ 6.</summary>
    public static string Double(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (d == 0) return double.IsNegative(d) ? "-0" : "0";
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var (digits, exp) = Decompose(shortest);
        var negative = d < 0;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        var x = exp - 1; // exponent in d.ddd form
        if (x < -4 || x >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(x < 0 ? '-' : '+');
            var ax = Math.Abs(x);
            sb.Append(ax < 10 ? "0" + ax : ax.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
        if (exp <= 0) sb.Append("0.").Append('0', -exp).Append(digits);
        else if (exp >= digits.Length) sb.Append(digits).Append('0', exp - digits.Length);
        else sb.Append(digits, 0, exp).Append('.').Append(digits, exp, digits.Length - exp);
        return sb.ToString();
    }

    /// <summary>Significant digits (no leading/trailing zeros) and the position of the decimal point relative to them.</summary>
    private static (string Digits, int Exp) Decompose(string s)
    {
        s = s.TrimStart('-');
        var e = 0;
        var ei = s.IndexOfAny(['E', 'e']);
        if (ei >= 0)
        {
            e = int.Parse(s[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..ei];
        }
        var dot = s.IndexOf('.');
        var intPart = dot >= 0 ? s[..dot] : s;
        var frac = dot >= 0 ? s[(dot + 1)..] : "";
        var all = intPart + frac;
        var point = intPart.Length + e;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        point -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (all, point);
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
