namespace PspReplacement.Kubernetes.Decoding;

/// <summary>
/// Reading and changing a typed object (see <see cref="TypedDecoder"/>) with Go's zero-value semantics, so that the
/// defaulting and registry code reads like the Go it follows: an absent string is "", an absent pointer is nil.
/// </summary>
internal static class Typed
{
    public static bool Has(this Dictionary<string, object?> o, string field) => o.TryGetValue(field, out var v) && v is not null;

    public static string Str(this Dictionary<string, object?> o, string field) => o.GetValueOrDefault(field) as string ?? "";

    public static long Int(this Dictionary<string, object?> o, string field) => o.GetValueOrDefault(field) is long l ? l : 0;

    public static bool Bool(this Dictionary<string, object?> o, string field) => o.GetValueOrDefault(field) is true;

    public static Dictionary<string, object?>? Obj(this Dictionary<string, object?> o, string field) => o.GetValueOrDefault(field) as Dictionary<string, object?>;

    /// <summary>A non-pointer struct field, created empty when absent (a Go struct value always exists).</summary>
    public static Dictionary<string, object?> Struct(this Dictionary<string, object?> o, string field)
    {
        if (o.GetValueOrDefault(field) is Dictionary<string, object?> existing) return existing;
        var created = new Dictionary<string, object?>(StringComparer.Ordinal);
        o[field] = created;
        return created;
    }

    public static List<object?> Items(this Dictionary<string, object?> o, string field) => o.GetValueOrDefault(field) as List<object?> ?? [];

    /// <summary>The struct items of a slice field; a null item (a zero struct) is replaced by an empty one in place.</summary>
    public static IEnumerable<Dictionary<string, object?>> Structs(this Dictionary<string, object?> o, string field)
    {
        if (o.GetValueOrDefault(field) is not List<object?> list) yield break;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not Dictionary<string, object?> item) list[i] = item = new Dictionary<string, object?>(StringComparer.Ordinal);
            yield return item;
        }
    }

    public static Dictionary<string, object?> NewObject() => new(StringComparer.Ordinal);
}
