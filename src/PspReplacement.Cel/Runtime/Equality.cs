namespace PspReplacement.Cel.Runtime;

public static partial class CelValue
{
    /// <summary>CEL equality (heterogeneous numeric equality as Kubernetes enables it). Errors are never equal to anything.</summary>
    public static bool ValueEquals(object a, object b) => Equals(a, b); // PLACEHOLDER: replaced by the runtime's full equality
}
