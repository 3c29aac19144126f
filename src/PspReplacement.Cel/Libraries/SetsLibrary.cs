using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>cel-go's ext.Sets: lists treated as sets under CEL equality (so [1] contains [1.0]).</summary>
public sealed class SetsLibrary : ICelLibrary
{
    public string Name => "sets";

    public IEnumerable<Overload> Overloads =>
    [
        Overload.Of("list_sets_contains_list", "sets.contains", false, CelType.List, CelType.List, (a, b) => Lists(a, b, Contains)),
        Overload.Of("list_sets_equivalent_list", "sets.equivalent", false, CelType.List, CelType.List, (a, b) => Lists(a, b, (x, y) => Contains(x, y) && Contains(y, x))),
        Overload.Of("list_sets_intersects_list", "sets.intersects", false, CelType.List, CelType.List, (a, b) => Lists(a, b, Intersects)),
    ];

    private static object Lists(object a, object b, Func<IReadOnlyList<object>, IReadOnlyList<object>, bool> f) =>
        a is IReadOnlyList<object> x && b is IReadOnlyList<object> y ? CelValue.Bool(f(x, y)) : NoSuchOverload();

    /// <summary>Every element of sub is in list.</summary>
    internal static bool Contains(IReadOnlyList<object> list, IReadOnlyList<object> sub) =>
        sub.All(e => list.Any(l => CelValue.ValueEquals(l, e)));

    internal static bool Intersects(IReadOnlyList<object> a, IReadOnlyList<object> b) =>
        a.Any(x => b.Any(y => CelValue.ValueEquals(x, y)));
}
