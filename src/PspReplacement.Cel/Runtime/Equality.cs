namespace PspReplacement.Cel.Runtime;

public static partial class CelValue
{
    /// <summary>
    /// CEL equality (heterogeneous numeric equality as Kubernetes enables it: 1 == 1u == 1.0; NaN equals nothing).
    /// Lists and maps compare deeply. Errors are never equal to anything; values of different types are unequal.
    /// </summary>
    public static bool ValueEquals(object a, object b)
    {
        switch (a)
        {
            case string sa: return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case long la:
                return b switch { long lb => la == lb, ulong ub => la >= 0 && (ulong)la == ub, double db => DoubleIntCompare(db, la) == 0, _ => false };
            case ulong ua:
                return b switch { ulong ub => ua == ub, long lb => lb >= 0 && (ulong)lb == ua, double db => DoubleUintCompare(db, ua) == 0, _ => false };
            case double da:
                return b switch { double db => da == db, long lb => DoubleIntCompare(da, lb) == 0, ulong ub => DoubleUintCompare(da, ub) == 0, _ => false };
            case bool ba: return b is bool bb && ba == bb;
            case CelNull: return b is CelNull;
            case CelBytes ya: return b is CelBytes yb && ya.Equals(yb);
            case CelType ta: return b is CelType tb && ta.Equals(tb);
            case CelDuration xa: return b is CelDuration xb && xa == xb;
            case CelTimestamp ma: return b is CelTimestamp mb && ma == mb;
            case CelOptional oa: return b is CelOptional ob && oa.Equals(ob);
            case CelError: return false;
            case ICelMap mapA: return b is ICelMap mapB && MapEquals(mapA, mapB);
            case IReadOnlyList<object> listA: return b is IReadOnlyList<object> listB && b is not string && ListEquals(listA, listB);
            default: return !(b is CelError) && a.Equals(b);
        }
    }

    private static bool ListEquals(IReadOnlyList<object> a, IReadOnlyList<object> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!ValueEquals(a[i], b[i])) return false;
        return true;
    }

    private static bool MapEquals(ICelMap a, ICelMap b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var other) || !ValueEquals(v, other)) return false;
        return true;
    }

    /// <summary>Result of <see cref="CompareValues"/> when the values have no ordering between them (different types).</summary>
    internal const int NotComparable = int.MinValue;
    /// <summary>Result of <see cref="CompareValues"/> when a NaN makes the values unordered (every comparison is false).</summary>
    internal const int Unordered = int.MaxValue;

    /// <summary>
    /// CEL ordering, including the cross-type numeric ordering Kubernetes enables (1 &lt; 1.5, 2u &gt; -1).
    /// Returns -1, 0 or 1; null when the values cannot be ordered (different types, NaN, or types without ordering).
    /// </summary>
    public static int? Compare(object a, object b)
    {
        var c = CompareValues(a, b);
        return c is NotComparable or Unordered ? null : c;
    }

    /// <summary>-1, 0, 1, or <see cref="NotComparable"/> / <see cref="Unordered"/>.</summary>
    internal static int CompareValues(object a, object b)
    {
        switch (a)
        {
            case long la:
                return b switch
                {
                    long lb => la.CompareTo(lb),
                    ulong ub => la < 0 ? -1 : ((ulong)la).CompareTo(ub),
                    double db => Negate(DoubleIntCompare(db, la)),
                    _ => NotComparable,
                };
            case ulong ua:
                return b switch
                {
                    ulong ub => ua.CompareTo(ub),
                    long lb => lb < 0 ? 1 : ua.CompareTo((ulong)lb),
                    double db => Negate(DoubleUintCompare(db, ua)),
                    _ => NotComparable,
                };
            case double da:
                return b switch
                {
                    double db => double.IsNaN(da) || double.IsNaN(db) ? Unordered : da.CompareTo(db),
                    long lb => DoubleIntCompare(da, lb),
                    ulong ub => DoubleUintCompare(da, ub),
                    _ => NotComparable,
                };
            case string sa: return b is string sb ? Math.Sign(CompareStrings(sa, sb)) : NotComparable;
            case bool ba: return b is bool bb ? ba.CompareTo(bb) : NotComparable;
            case CelBytes ya: return b is CelBytes yb ? Math.Sign(ya.CompareTo(yb)) : NotComparable;
            case CelDuration xa: return b is CelDuration xb ? CompareSecondsNanos(xa.Seconds, xa.Nanos, xb.Seconds, xb.Nanos) : NotComparable;
            case CelTimestamp ma: return b is CelTimestamp mb ? CompareSecondsNanos(ma.Seconds, ma.Nanos, mb.Seconds, mb.Nanos) : NotComparable;
            default: return NotComparable;
        }
    }

    private static int Negate(int c) => c is NotComparable or Unordered ? c : -c;

    private static int CompareSecondsNanos(long s1, int n1, long s2, int n2) => s1 != s2 ? s1.CompareTo(s2) : n1.CompareTo(n2);

    // As cel-go: a double beyond the int64 range (as a double) is smaller/larger than every int; otherwise compare as doubles,
    // so 2^63 - 1 and 2^63 compare equal.
    private static int DoubleIntCompare(double d, long l)
    {
        if (double.IsNaN(d)) return Unordered;
        if (d < -9.2233720368547758E18) return -1;
        if (d > 9.2233720368547758E18) return 1;
        return d.CompareTo((double)l);
    }

    private static int DoubleUintCompare(double d, ulong u)
    {
        if (double.IsNaN(d)) return Unordered;
        if (d < 0) return -1;
        if (d > 18446744073709551616.0) return 1;
        return d.CompareTo((double)u);
    }

    /// <summary>Orders strings by Unicode code point (as Go compares UTF-8 bytes), not by UTF-16 code unit.</summary>
    internal static int CompareStrings(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb) continue;
            // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF, so they sort after U+E000..U+FFFF.
            var sa = char.IsSurrogate(ca);
            var sb = char.IsSurrogate(cb);
            if (sa != sb) return sa ? 1 : -1;
            return ca < cb ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);
    }
}
