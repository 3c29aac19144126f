using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-go's ext.Lists at a library version (Kubernetes uses version 3 from 1.34): slice (v0), flatten (v1),
/// lists.range, distinct, reverse, sort and the @sortByAssociatedKeys helper behind the sortBy macro (v2), first and last (v3).
/// </summary>
public sealed class ExtListsLibrary(uint version) : ICelLibrary
{
    public uint Version { get; } = version;
    public string Name => "ext-lists";

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var l = CelType.List;
            var i = CelType.Int;
            yield return Overload.Of("list_slice", "slice", true, l, i, i, (a, b, c) => a is IReadOnlyList<object> x && b is long s && c is long e ? Slice(x, s, e) : NoSuchOverload());
            if (Version >= 1)
            {
                yield return Overload.Of("list_flatten", "flatten", true, l, a => a is IReadOnlyList<object> x ? Flatten(x, 1) : NoSuchOverload());
                yield return Overload.Of("list_flatten_int", "flatten", true, l, i, (a, b) => a is IReadOnlyList<object> x && b is long d ? (d < 0 ? Error("level must be non-negative") : Flatten(x, d)) : NoSuchOverload());
            }
            if (Version >= 2)
            {
                yield return Overload.Of("lists_range", "lists.range", false, i, a => a is long n ? Range(n) : NoSuchOverload());
                yield return Overload.Of("list_distinct", "distinct", true, l, a => a is IReadOnlyList<object> x ? Distinct(x) : NoSuchOverload());
                yield return Overload.Of("list_reverse", "reverse", true, l, a => a is IReadOnlyList<object> x ? x.Reverse().ToList() : NoSuchOverload());
                yield return Overload.Of("list_sort", "sort", true, l, a => a is IReadOnlyList<object> x ? Sort(x, x) : NoSuchOverload());
                yield return Overload.Of("list_sortByAssociatedKeys", "@sortByAssociatedKeys", true, l, l, (a, b) =>
                    a is IReadOnlyList<object> x && b is IReadOnlyList<object> keys ? Sort(x, keys) : NoSuchOverload());
            }
            if (Version >= 3)
            {
                yield return Overload.Of("list_first", "first", true, l, a => a is IReadOnlyList<object> x ? (x.Count > 0 ? CelOptional.Of(x[0]) : CelOptional.None) : NoSuchOverload());
                yield return Overload.Of("list_last", "last", true, l, a => a is IReadOnlyList<object> x ? (x.Count > 0 ? CelOptional.Of(x[^1]) : CelOptional.None) : NoSuchOverload());
            }
        }
    }

    internal static object Slice(IReadOnlyList<object> list, long start, long end)
    {
        if (start < 0 || end < 0) return Error($"cannot slice({start}, {end}), negative indexes not supported");
        if (start > end) return Error($"cannot slice({start}, {end}), start index must be less than or equal to end index");
        if (end > list.Count) return Error($"cannot slice({start}, {end}), list is length {list.Count}");
        return list.Skip((int)start).Take((int)(end - start)).ToList();
    }

    internal static object Flatten(IReadOnlyList<object> list, long depth)
    {
        var result = new List<object>();
        foreach (var item in list)
        {
            if (item is IReadOnlyList<object> inner && depth > 0)
            {
                var flat = (IReadOnlyList<object>)Flatten(inner, depth - 1);
                result.AddRange(flat);
            }
            else result.Add(item);
        }
        return result;
    }

    private static object Range(long n)
    {
        var result = new List<object>();
        for (long k = 0; k < n; k++) result.Add(k);
        return result;
    }

    private static object Distinct(IReadOnlyList<object> list)
    {
        var result = new List<object>();
        foreach (var item in list)
            if (!result.Any(r => CelValue.ValueEquals(r, item))) result.Add(item);
        return result;
    }

    /// <summary>Stable sort of list by the parallel keys, which must be of one comparable type.</summary>
    private static object Sort(IReadOnlyList<object> list, IReadOnlyList<object> keys)
    {
        if (list.Count != keys.Count) return Error("@sortByAssociatedKeys() expected a list of the same size as the associated keys list");
        if (keys.Count == 0) return list.ToList();
        var type = CelValue.TypeOf(keys[0]);
        foreach (var k in keys)
        {
            if (!CelValue.TypeOf(k).Equals(type)) return Error("list elements must have the same type");
            if (k is not (long or ulong or double or bool or string or CelBytes or CelDuration or CelTimestamp)) return Error("list elements must be comparable");
        }
        var order = Enumerable.Range(0, list.Count).ToList();
        var sorted = order.OrderBy(i => keys[i], Comparer<object>.Create((x, y) => CelValue.Compare(x, y) ?? 0)).ToList();
        return sorted.Select(i => list[i]).ToList();
    }
}
