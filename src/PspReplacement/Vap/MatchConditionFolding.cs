using k8s.Models;
using PspReplacement.Cel;

namespace PspReplacement.Vap;

/// <summary>
/// Before Kubernetes 1.28 a VAP's matchConditions sit behind the AdmissionWebhookMatchConditions feature gate (alpha in
/// 1.27, off by default), and an apiserver without it drops the field silently: the update exemption and the
/// username/runtime-class exemptions would vanish. Folding moves the conditions into every expression instead:
/// a validation passes, and an audit annotation is not written, when the conditions do not all hold. Errors keep their
/// meaning (an error in a condition is an error of the validation, and failurePolicy applies to both).
/// </summary>
public static class MatchConditionFolding
{
    /// <summary>The first Kubernetes version whose VAP matchConditions are on by default (beta).</summary>
    public static readonly KubernetesVersion MatchConditionsOnByDefault = new(1, 28);

    public static bool Needed(KubernetesVersion version) => version < MatchConditionsOnByDefault;

    public static V1ValidatingAdmissionPolicySpec Fold(V1ValidatingAdmissionPolicySpec spec)
    {
        if (spec.MatchConditions is not { Count: > 0 } conditions)
            return spec;
        var all = conditions.Count == 1 ? $"({conditions[0].Expression})" : string.Join(" && ", conditions.Select(c => $"({c.Expression})"));
        return new V1ValidatingAdmissionPolicySpec
        {
            FailurePolicy = spec.FailurePolicy,
            ParamKind = spec.ParamKind,
            MatchConstraints = spec.MatchConstraints,
            MatchConditions = null,
            Variables = spec.Variables,
            Validations = spec.Validations?.Select(v => new V1Validation { Expression = $"!({all}) || ({v.Expression})", Message = v.Message, MessageExpression = v.MessageExpression, Reason = v.Reason }).ToList(),
            AuditAnnotations = spec.AuditAnnotations?.Select(a => new V1AuditAnnotation { Key = a.Key, ValueExpression = $"({all}) ? ({a.ValueExpression}) : null" }).ToList(),
        };
    }
}
