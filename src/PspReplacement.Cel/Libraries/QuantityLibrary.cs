using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>A kubernetes.Quantity value; equal when the amounts are equal (1Gi == 1024Mi).</summary>
public sealed class CelQuantity(Quantity value) : ICelOpaque, IEquatable<CelQuantity>
{
    public static readonly CelType CelTypeValue = new("kubernetes.Quantity");
    public CelType Type => CelTypeValue;
    public Quantity Value { get; } = value;
    public bool Equals(CelQuantity? other) => other is not null && Value.CompareTo(other.Value) == 0;
    public override bool Equals(object? obj) => obj is CelQuantity q && Equals(q);
    public override int GetHashCode() => Value.GetHashCode();
    public override string ToString() => Value.ToString();
}

/// <summary>Kubernetes' quantity library (k8s.io/apiserver pkg/cel/library/quantity.go), available from 1.28.</summary>
public sealed class QuantityLibrary : ICelLibrary
{
    public string Name => "quantity";
    public IEnumerable<CelType> Types => [CelQuantity.CelTypeValue];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var q = CelQuantity.CelTypeValue;
            yield return Overload.Of("string_to_quantity", "quantity", false, CelType.String, a => a is string s ? Parse(s) : NoSuchOverload());
            yield return Overload.Of("is_quantity_string", "isQuantity", false, CelType.String, a => a is string s ? CelValue.Bool(Quantity.TryParse(s, out _, out _)) : NoSuchOverload());
            yield return Overload.Of("quantity_sign", "sign", true, q, a => a is CelQuantity x ? (long)x.Value.Sign : NoSuchOverload());
            yield return Overload.Of("quantity_is_integer", "isInteger", true, q, a => a is CelQuantity x ? CelValue.Bool(x.Value.TryAsInt64(out _)) : NoSuchOverload());
            yield return Overload.Of("quantity_get_integer", "asInteger", true, q, a =>
                a is CelQuantity x ? (x.Value.TryAsInt64(out var v) ? v : Error("cannot convert value to integer")) : NoSuchOverload());
            yield return Overload.Of("quantity_get_float", "asApproximateFloat", true, q, a => a is CelQuantity x ? x.Value.AsApproximateDouble() : NoSuchOverload());
            yield return Overload.Of("quantity_less", "isLessThan", true, q, q, (a, b) => Cmp(a, b, c => c < 0));
            yield return Overload.Of("quantity_greater", "isGreaterThan", true, q, q, (a, b) => Cmp(a, b, c => c > 0));
            yield return Overload.Of("quantity_compare", "compareTo", true, q, q, (a, b) =>
                a is CelQuantity x && b is CelQuantity y ? (long)Math.Sign(x.Value.CompareTo(y.Value)) : NoSuchOverload());
            yield return Overload.Of("quantity_add", "add", true, q, q, (a, b) => a is CelQuantity x && b is CelQuantity y ? new CelQuantity(x.Value + y.Value) : NoSuchOverload());
            yield return Overload.Of("quantity_add_int", "add", true, q, CelType.Int, (a, b) => a is CelQuantity x && b is long n ? new CelQuantity(x.Value + Quantity.FromInteger(n)) : NoSuchOverload());
            yield return Overload.Of("quantity_sub", "sub", true, q, q, (a, b) => a is CelQuantity x && b is CelQuantity y ? new CelQuantity(x.Value - y.Value) : NoSuchOverload());
            yield return Overload.Of("quantity_sub_int", "sub", true, q, CelType.Int, (a, b) => a is CelQuantity x && b is long n ? new CelQuantity(x.Value - Quantity.FromInteger(n)) : NoSuchOverload());
        }
    }

    internal static object Parse(string s) => Quantity.TryParse(s, out var q, out var error) ? new CelQuantity(q) : Error(error!);

    private static object Cmp(object a, object b, Func<int, bool> test) =>
        a is CelQuantity x && b is CelQuantity y ? CelValue.Bool(test(x.Value.CompareTo(y.Value))) : NoSuchOverload();
}
