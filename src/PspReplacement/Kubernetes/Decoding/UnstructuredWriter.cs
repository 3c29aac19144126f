using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Decoding;

/// <summary>
/// The typed object turned into the unstructured map a ValidatingAdmissionPolicy's CEL sees
/// (runtime.DefaultUnstructuredConverter.ToUnstructured): an omitempty field with its zero value (false, 0, "", an
/// empty list or map) is left out; a nil pointer, list or map is left out too (it would be null, and Kubernetes CEL
/// treats a null field of an object as absent); a struct that is not a pointer is always there, even empty, so every
/// Pod has `status` and every container `resources`; Quantity, IntOrString, Time and Duration are written as their
/// JSON form. The typed object is converted in place (it is the decoder's own copy), and converting twice changes
/// nothing, so objects that share a part (an UPDATE's status) can both be written.
/// </summary>
public static class UnstructuredWriter
{
    public static Dictionary<string, object?> Write(Dictionary<string, object?> typed, ApiStruct type, ApiTypes types)
    {
        WriteStruct(typed, type, types, 0);
        return typed;
    }

    private static void WriteStruct(Dictionary<string, object?> typed, ApiStruct type, ApiTypes types, int depth)
    {
        if (depth > 200) return;
        if (typed.Count > 0)
        {
            Span<int> buffer = stackalloc int[Math.Min(typed.Count, 128)];
            var indexes = typed.Count <= 128 ? buffer : new int[typed.Count];
            var n = 0;
            foreach (var key in typed.Keys) indexes[n++] = type.IndexOf(key);
            foreach (var i in indexes[..n])
            {
                if (i < 0) continue; // only the type's fields are ever set
                var field = type.Fields[i];
                var value = typed[field.Json];
                if (Omitted(field, value)) typed.Remove(field.Json);
                else typed[field.Json] = WriteValue(value, field.Type, types, depth, type.TargetOf(i));
            }
        }
        foreach (var i in type.AlwaysWritten)
        {
            var field = type.Fields[i];
            if (typed.ContainsKey(field.Json)) continue;
            var zero = ZeroOf(field.Type.Kind);
            if (field.Type.Kind != GoKind.Struct && field.OmitEmpty && Defaulting.Defaulter.IsZero(zero)) continue;
            typed[field.Json] = WriteValue(zero, field.Type, types, depth, type.TargetOf(i));
        }
    }

    // What ToUnstructured leaves out (or writes as null, which Kubernetes CEL does not show).
    private static bool Omitted(ApiField field, object? value) => field.Type.Kind switch
    {
        GoKind.Pointer => value is null,
        GoKind.Struct or GoKind.Quantity or GoKind.IntOrString or GoKind.Duration => false,
        GoKind.Slice or GoKind.Map or GoKind.Bytes => value is null || (field.OmitEmpty && IsEmpty(value)),
        GoKind.Time or GoKind.MicroTime or GoKind.RawJson => value is null || value is RawJsonValue { Value: null },
        _ => field.OmitEmpty && Defaulting.Defaulter.IsZero(value ?? ZeroOf(field.Type.Kind)),
    };

    /// <param name="target">the struct the value holds (as itself or its elements), when the field's struct is known</param>
    private static object? WriteValue(object? value, GoType type, ApiTypes types, int depth, ApiStruct? target = null)
    {
        switch (type.Kind)
        {
            case GoKind.Pointer:
                return value is null ? null : WriteValue(value, type.Element!, types, depth, target);
            case GoKind.Struct:
                var obj = value as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
                WriteStruct(obj, target ?? StructOf(type, types), types, depth + 1);
                return obj;
            case GoKind.Slice:
            {
                var list = (List<object?>)value!;
                for (var i = 0; i < list.Count; i++) list[i] = WriteValue(list[i] ?? ZeroOf(type.Element!.Kind), type.Element!, types, depth, target);
                return list;
            }
            case GoKind.Map:
            {
                var map = (Dictionary<string, object?>)value!;
                foreach (var key in map.Keys.ToArray()) map[key] = WriteValue(map[key] ?? ZeroOf(type.Element!.Kind), type.Element!, types, depth, target);
                return map;
            }
            case GoKind.Bytes:
                // A nil []byte (null in a Secret's data) is written as null, as encoding/json writes it.
                return value switch { byte[] bytes => Convert.ToBase64String(bytes), string written => written, _ => null };
            case GoKind.Quantity:
                return value is string written2 ? written2 : (value as KubeQuantity ?? KubeQuantity.Zero).ToString();
            case GoKind.IntOrString:
                return value switch { IntOrStringValue ios => ios.IsInt ? ios.Int : ios.Str, long or string => value, _ => 0L };
            case GoKind.Time or GoKind.MicroTime:
                return value switch { TimeValue t => t.ToString(), string written3 => written3, _ => null };
            case GoKind.Duration:
                return value is string written4 ? written4 : (value is DurationValue d ? d : default).ToString();
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
        string s => s.Length == 0,
        _ => false,
    };

    private static ApiStruct StructOf(GoType type, ApiTypes types) =>
        types.Struct(type.StructName!) ?? throw new InvalidDataException($"{type.StructName} is not in the type table");
}
