using System.Collections;
using System.Globalization;
using System.Text;

namespace PspReplacement.Cel.Runtime;

public static partial class CelValue
{
    /// <summary>Converts plain .NET data (as decoded from YAML/JSON: IDictionary&lt;string, object?&gt;, IList&lt;object?&gt;, string, long, int, ulong, double, bool, null) to CEL values.</summary>
    public static object FromPlain(object? value)
    {
        switch (value)
        {
            case null: return CelNull.Value;
            case string or long or ulong or double or CelBytes or CelNull or CelType or CelDuration or CelTimestamp or CelOptional or CelError or ICelOpaque or CelMap:
                return value;
            case bool b: return Bool(b);
            case int i: return (long)i;
            case short s: return (long)s;
            case sbyte sb: return (long)sb;
            case uint u: return (ulong)u;
            case ushort us: return (ulong)us;
            case byte by: return (ulong)by;
            case float f: return (double)f;
            case decimal m: return (double)m;
            case byte[] bytes: return new CelBytes(bytes);
            case DateTimeOffset dto: return TimeValues.FromDateTimeOffset(dto);
            case DateTime dt: return TimeValues.FromDateTimeOffset(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt));
            case TimeSpan ts: return TimeValues.FromTimeSpan(ts);
            case IDictionary<string, object?> dict:
            {
                var d = new Dictionary<string, object>(dict.Count, StringComparer.Ordinal);
                foreach (var (k, v) in dict) d[k] = FromPlain(v);
                return CelMap.WrapStrings(d);
            }
            case IReadOnlyDictionary<string, object?> rdict:
            {
                var d = new Dictionary<string, object>(rdict.Count, StringComparer.Ordinal);
                foreach (var (k, v) in rdict) d[k] = FromPlain(v);
                return CelMap.WrapStrings(d);
            }
            case IDictionary nd:
            {
                var d = new Dictionary<object, object>(nd.Count, CelKeyComparer.Instance);
                foreach (DictionaryEntry e in nd) d[FromPlain(e.Key)] = FromPlain(e.Value);
                return CelMap.Wrap(d);
            }
            case IList list:
            {
                var items = new object[list.Count];
                for (var i = 0; i < items.Length; i++) items[i] = FromPlain(list[i]);
                return items;
            }
            case IEnumerable seq:
            {
                var items = new List<object>();
                foreach (var item in seq) items.Add(FromPlain(item));
                return items.ToArray();
            }
            default:
                throw new ArgumentException($"cannot convert a {value.GetType().Name} to a CEL value", nameof(value));
        }
    }

    /// <summary>Prints a value as CEL would print it (a CEL literal where one exists: 1, 1u, 1.0, "a", b"\x00", [1, 2], {"a": 1}, optional.of(1), int, duration("1s")).</summary>
    public static string Format(object value)
    {
        var sb = new StringBuilder();
        Format(sb, value);
        return sb.ToString();
    }

    private static void Format(StringBuilder sb, object value)
    {
        switch (value)
        {
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case ulong u: sb.Append(u.ToString(CultureInfo.InvariantCulture)).Append('u'); break;
            case double d: sb.Append(FormatDouble(d)); break;
            case string s: QuoteString(sb, s); break;
            case CelBytes y: QuoteBytes(sb, y); break;
            case CelNull: sb.Append("null"); break;
            case CelType t: sb.Append(t.Name); break;
            case CelDuration dur: sb.Append("duration(\"").Append(TimeValues.FormatDuration(dur)).Append("\")"); break;
            case CelTimestamp ts: sb.Append("timestamp(\"").Append(TimeValues.FormatTimestamp(ts)).Append("\")"); break;
            case CelOptional o:
                if (o.HasValue) { sb.Append("optional.of("); Format(sb, o.Value); sb.Append(')'); }
                else sb.Append("optional.none()");
                break;
            case CelError e: sb.Append("error(").Append(e.Message).Append(')'); break;
            case ICelMap m:
            {
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in m)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Format(sb, k);
                    sb.Append(": ");
                    Format(sb, v);
                }
                sb.Append('}');
                break;
            }
            case IReadOnlyList<object> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Format(sb, list[i]);
                }
                sb.Append(']');
                break;
            default: sb.Append(value); break;
        }
    }

    internal static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "double(\"NaN\")";
        if (double.IsPositiveInfinity(d)) return "double(\"Infinity\")";
        if (double.IsNegativeInfinity(d)) return "double(\"-Infinity\")";
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s.Replace("E+", "e+").Replace("E-", "e-") : s + ".0";
    }

    private static void QuoteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    private static void QuoteBytes(StringBuilder sb, CelBytes bytes)
    {
        sb.Append("b\"");
        foreach (var b in bytes.Data.Span)
        {
            if (b == '"') sb.Append("\\\"");
            else if (b == '\\') sb.Append("\\\\");
            else if (b >= 0x20 && b < 0x7f) sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        sb.Append('"');
    }
}
