using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// Kubernetes' list library (k8s.io/apiserver pkg/cel/library/lists.go) at a library version: isSorted, sum, min, max,
/// indexOf, lastIndexOf (version 0, every Kubernetes version); includes (version 1, which base.go uses from 1.37).
/// Comparable element types: int, uint, double, bool, string, bytes, duration, timestamp; summable: int, uint, double,
/// duration.
/// </summary>
public sealed class ListsLibrary(uint version = 0) : ICelLibrary
{
    public uint Version { get; } = version;
    public string Name => "lists";

    public IEnumerable<Overload> Overloads
    {
        get
        {
            yield return Overload.Of("list_is_sorted_bool", "isSorted", true, CelType.List, a => a is IReadOnlyList<object> l ? IsSorted(l) : NoSuchOverload());
            yield return Overload.Of("list_sum", "sum", true, CelType.List, a => a is IReadOnlyList<object> l ? Sum(l) : NoSuchOverload());
            yield return Overload.Of("list_min", "min", true, CelType.List, a => a is IReadOnlyList<object> l ? Extreme(l, "min", preferWhen: 1) : NoSuchOverload());
            yield return Overload.Of("list_max", "max", true, CelType.List, a => a is IReadOnlyList<object> l ? Extreme(l, "max", preferWhen: -1) : NoSuchOverload());
            yield return Overload.Of("list_a_index_of_int", "indexOf", true, CelType.List, CelType.Dyn, (a, b) => a is IReadOnlyList<object> l ? IndexOf(l, b) : NoSuchOverload());
            yield return Overload.Of("list_a_last_index_of_int", "lastIndexOf", true, CelType.List, CelType.Dyn, (a, b) => a is IReadOnlyList<object> l ? LastIndexOf(l, b) : NoSuchOverload());
            if (Version >= 1)
                yield return Overload.Of("list_includes_dyn_dyn", "includes", true, CelType.Dyn, CelType.Dyn, Includes);
        }
    }

    /// <summary>
    /// lists.go includes: a list target holds an element equal to the argument, any other target equals it (so a string
    /// "includes" only itself, not a substring). Equality is CEL's, which never fails, so neither does includes.
    /// </summary>
    internal static object Includes(object target, object item)
    {
        if (target is IReadOnlyList<object> list)
        {
            foreach (var element in list)
                if (CelValue.ValueEquals(element, item)) return CelValue.True;
            return CelValue.False;
        }
        return CelValue.ValueEquals(target, item) ? CelValue.True : CelValue.False;
    }

    private static bool IsComparable(object v) => v is long or ulong or double or bool or string or CelBytes or CelDuration or CelTimestamp;

    internal static object IsSorted(IReadOnlyList<object> list)
    {
        object? prev = null;
        foreach (var next in list)
        {
            if (!IsComparable(next)) return NoSuchOverload();
            if (prev is not null && CelValue.Compare(prev, next) == 1) return CelValue.False;
            prev = next;
        }
        return CelValue.True;
    }

    /// <summary>
    /// Kubernetes starts the sum at the zero of the element type the checker inferred. This engine dispatches on runtime
    /// values, so an empty list sums to int 0 (what a list of ints gives); non-empty lists start from their first element.
    /// </summary>
    internal static object Sum(IReadOnlyList<object> list)
    {
        if (list.Count == 0) return 0L;
        object acc = list[0];
        if (acc is not (long or ulong or double or CelDuration)) return NoSuchOverload();
        for (var k = 1; k < list.Count; k++)
        {
            acc = (acc, list[k]) switch
            {
                (long x, long y) => AddInt(x, y),
                (ulong x, ulong y) => y > ulong.MaxValue - x ? Error("unsigned integer overflow") : x + y,
                (double x, double y) => x + y,
                (CelDuration x, CelDuration y) => AddDuration(x, y),
                _ => NoSuchOverload(),
            };
            if (acc is CelError) return acc;
        }
        return acc;
    }

    private static object AddInt(long x, long y)
    {
        var r = unchecked(x + y);
        return ((x ^ r) & (y ^ r)) < 0 ? Error("integer overflow") : r;
    }

    private static object AddDuration(CelDuration x, CelDuration y)
    {
        var nanos = (Int128)x.Seconds * 1_000_000_000 + x.Nanos + (Int128)y.Seconds * 1_000_000_000 + y.Nanos;
        // Go's time.Duration is int64 nanoseconds; cel-go reports overflow beyond it.
        if (nanos > long.MaxValue || nanos < long.MinValue) return Error("integer overflow");
        return new CelDuration((long)(nanos / 1_000_000_000), (int)(nanos % 1_000_000_000));
    }

    private static object Extreme(IReadOnlyList<object> list, string name, int preferWhen)
    {
        object? result = null;
        foreach (var next in list)
        {
            if (!IsComparable(next)) return NoSuchOverload();
            if (result is null) result = next;
            else if (CelValue.Compare(result, next) == preferWhen) result = next;
        }
        return result ?? Error($"{name} called on empty list");
    }

    internal static object IndexOf(IReadOnlyList<object> list, object item)
    {
        for (var k = 0; k < list.Count; k++)
            if (CelValue.ValueEquals(list[k], item)) return (long)k;
        return -1L;
    }

    internal static object LastIndexOf(IReadOnlyList<object> list, object item)
    {
        for (var k = list.Count - 1; k >= 0; k--)
            if (CelValue.ValueEquals(list[k], item)) return (long)k;
        return -1L;
    }
}
