namespace PspReplacement.Kubernetes;

/// <summary>How a Go field of a Kubernetes API type is represented in JSON and decoded by the apiserver.</summary>
public enum GoKind
{
    String,
    Bool,
    Int,
    Uint,
    Float,
    /// <summary>[]byte: a base64 string in JSON.</summary>
    Bytes,
    Struct,
    Pointer,
    Slice,
    Map,
    /// <summary>resource.Quantity: a string or number in JSON, written back in canonical form.</summary>
    Quantity,
    /// <summary>intstr.IntOrString: an int32 or a string.</summary>
    IntOrString,
    /// <summary>metav1.Time: RFC 3339 in JSON, seconds precision, written back in UTC.</summary>
    Time,
    /// <summary>metav1.MicroTime: RFC 3339 with microseconds.</summary>
    MicroTime,
    /// <summary>metav1.Duration: a Go duration string such as "1h2m".</summary>
    Duration,
    /// <summary>runtime.RawExtension, metav1.FieldsV1 and other free-form JSON: kept as written.</summary>
    RawJson,
}

/// <summary>
/// A Go type as the generated table names it: "string", "int32", "*core/v1.SecurityContext", "[]core/v1.Container",
/// "map[string]Quantity". Parsed once per distinct name.
/// </summary>
public sealed record GoType(GoKind Kind, string Name, GoType? Element = null, string? StructName = null, int Bits = 64)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GoType> Cache = new(StringComparer.Ordinal);

    public static GoType Parse(string name) => Cache.GetOrAdd(name, ParseUncached);

    private static GoType ParseUncached(string name)
    {
        if (name.StartsWith('*')) return new GoType(GoKind.Pointer, name, Parse(name[1..]));
        if (name == "[]byte") return new GoType(GoKind.Bytes, name);
        if (name.StartsWith("[]", StringComparison.Ordinal)) return new GoType(GoKind.Slice, name, Parse(name[2..]));
        if (name.StartsWith("map[string]", StringComparison.Ordinal)) return new GoType(GoKind.Map, name, Parse(name["map[string]".Length..]));
        return name switch
        {
            "string" => new GoType(GoKind.String, name),
            "bool" => new GoType(GoKind.Bool, name),
            "int8" => new GoType(GoKind.Int, name, Bits: 8),
            "int16" => new GoType(GoKind.Int, name, Bits: 16),
            "int32" => new GoType(GoKind.Int, name, Bits: 32),
            "int" or "int64" => new GoType(GoKind.Int, name, Bits: 64),
            "uint8" or "byte" => new GoType(GoKind.Uint, name, Bits: 8),
            "uint16" => new GoType(GoKind.Uint, name, Bits: 16),
            "uint32" => new GoType(GoKind.Uint, name, Bits: 32),
            "uint" or "uint64" => new GoType(GoKind.Uint, name, Bits: 64),
            "float32" => new GoType(GoKind.Float, name, Bits: 32),
            "float64" => new GoType(GoKind.Float, name, Bits: 64),
            "Quantity" => new GoType(GoKind.Quantity, name),
            "IntOrString" => new GoType(GoKind.IntOrString, name),
            "Time" => new GoType(GoKind.Time, name),
            "MicroTime" => new GoType(GoKind.MicroTime, name),
            "Duration" => new GoType(GoKind.Duration, name),
            "RawJSON" => new GoType(GoKind.RawJson, name),
            _ when name.Contains('.') => new GoType(GoKind.Struct, name, StructName: name),
            _ => throw new FormatException($"'{name}' is not a type of the Kubernetes API type table"),
        };
    }

    /// <summary>The type as Go's encoding/json names it in errors: "int64", "[]v1.Container", "v1.SecurityContext".</summary>
    public string GoName => Kind switch
    {
        GoKind.Pointer => Element!.GoName, // encoding/json reports the pointed-to type
        GoKind.Slice => "[]" + Element!.GoName,
        GoKind.Map => "map[string]" + Element!.GoName,
        GoKind.Struct => ShortStructName(StructName!),
        GoKind.Quantity => "resource.Quantity",
        GoKind.IntOrString => "intstr.IntOrString",
        GoKind.Time => "v1.Time",
        GoKind.MicroTime => "v1.MicroTime",
        GoKind.Duration => "v1.Duration",
        _ => Name,
    };

    /// <summary>"core/v1.SecurityContext" as Go prints it: its package's last path element and the name.</summary>
    public static string ShortStructName(string structName)
    {
        var dot = structName.LastIndexOf('.');
        var package = structName[..dot];
        return package[(package.LastIndexOf('/') + 1)..] + structName[dot..];
    }

    /// <summary>The struct's own name ("SecurityContext"), as encoding/json names the struct in "Go struct field X.path".</summary>
    public static string BareStructName(string structName) => structName[(structName.LastIndexOf('.') + 1)..];

    public override string ToString() => Name;
}
