using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Decoding;

/// <summary>
/// The typed object back as the unstructured map a ValidatingAdmissionPolicy's CEL sees
/// (runtime.DefaultUnstructuredConverter.ToUnstructured): fields in declaration order; an omitempty field with its zero
/// value (false, 0, "", an empty list or map) is left out; a nil pointer, list or map is left out too (it would be
/// null, and Kubernetes CEL treats a null field of an object as absent); a struct that is not a pointer is always
/// there, even empty, so every Pod has `status` and every container `resources`; Quantity, IntOrString, Time and
/// Duration are written as their JSON form.
/// </summary>
public static class UnstructuredWriter
{
    public static Dictionary<string, object?> Write(Dictionary<string, object?> typed, ApiStruct type, ApiTypes types) =>
        WriteStruct(typed, type, types, 0);

    private static Dictionary<string, object?> WriteStruct(Dictionary<string, object?>? typed, ApiStruct type, ApiTypes types, int depth)
    {
        var result = new Dictionary<string, object?>((typed?.Count ?? 0) + 2, StringComparer.Ordinal);
        if (depth > 200) return result;
        foreach (var i in FieldsToWrite(typed, type))
        {
            var field = type.Fields[i];
            object? value = null;
            if (typed is not null && typed.Count > 0) typed.TryGetValue(field.Json, out value);
            if (field.Type.Kind == GoKind.Pointer)
            {
                if (value is null) continue;
                result[field.Json] = WriteValue(value, field.Type.Element!, types, depth, type.TargetOf(i));
                continue;
            }
            switch (field.Type.Kind)
            {
                case GoKind.Struct:
                    result[field.Json] = WriteStruct(value as Dictionary<string, object?>, type.TargetOf(i)!, types, depth + 1);
                    break;
                case GoKind.Slice or GoKind.Map or GoKind.Bytes:
                    if (value is null) continue;
                    if (field.OmitEmpty && IsEmpty(value)) continue;
                    result[field.Json] = WriteValue(value, field.Type, types, depth, type.TargetOf(i));
                    break;
                case GoKind.Time or GoKind.MicroTime or GoKind.RawJson:
                    // A zero time is written as null; an absent raw extension as null too.
                    if (value is null || value is RawJsonValue { Value: null }) continue;
                    result[field.Json] = WriteValue(value, field.Type, types, depth);
                    break;
                case GoKind.Quantity or GoKind.IntOrString or GoKind.Duration:
                    // Structs in Go: never left out, a zero one is written as its zero form.
                    result[field.Json] = WriteValue(value ?? ZeroOf(field.Type.Kind), field.Type, types, depth);
                    break;
                default:
                    var scalar = value ?? ZeroOf(field.Type.Kind);
                    if (field.OmitEmpty && Defaulting.Defaulter.IsZero(scalar)) continue;
                    result[field.Json] = WriteValue(scalar, field.Type, types, depth);
                    break;
            }
        }
        return result;
    }

    /// <param name="target">the struct the value holds (as itself or its elements), when the field's struct is known</param>
    // The set fields and the always-written ones, in declaration order: visiting only those keeps a pod's dozens of
    // unset fields out of the loop.
    private static IEnumerable<int> FieldsToWrite(Dictionary<string, object?>? typed, ApiStruct type)
    {
        var always = type.AlwaysWritten;
        if (typed is null || typed.Count == 0) return always;
        var indexes = new List<int>(typed.Count + always.Length);
        foreach (var key in typed.Keys)
            if (type.IndexOf(key) is var i and >= 0) indexes.Add(i);
        indexes.AddRange(always);
        indexes.Sort();
        for (var k = indexes.Count - 1; k > 0; k--)
            if (indexes[k] == indexes[k - 1]) indexes.RemoveAt(k);
        return indexes;
    }

    private static object? WriteValue(object? value, GoType type, ApiTypes types, int depth, ApiStruct? target = null)
    {
        switch (type.Kind)
        {
            case GoKind.Pointer:
                return value is null ? null : WriteValue(value, type.Element!, types, depth, target);
            case GoKind.Struct:
                return WriteStruct(value as Dictionary<string, object?>, target ?? StructOf(type, types), types, depth + 1);
            case GoKind.Slice:
            {
                var list = (List<object?>)value!;
                var result = new List<object?>(list.Count);
                foreach (var item in list) result.Add(WriteValue(item ?? ZeroOf(type.Element!.Kind), type.Element!, types, depth, target));
                return result;
            }
            case GoKind.Map:
            {
                var map = (Dictionary<string, object?>)value!;
                var result = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (var (k, v) in map) result[k] = WriteValue(v ?? ZeroOf(type.Element!.Kind), type.Element!, types, depth, target);
                return result;
            }
            case GoKind.Bytes:
                // A nil []byte (null in a Secret's data) is written as null, as encoding/json writes it.
                return value is byte[] bytes ? Convert.ToBase64String(bytes) : null;
            case GoKind.Quantity:
                return (value as KubeQuantity ?? KubeQuantity.Zero).ToString();
            case GoKind.IntOrString:
                return value is IntOrStringValue ios ? ios.IsInt ? ios.Int : ios.Str : 0L;
            case GoKind.Time or GoKind.MicroTime:
                return value is TimeValue t ? t.ToString() : null;
            case GoKind.Duration:
                return (value is DurationValue d ? d : default).ToString();
            case GoKind.RawJson:
                return value is RawJsonValue raw ? raw.Value : value;
            default:
                return value;
        }
    }

    private static object? ZeroOf(GoKind kind) => kind switch
    {
        GoKind.String => "",
        GoKind.Bool => false,
        GoKind.Int or GoKind.Uint => 0L,
        GoKind.Float => 0.0,
        GoKind.Quantity => KubeQuantity.Zero,
        GoKind.IntOrString => IntOrStringValue.Of(0),
        GoKind.Duration => new DurationValue(0),
        GoKind.Struct => new Dictionary<string, object?>(StringComparer.Ordinal),
        _ => null,
    };

    private static bool IsEmpty(object value) => value switch
    {
        List<object?> l => l.Count == 0,
        Dictionary<string, object?> m => m.Count == 0,
        byte[] b => b.Length == 0,
        _ => false,
    };

    private static ApiStruct StructOf(GoType type, ApiTypes types) =>
        types.Struct(type.StructName!) ?? throw new InvalidDataException($"{type.StructName} is not in the type table");
}
