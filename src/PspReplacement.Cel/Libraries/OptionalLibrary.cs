using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-go's optional types (Kubernetes 1.28+): optional.of/none/ofNonZeroValue, hasValue, value, orValue, or,
/// optional.unwrap. orValue, or, optMap and optFlatMap only evaluate their argument when needed, so the planner
/// evaluates them itself; their overloads here declare them and serve calls the planner does not specialise.
/// </summary>
public sealed class OptionalLibrary : ICelLibrary
{
    public static readonly OptionalLibrary Instance = new();
    private static readonly CelError NoneDereference = new("optional.none() dereference");

    public string Name => "optional";

    public IEnumerable<CelType> Types => [CelType.Optional];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var opt = CelType.Optional;
            var dyn = CelType.Dyn;
            yield return Overload.Of("optional_of", "optional.of", false, dyn, v => CelOptional.Of(v));
            yield return Overload.OfN("optional_none", "optional.none", false, [], _ => CelOptional.None);
            yield return Overload.Of("optional_ofNonZeroValue", "optional.ofNonZeroValue", false, dyn, v => IsZero(v) ? CelOptional.None : CelOptional.Of(v));
            yield return Overload.Of("optional_hasValue", "hasValue", true, opt, v => CelValue.Bool(((CelOptional)v).HasValue));
            yield return Overload.Of("optional_value", "value", true, opt, v => v is CelOptional { HasValue: true } o ? o.Value : NoneDereference);
            yield return Overload.Of("optional_orValue_value", "orValue", true, opt, dyn, (v, other) => ((CelOptional)v) is { HasValue: true } o ? o.Value : other);
            yield return Overload.Of("optional_or_optional", "or", true, opt, opt, (v, other) => ((CelOptional)v).HasValue ? v : other);
            yield return Overload.Of("optional_unwrap", "optional.unwrap", false, CelType.List, Unwrap);
            yield return Overload.Of("optional_unwrapOpt", "unwrapOpt", true, CelType.List, Unwrap);
        }
    }

    private static object Unwrap(object v)
    {
        var list = (IReadOnlyList<object>)v;
        var values = new List<object>(list.Count);
        foreach (var item in list)
        {
            if (item is not CelOptional o) return CelErrors.NoSuchOverload("optional.unwrap", item);
            if (o.HasValue) values.Add(o.Value);
        }
        return values.ToArray();
    }

    /// <summary>The zero value of its type: null, false, 0, 0u, 0.0, "", b"", [], {}, duration 0, the epoch, optional.none().</summary>
    internal static bool IsZero(object v) => v switch
    {
        CelNull => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        CelBytes b => b.Length == 0,
        ICelMap m => m.Count == 0,
        IReadOnlyList<object> l => l.Count == 0,
        CelDuration d => d.Seconds == 0 && d.Nanos == 0,
        CelTimestamp t => t.Seconds == 0 && t.Nanos == 0,
        CelOptional o => !o.HasValue,
        _ => false,
    };
}
