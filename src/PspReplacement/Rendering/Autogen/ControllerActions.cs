using PspReplacement.Config;
using PspReplacement.Vap;
namespace PspReplacement.Rendering.Autogen;

/// <summary>The validationActions of a controller form's binding, derived from the pod form's.</summary>
public static class ControllerActions
{
    /// <summary>
    /// Same: exactly the pods' actions. Warn: what PSA does for workloads, never deny: Deny becomes Warn and Audit is
    /// kept or added, so [Deny, Audit] and [Deny] give [Warn, Audit]; a rule still in [Audit] stays [Audit] (a workload is
    /// not told more than its pods would be). Off: no binding (empty).
    /// </summary>
    public static IReadOnlyList<string> For(ControllerMode mode, IReadOnlyList<string> podActions) => mode switch
    {
        ControllerMode.Off => [],
        ControllerMode.Same => [.. podActions],
        ControllerMode.Warn => ValidationActions.Canonical(podActions.Contains(ValidationActions.Deny)
            ? [ValidationActions.Warn, ValidationActions.Audit]
            : podActions),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
