using System.Text;
using System.Globalization;
using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// The string.format() of cel-go's strings extension: clauses %s %d %f %e %b %o %x %X (with optional .N precision for
/// %f and %e) and %% for a percent sign. Errors read like cel-go's. Library versions below 4 (every Kubernetes version)
/// use cel-go's first formatter: strings, bytes, durations and timestamps inside lists and maps print as CEL literals
/// ("a", duration("1s")), doubles there with six decimals, and %f/%e go through x/text's en_US printer (1,234.50,
/// 2.718280 × 10⁰⁰, ∞). Version 4 is the locale-free formatter the cel-spec conformance data expects.
/// </summary>
internal static class StringFormatter
{
    private const int DefaultPrecision = 6;

    public static object Format(string format, IReadOnlyList<object> args, uint version)
    {
        var sb = new StringBuilder(format.Length + 16);
        var argIndex = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); i++; continue; }
            i++;
            if (i < format.Length && format[i] == '%') { sb.Append('%'); i++; continue; }
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                var start = i;
                while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
                if (i == start || !int.TryParse(format.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                    return new CelError("could not parse formatting clause: error while parsing precision");
                // The text it asks for would pass the apiserver's cost limit long before it is built.
                if (p > EvaluationLimits.MaxSize) return EvaluationLimits.Exceeded;
                precision = p;
            }
            if (i >= format.Length) return new CelError("could not parse formatting clause: unexpected end of string");
            var verb = char.ConvertFromUtf32(char.ConvertToUtf32(format, i));
            i += verb.Length;
            if (verb is not ("s" or "d" or "f" or "e" or "b" or "o" or "x" or "X"))
                return new CelError($"could not parse formatting clause: unrecognized formatting clause \"{verb}\"");
            if (argIndex >= args.Count) return new CelError($"index {argIndex} out of range");
            var arg = args[argIndex++];
            var text = verb switch
            {
                "s" => FormatString(arg, version, nested: false),
                "d" => Decimal(arg, version),
                "f" => version >= 4 ? Fixed(arg, precision ?? DefaultPrecision) : LocalizedFixed(arg, precision ?? DefaultPrecision),
                "e" => version >= 4 ? Scientific(arg, precision ?? DefaultPrecision) : LocalizedScientific(arg),
                "b" => Binary(arg),
                "o" => Octal(arg),
                "x" => Hex(arg, upper: false),
                _ => Hex(arg, upper: true),
            };
            if (text is CelError err) return new CelError("error during formatting: " + err.Message);
            sb.Append((string)text);
        }
        return sb.ToString();
    }

    private static string TypeName(object v) => v switch
    {
        long => "int", ulong => "uint", double => "double", bool => "bool", string => "string", CelBytes => "bytes",
        CelNull => "null_type", IReadOnlyList<object> => "list", ICelMap => "map", CelDuration => "google.protobuf.Duration",
        CelTimestamp => "google.protobuf.Timestamp", CelType => "type", CelOptional => "optional_type", ICelOpaque o => o.Type.Name,
        _ => v.GetType().Name,
    };

    private static object FormatString(object arg, uint version, bool nested)
    {
        switch (arg)
        {
            case IReadOnlyList<object> list:
            {
                var sb = new StringBuilder("[");
                for (var k = 0; k < list.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    var item = FormatString(list[k], version, nested: true);
                    if (item is CelError) return item;
                    sb.Append((string)item);
                }
                return sb.Append(']').ToString();
            }
            case ICelMap map:
            {
                var entries = new List<(string Key, string Value)>();
                foreach (var (k, v) in map)
                {
                    if (k is not (string or bool or long or ulong))
                        return new CelError($"no formatting function for map key of type {TypeName(k)}");
                    var key = FormatString(k, version, nested: true);
                    var value = FormatString(v, version, nested: true);
                    if (key is CelError) return key;
                    if (value is CelError) return value;
                    entries.Add(((string)key, (string)value));
                }
                entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                var separator = version >= 4 ? ": " : ":";
                return "{" + string.Join(", ", entries.Select(e => e.Key + separator + e.Value)) + "}";
            }
            case long or ulong or bool or CelNull:
                return ScalarText(arg);
            case string s:
                return nested && version < 4 ? GoFormat.Quote(s) : s;
            case CelBytes b:
            {
                var s = Encoding.UTF8.GetString(b.Data.Span);
                return nested && version < 4 ? "b" + GoFormat.Quote(s) : s;
            }
            case double d:
                if (nested && version < 4)
                    return double.IsFinite(d) ? GoNumberFormat.Fixed(d, DefaultPrecision) : "\"" + CelDoubleSpecial(d) + "\"";
                return double.IsFinite(d) ? GoFormat.Double(d) : CelDoubleSpecial(d);
            case CelDuration dur:
                return nested && version < 4 ? $"duration(\"{TimeValues.FormatDuration(dur)}\")" : TimeValues.FormatDuration(dur);
            case CelTimestamp ts:
                return nested && version < 4 ? $"timestamp(\"{TimeValues.FormatTimestamp(ts)}\")" : TimeValues.FormatTimestamp(ts);
            case CelType t:
                return t.Name;
            default:
                return new CelError("string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given " + TypeName(arg));
        }
    }

    private static string ScalarText(object v) => v switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => "null",
    };

    private static string CelDoubleSpecial(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static object Decimal(object arg, uint version) => arg switch
    {
        long or ulong => ScalarText(arg),
        double d when version >= 4 && !double.IsFinite(d) => CelDoubleSpecial(d),
        _ => new CelError("decimal clause can only be used on integers, was given " + TypeName(arg)),
    };

    private static object? SpecialDouble(object arg) => arg switch
    {
        double d when !double.IsFinite(d) => CelDoubleSpecial(d),
        string s when s is "NaN" or "Infinity" or "-Infinity" => s,
        _ => null,
    };

    private static object Fixed(object arg, int precision) =>
        SpecialDouble(arg) ?? (arg is double d ? GoNumberFormat.Fixed(d, precision) : new CelError("fixed-point clause can only be used on doubles, was given " + TypeName(arg)));

    private static object Scientific(object arg, int precision) =>
        SpecialDouble(arg) ?? (arg is double d ? GoNumberFormat.Scientific(d, precision) : new CelError("scientific clause can only be used on doubles, was given " + TypeName(arg)));

    // Versions below 4 print %f and %e through golang.org/x/text/message with the en_US locale: digit grouping,
    // ∞ for infinities, and scientific notation as "1.052033 × 10⁰³". cel-go also builds the %e verb as "%<precision>e",
    // a width rather than a precision, so the mantissa always has six decimals.
    private static object LocalizedFixed(object arg, int precision)
    {
        var value = ToDouble(arg);
        if (value is not double d) return new CelError("fixed-point clause can only be used on doubles, was given " + TypeName(arg));
        if (!double.IsFinite(d)) return LocalizedSpecial(d);
        var text = GoNumberFormat.Fixed(d, precision);
        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var grouped = new StringBuilder();
        for (var k = 0; k < whole.Length; k++)
        {
            if (k > 0 && (whole.Length - k) % 3 == 0) grouped.Append(',');
            grouped.Append(whole[k]);
        }
        return (negative ? "-" : "") + grouped + (point < 0 ? "" : digits[point..]);
    }

    private static object LocalizedScientific(object arg)
    {
        var value = ToDouble(arg);
        if (value is not double d) return new CelError("scientific clause can only be used on doubles, was given " + TypeName(arg));
        if (!double.IsFinite(d)) return LocalizedSpecial(d);
        var text = GoNumberFormat.Scientific(d, DefaultPrecision);
        var e = text.IndexOf('e');
        var exponent = text[(e + 1)..];
        var superscript = new StringBuilder();
        foreach (var c in exponent)
        {
            if (c == '-') superscript.Append('\u207B');
            else if (c != '+') superscript.Append("\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079"[c - '0']);
        }
        return text[..e] + "\u202F\u00D7\u202F10" + superscript;
    }

    private static object? ToDouble(object arg) => arg switch
    {
        double d => d,
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => null,
    };

    private static string LocalizedSpecial(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "\u221E" : "-\u221E";

    private static object Binary(object arg) => arg switch
    {
        long l => (l < 0 ? "-" : "") + UnsignedBase(l < 0 ? (ulong)-(Int128)l : (ulong)l, 2),
        ulong u => UnsignedBase(u, 2),
        bool b => b ? "1" : "0",
        _ => new CelError("only integers and bools can be formatted as binary, was given " + TypeName(arg)),
    };

    private static object Octal(object arg) => arg switch
    {
        long l => (l < 0 ? "-" : "") + UnsignedBase(l < 0 ? (ulong)-(Int128)l : (ulong)l, 8),
        ulong u => UnsignedBase(u, 8),
        _ => new CelError("octal clause can only be used on integers, was given " + TypeName(arg)),
    };

    private static object Hex(object arg, bool upper)
    {
        string text;
        switch (arg)
        {
            case long l: text = (l < 0 ? "-" : "") + UnsignedBase(l < 0 ? (ulong)-(Int128)l : (ulong)l, 16); break;
            case ulong u: text = UnsignedBase(u, 16); break;
            case string s: text = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)); break;
            case CelBytes b: text = Convert.ToHexStringLower(b.Data.Span); break;
            default: return new CelError("only integers, byte buffers, and strings can be formatted as hex, was given " + TypeName(arg));
        }
        return upper ? text.ToUpperInvariant() : text;
    }

    private static string UnsignedBase(ulong value, int radix)
    {
        if (value == 0) return "0";
        var chars = new Stack<char>();
        while (value > 0) { chars.Push("0123456789abcdef"[(int)(value % (ulong)radix)]); value /= (ulong)radix; }
        return new string([.. chars]);
    }
}
