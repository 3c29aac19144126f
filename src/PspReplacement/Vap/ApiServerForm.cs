using k8s.Models;
using PspReplacement.Cel;

namespace PspReplacement.Vap;

/// <summary>
/// A VAP spec in the form a cluster's apiserver takes: before 1.28 variables are inlined (v1alpha1 has none) and
/// matchConditions folded into the expressions (their feature gate is off by default), with the same verdicts. render
/// writes this form, and check and test evaluate it, so what is deployed is what is checked.
/// </summary>
public static class ApiServerForm
{
    public static V1ValidatingAdmissionPolicySpec For(V1ValidatingAdmissionPolicySpec spec, KubernetesVersion version, string policyName)
    {
        if (!KubernetesApi.SupportsVariables(version) && spec.Variables is { Count: > 0 })
            spec = VariableInliner.Inline(spec, policyName);
        return MatchConditionFolding.Needed(version) ? MatchConditionFolding.Fold(spec) : spec;
    }
}
