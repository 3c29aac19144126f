using System.Globalization;
using System.Text;
using System.Text.Unicode;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-spec's standard definitions: operators, size, string tests, matches, type conversions and dyn/type.
/// Overloads take dyn parameters and switch on the runtime type, so one candidate serves every CEL type and the
/// evaluator calls it without a dispatch loop; the error for an unsupported type is cel-go's "no such overload".
/// The comparison and equality operators order numbers across int, uint and double (CrossTypeNumericComparisons).
/// </summary>
public sealed class StandardLibrary : ICelLibrary
{
    public static readonly StandardLibrary Instance = new();

    public string Name => "standard";

    /// <summary>The type names every environment knows as identifiers (int, list, google.protobuf.Timestamp, ...).</summary>
    public IEnumerable<CelType> Types =>
    [
        CelType.Int, CelType.Uint, CelType.Double, CelType.Bool, CelType.String, CelType.Bytes, CelType.List, CelType.Map,
        CelType.Null, CelType.Type, CelType.Duration, CelType.Timestamp,
    ];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var dyn = CelType.Dyn;
            yield return Overload.Of("add", "_+_", false, dyn, dyn, Arithmetic.Add);
            yield return Overload.Of("subtract", "_-_", false, dyn, dyn, Arithmetic.Subtract);
            yield return Overload.Of("multiply", "_*_", false, dyn, dyn, Arithmetic.Multiply);
            yield return Overload.Of("divide", "_/_", false, dyn, dyn, Arithmetic.Divide);
            yield return Overload.Of("modulo", "_%_", false, dyn, dyn, Arithmetic.Modulo);
            yield return Overload.Of("negate", "-_", false, dyn, Arithmetic.Negate);
            yield return Overload.Of("less", "_<_", false, dyn, dyn, (a, b) => Ordering(a, b, "_<_", c => c < 0));
            yield return Overload.Of("less_equals", "_<=_", false, dyn, dyn, (a, b) => Ordering(a, b, "_<=_", c => c <= 0));
            yield return Overload.Of("greater", "_>_", false, dyn, dyn, (a, b) => Ordering(a, b, "_>_", c => c > 0));
            yield return Overload.Of("greater_equals", "_>=_", false, dyn, dyn, (a, b) => Ordering(a, b, "_>=_", c => c >= 0));
            yield return Overload.Of("equals", "_==_", false, dyn, dyn, (a, b) => CelValue.Bool(CelValue.ValueEquals(a, b)));
            yield return Overload.Of("not_equals", "_!=_", false, dyn, dyn, (a, b) => CelValue.Bool(!CelValue.ValueEquals(a, b)));
            yield return Overload.Of("index", "_[_]", false, dyn, dyn, Access.Index);
            yield return Overload.Of("in", "@in", false, dyn, dyn, In);
            yield return Overload.Of("size", "size", false, dyn, Size);
            yield return Overload.Of("size_receiver", "size", true, dyn, Size);
            yield return Overload.Of("contains_string", "contains", true, CelType.String, CelType.String, (a, b) => CelValue.Bool(((string)a).Contains((string)b, StringComparison.Ordinal)));
            yield return Overload.Of("starts_with_string", "startsWith", true, CelType.String, CelType.String, (a, b) => CelValue.Bool(((string)a).StartsWith((string)b, StringComparison.Ordinal)));
            yield return Overload.Of("ends_with_string", "endsWith", true, CelType.String, CelType.String, (a, b) => CelValue.Bool(((string)a).EndsWith((string)b, StringComparison.Ordinal)));
            yield return Overload.Of("matches", "matches", false, CelType.String, CelType.String, Matches);
            yield return Overload.Of("matches_string", "matches", true, CelType.String, CelType.String, Matches);
            yield return Overload.Of("int", "int", false, dyn, Conversions.ToInt);
            yield return Overload.Of("uint", "uint", false, dyn, Conversions.ToUint);
            yield return Overload.Of("double", "double", false, dyn, Conversions.ToDouble);
            yield return Overload.Of("string", "string", false, dyn, Conversions.ToStringValue);
            yield return Overload.Of("bytes", "bytes", false, dyn, Conversions.ToBytes);
            yield return Overload.Of("bool", "bool", false, dyn, Conversions.ToBool);
            yield return Overload.Of("type", "type", false, dyn, a => CelValue.TypeOf(a));
            yield return Overload.Of("dyn", "dyn", false, dyn, a => a);
            // Internal to the two-variable comprehension macros (transformMap): the accumulator map plus one entry.
            yield return Overload.Of("cel_mapInsert_key_value", "cel.@mapInsert", false, CelType.Map, dyn, dyn, MapInsert);
            yield return Overload.Of("cel_mapInsert_map", "cel.@mapInsert", false, CelType.Map, CelType.Map, (m, more) =>
            {
                object acc = m;
                foreach (var (k, v) in (ICelMap)more)
                {
                    acc = MapInsert(acc, k, v);
                    if (acc is CelError) return acc;
                }
                return acc;
            });
        }
    }

    private static object MapInsert(object map, object key, object value)
    {
        var m = (ICelMap)map;
        if (m.TryGetValue(key, out _)) return new CelError($"insert failed: key {CelValue.Format(key)} already exists");
        var d = new Dictionary<object, object>(m.Count + 1, CelKeyComparer.Instance);
        foreach (var (k, v) in m) d[k] = v;
        d[key] = value;
        return CelMap.Wrap(d);
    }

    private static object Ordering(object a, object b, string op, Func<int, bool> test)
    {
        var c = CelValue.CompareValues(a, b);
        if (c == CelValue.NotComparable) return CelErrors.NoSuchOverload(op, a, b);
        return c == CelValue.Unordered ? CelValue.False : CelValue.Bool(test(c));
    }

    private static object In(object element, object container)
    {
        switch (container)
        {
            case ICelMap m:
                return CelValue.Bool(m.TryGetValue(element, out _));
            case string:
                return CelErrors.NoSuchOverload("@in", element, container);
            case IReadOnlyList<object> list:
                for (var i = 0; i < list.Count; i++)
                    if (CelValue.ValueEquals(element, list[i])) return CelValue.True;
                return CelValue.False;
            default:
                return CelErrors.NoSuchOverload("@in", element, container);
        }
    }

    private static object Size(object v) => v switch
    {
        string s => CodePointCount(s),
        CelBytes b => (long)b.Length,
        ICelMap m => (long)m.Count,
        IReadOnlyList<object> l => (long)l.Count,
        _ => CelErrors.NoSuchOverload("size", v),
    };

    private static long CodePointCount(string s)
    {
        long n = s.Length;
        foreach (var c in s)
            if (char.IsLowSurrogate(c)) n--;
        return n;
    }

    private static object Matches(object text, object pattern)
    {
        var regex = Re2.Compile((string)pattern, out var error);
        return regex is null ? new CelError(error ?? "invalid regular expression") : CelValue.Bool(regex.IsMatch((string)text));
    }
}

/// <summary>The type conversion functions with cel-go's range and format rules.</summary>
internal static class Conversions
{
    public static object ToInt(object v) => v switch
    {
        long => v,
        ulong u => u > long.MaxValue ? CelErrors.IntOverflow : (long)u,
        // cel-go: the double must lie strictly inside the int64 range (after truncation).
        double d => double.IsNaN(d) || d <= -9.2233720368547758E18 || d >= 9.2233720368547758E18 ? CelErrors.IntOverflow : (long)d,
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : new CelError($"cannot parse '{s}' as int"),
        CelTimestamp t => t.Seconds,
        CelDuration d => TimeValues.TotalNanos(d) is var n && n <= long.MaxValue && n >= long.MinValue ? (long)n : CelErrors.IntOverflow,
        _ => CelErrors.NoSuchOverload("int", v),
    };

    public static object ToUint(object v) => v switch
    {
        ulong => v,
        long l => l < 0 ? CelErrors.UintOverflow : (ulong)l,
        double d => double.IsNaN(d) || d < 0 || d >= 18446744073709551616.0 ? CelErrors.UintOverflow : (ulong)d,
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : new CelError($"cannot parse '{s}' as uint"),
        _ => CelErrors.NoSuchOverload("uint", v),
    };

    public static object ToDouble(object v) => v switch
    {
        double => v,
        long l => (double)l,
        ulong u => (double)u,
        string s => ParseDouble(s),
        _ => CelErrors.NoSuchOverload("double", v),
    };

    // Go's strconv.ParseFloat: decimal or exponent form, "Inf"/"Infinity"/"NaN" in any case, optional sign.
    private static object ParseDouble(string s)
    {
        var t = s.Trim();
        var body = t.TrimStart('+', '-');
        var negative = t.StartsWith('-');
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            return t.Length - body.Length <= 1 ? (negative ? double.NegativeInfinity : double.PositiveInfinity) : Bad();
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase)) return t.Length == body.Length ? double.NaN : Bad();
        if (t.Length != s.Length || t.Length == 0) return Bad();
        return double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)
            ? d : Bad();
        CelError Bad() => new($"cannot parse '{s}' as double");
    }

    public static object ToStringValue(object v) => v switch
    {
        string => v,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => GoNumberFormat.Shortest(d),
        bool b => b ? "true" : "false",
        CelBytes b => BytesToString(b),
        CelTimestamp t => TimeValues.FormatTimestamp(t),
        CelDuration d => TimeValues.FormatDuration(d),
        _ => CelErrors.NoSuchOverload("string", v),
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static object BytesToString(CelBytes b)
    {
        // Validate first, so invalid UTF-8 is an error value rather than an exception.
        if (!Utf8.IsValid(b.Data.Span)) return new CelError("invalid UTF-8 in bytes, cannot convert to string");
        return StrictUtf8.GetString(b.Data.Span);
    }

    public static object ToBytes(object v) => v switch
    {
        CelBytes => v,
        string s => new CelBytes(Encoding.UTF8.GetBytes(s)),
        _ => CelErrors.NoSuchOverload("bytes", v),
    };

    public static object ToBool(object v) => v switch
    {
        bool => v,
        string s => s switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => CelValue.True,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => CelValue.False,
            _ => new CelError($"type conversion error from 'string' to 'bool': '{s}'"),
        },
        _ => CelErrors.NoSuchOverload("bool", v),
    };
}
