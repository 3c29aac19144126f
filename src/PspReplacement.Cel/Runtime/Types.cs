namespace PspReplacement.Cel.Runtime;

public static partial class CelValue
{
    /// <summary>The CEL type of a value (what type(x) returns).</summary>
    public static CelType TypeOf(object value) => value switch
    {
        bool => CelType.Bool,
        long => CelType.Int,
        string => CelType.String,
        double => CelType.Double,
        ulong => CelType.Uint,
        ICelMap => CelType.Map,
        CelNull => CelType.Null,
        CelOptional => CelType.Optional,
        CelBytes => CelType.Bytes,
        CelType => CelType.Type,
        CelDuration => CelType.Duration,
        CelTimestamp => CelType.Timestamp,
        CelError => CelType.Error,
        ICelOpaque o => o.Type,
        IReadOnlyList<object> => CelType.List,
        int => CelType.Int,
        uint => CelType.Uint,
        float => CelType.Double,
        _ => new CelType(value.GetType().FullName ?? value.GetType().Name),
    };

    /// <summary>Whether a value may be passed for a parameter of the given type (dyn accepts anything).</summary>
    public static bool IsOfType(object value, CelType type)
    {
        if (ReferenceEquals(type, CelType.Dyn)) return true;
        if (ReferenceEquals(type, CelType.String)) return value is string;
        if (ReferenceEquals(type, CelType.Int)) return value is long;
        if (ReferenceEquals(type, CelType.List)) return value is IReadOnlyList<object> && value is not string;
        if (ReferenceEquals(type, CelType.Map)) return value is ICelMap;
        if (ReferenceEquals(type, CelType.Bool)) return value is bool;
        if (ReferenceEquals(type, CelType.Double)) return value is double;
        if (ReferenceEquals(type, CelType.Uint)) return value is ulong;
        if (type.Name == "dyn") return true;
        return TypeOf(value).Equals(type);
    }

    /// <summary>True when the value is an error (errors are values that flow through evaluation).</summary>
    public static bool IsError(object value) => value is CelError;
}
