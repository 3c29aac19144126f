using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Rendering.Autogen;

/// <summary>
/// Which controller forms a policy gets. The autogen only makes sense for a pod policy: a policy whose own
/// matchConstraints select no pods (an imported Service rule, say) is rendered as written. A policy's
/// autogenControllers (from pspr import kyverno) narrows the controller kinds; [] means none.
/// </summary>
public static class AutogenScope
{
    /// <summary>The form options for one variant of a policy: the cluster's, with controllers off where the autogen does not apply.</summary>
    public static FormOptions OptionsFor(PolicyDefinition policy, V1ValidatingAdmissionPolicySpec spec, FormOptions clusterOptions) =>
        MatchRules.SelectsPods(spec.MatchConstraints) && policy.AutogenControllers is not { Count: 0 }
            ? clusterOptions
            : clusterOptions with { Controllers = ControllerMode.Off };

    /// <summary>Drops the controller kinds the policy's autogenControllers leaves out (and a form left with none).</summary>
    public static IReadOnlyList<PolicyForm> Restrict(PolicyDefinition policy, IReadOnlyList<PolicyForm> forms)
    {
        if (policy.AutogenControllers is not { } allowed) return forms;
        var result = new List<PolicyForm>();
        foreach (var form in forms)
        {
            if (!form.IsController) { result.Add(form); continue; }
            var kinds = form.Kinds.Where(k => allowed.Contains(k.Kind, StringComparer.Ordinal)).ToList();
            if (kinds.Count == 0) continue;
            if (kinds.Count < form.Kinds.Count)
                form.Spec.MatchConstraints = MatchRules.Controllers(kinds); // Expand built this spec for this call alone
            result.Add(form with { Kinds = kinds });
        }
        return result;
    }
}
