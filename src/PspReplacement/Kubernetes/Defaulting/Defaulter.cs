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
        for (var i = 0; i < type.Fields.Count; i++)
        {
            var field = type.Fields[i];
            if (field.HasDefault) ApplyDeclarative(obj, field, context);
            if (field.Named is { } named && Functions.TryGetValue(named, out var onNamed) && obj.GetValueOrDefault(field.Json) is Dictionary<string, object?> namedMap)
                onNamed(namedMap, context);
            // Most of a pod's subtrees (affinity, tolerations, status, ...) have nothing to default: skip them.
            if (type.TargetOf(i) is { } target && NeedsDefaulting(target)) Descend(obj, field, target, context, depth);
        }
    }

    private static void Descend(Dictionary<string, object?> obj, ApiField field, ApiStruct target, DefaultingContext context, int depth)
    {
        switch (field.Type.Kind)
        {
            case GoKind.Struct:
                Walk(obj.Struct(field.Json), target, context, depth + 1);
                break;
            case GoKind.Pointer or GoKind.Slice or GoKind.Map:
                switch (obj.GetValueOrDefault(field.Json))
                {
                    case List<object?>:
                        foreach (var item in obj.Structs(field.Json)) Walk(item, target, context, depth + 1);
                        break;
                    case Dictionary<string, object?> present when field.Type.Kind == GoKind.Pointer:
                        Walk(present, target, context, depth + 1);
                        break;
                    case Dictionary<string, object?> map:
                        foreach (var key in map.Keys.ToList())
                        {
                            if (map[key] is not Dictionary<string, object?> value) map[key] = value = Typed.NewObject();
                            Walk(value, target, context, depth + 1);
                        }
                        break;
                }
                break;
        }
    }

    /// <summary>Whether a struct, or anything below it, has a defaulting function, a +default marker or a named type's function.</summary>
    private static bool NeedsDefaulting(ApiStruct type)
    {
        if (type.NeedsDefaulting is { } known) return known;
        type.NeedsDefaulting = false; // a type that contains itself adds nothing by doing so
        var needed = Functions.ContainsKey(type.Name) || type.Embedded.Any(Functions.ContainsKey);
        for (var i = 0; !needed && i < type.Fields.Count; i++)
        {
            var field = type.Fields[i];
            needed = field.HasDefault || (field.Named is { } named && Functions.ContainsKey(named)) || (type.TargetOf(i) is { } target && NeedsDefaulting(target));
        }
        type.NeedsDefaulting = needed;
        return needed;
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
