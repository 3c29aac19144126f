using PspReplacement.Kubernetes.Decoding;
using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Defaulting;

/// <summary>What a defaulting function sees besides the object: the version's types and feature gates.</summary>
public sealed record DefaultingContext(ApiTypes Types, FeatureGates Gates)
{
    public Cel.KubernetesVersion Version => Gates.Version;
}

/// <summary>
/// The apiserver's defaulting of a decoded request body: what defaulter-gen's SetObjectDefaults_KIND does. It walks the
/// object depth first in field order; at every struct it calls the hand-written SetDefaults_TYPE function registered
/// for the type (and for the structs embedded in it), sets each field that has a declarative default (a
/// `+default=` marker in k8s.io/api, from the type table) and is still unset, then descends into the fields; a
/// function registered for a named map type (SetDefaults_ResourceList) runs on every field of that type.
/// </summary>
public static class Defaulter
{
    private static readonly Dictionary<string, Action<Dictionary<string, object?>, DefaultingContext>> Functions =
        CoreDefaults.Functions.Concat(AppsDefaults.Functions).Concat(BatchDefaults.Functions)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>The types that have a hand-written defaulting function (tests check each against the type table).</summary>
    public static IReadOnlyCollection<string> FunctionTypes => Functions.Keys;

    public static void Apply(Dictionary<string, object?> obj, ApiStruct type, DefaultingContext context) => Walk(obj, type, context, 0);

    private static void Walk(Dictionary<string, object?> obj, ApiStruct type, DefaultingContext context, int depth)
    {
        // The API types nest a few dozen levels at most; recursion beyond is a type cycle, never real data.
        if (depth > 200) return;
        if (Functions.TryGetValue(type.Name, out var own)) own(obj, context);
        foreach (var embedded in type.Embedded)
            if (Functions.TryGetValue(embedded, out var inherited)) inherited(obj, context);
        foreach (var field in type.Fields)
        {
            if (field.HasDefault) ApplyDeclarative(obj, field, context);
            if (field.Named is { } named && Functions.TryGetValue(named, out var onNamed) && obj.GetValueOrDefault(field.Json) is Dictionary<string, object?> namedMap)
                onNamed(namedMap, context);
            Descend(obj, field, field.Type, context, depth);
        }
    }

    private static void Descend(Dictionary<string, object?> obj, ApiField field, GoType type, DefaultingContext context, int depth)
    {
        var element = type.Kind == GoKind.Pointer ? type.Element! : type;
        switch (element.Kind)
        {
            case GoKind.Struct when type.Kind == GoKind.Pointer:
                if (obj.GetValueOrDefault(field.Json) is Dictionary<string, object?> present) Walk(present, StructOf(element, context), context, depth + 1);
                break;
            case GoKind.Struct:
                Walk(obj.Struct(field.Json), StructOf(element, context), context, depth + 1);
                break;
            case GoKind.Slice when StructElement(element) is { } itemType:
                foreach (var item in obj.Structs(field.Json)) Walk(item, StructOf(itemType, context), context, depth + 1);
                break;
            case GoKind.Map when StructElement(element) is { } valueType && obj.GetValueOrDefault(field.Json) is Dictionary<string, object?> map:
                foreach (var key in map.Keys.ToList())
                {
                    if (map[key] is not Dictionary<string, object?> value) map[key] = value = Typed.NewObject();
                    Walk(value, StructOf(valueType, context), context, depth + 1);
                }
                break;
        }
    }

    private static GoType? StructElement(GoType collection)
    {
        var e = collection.Element!;
        if (e.Kind == GoKind.Pointer) e = e.Element!;
        return e.Kind == GoKind.Struct ? e : null;
    }

    private static ApiStruct StructOf(GoType type, DefaultingContext context) =>
        context.Types.Struct(type.StructName!) ?? throw new InvalidDataException($"{type.StructName} is not in the type table");

    // defaulter-gen's generated code for a marker: "if in.F == zero { in.F = value }" (nil for pointers).
    private static void ApplyDeclarative(Dictionary<string, object?> obj, ApiField field, DefaultingContext context)
    {
        var isPointer = field.Type.Kind == GoKind.Pointer;
        var current = obj.GetValueOrDefault(field.Json);
        var unset = isPointer ? current is null : IsZero(current);
        if (!unset) return;
        var type = isPointer ? field.Type.Element! : field.Type;
        obj[field.Json] = type.Kind switch
        {
            GoKind.Struct => field.Default is Dictionary<string, object?> d
                ? TypedDecoder.Decode(d, StructOf(type, context), context.Types).Object ?? Typed.NewObject()
                : Typed.NewObject(),
            GoKind.Int or GoKind.Uint => Convert.ToInt64(field.Default, System.Globalization.CultureInfo.InvariantCulture),
            GoKind.Float => Convert.ToDouble(field.Default, System.Globalization.CultureInfo.InvariantCulture),
            GoKind.IntOrString => field.Default is string s ? IntOrStringValue.Of(s) : IntOrStringValue.Of(Convert.ToInt64(field.Default, System.Globalization.CultureInfo.InvariantCulture)),
            _ => field.Default,
        };
    }

    public static bool IsZero(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        bool b => !b,
        long l => l == 0,
        double d => d == 0,
        KubeQuantity q => q.IsZero,
        _ => false,
    };
}
