namespace PspReplacement.Cel.Runtime;

/// <summary>
/// Bounds on one evaluation, so no expression runs unbounded in pspr (check, test, cel eval). The kube-apiserver stops
/// an expression whose runtime cost passes its per-expression limit (1,000,000 in cel-go's cost units); every
/// comprehension iteration costs at least one unit there, and a string of n characters at least n/10, so these
/// bounds stop nothing the apiserver would run to the end. Past a bound the evaluation's value is cel-go's error for
/// an exhausted cost budget.
/// </summary>
internal static class EvaluationLimits
{
    /// <summary>Comprehension iterations (all, exists, map, filter, and the others) per evaluation.</summary>
    public const long MaxIterations = 1_000_000;

    /// <summary>Characters of one string, elements of one list, bytes of one bytes value built during an evaluation.</summary>
    public const long MaxSize = 10_000_000;

    public static readonly CelError Exceeded = new("operation cancelled: actual cost limit exceeded");

    /// <summary>Counts one iteration; true once the evaluation has used up its iterations.</summary>
    public static bool Iterate(Frame frame) => ++frame.Iterations > MaxIterations;
}
