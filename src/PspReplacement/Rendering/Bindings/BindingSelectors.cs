using k8s.Models;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Rendering.Bindings;

/// <summary>The namespaceSelector of each policy's binding, from the same model and label scheme as the namespaces' labels.</summary>
public static class BindingSelectors
{
    public const string NameLabel = Exemptions.NamespaceNameLabel;

    /// <summary>
    /// The selector for a policy's binding, or null when it would select no namespace (render then emits no binding:
    /// In needs at least one value). policyProfile is the policy's profile, null for an add-back replacement.
    /// Fail-closed: where the cluster's default profile includes the policy, the profile requirement is NotIn the profiles
    /// that do not include it, which also selects namespaces without the label (unlisted, or created outside the chart),
    /// and with a misspelt value.
    /// </summary>
    public static V1LabelSelector? For(string policyName, Profile? policyProfile, Profile defaultProfile, LabelScheme scheme,
        NamespaceBindingMode mode, IReadOnlyList<NamespacePolicies> namespaces, IReadOnlyList<string> exemptNamespaces)
    {
        var requirements = mode == NamespaceBindingMode.Labels
            ? ByLabels(policyName, policyProfile, defaultProfile, scheme)
            : ByNames(policyName, policyProfile, defaultProfile, namespaces, exemptNamespaces);
        if (requirements is null)
            return null;
        // In Names mode exempt namespaces are already left out of every In list and added to every NotIn list.
        if (mode == NamespaceBindingMode.Labels && Exemptions.NamespaceRequirement(exemptNamespaces) is { } exempt)
            requirements.Add(exempt);
        return new V1LabelSelector { MatchExpressions = requirements };
    }

    private static List<V1LabelSelectorRequirement> ByLabels(string policyName, Profile? policyProfile, Profile defaultProfile, LabelScheme scheme)
    {
        if (policyProfile is null)
            return [scheme.IncludedRequirement(policyName)];
        var profileRequirement = defaultProfile.Includes(policyProfile)
            ? scheme.ProfileRequirement("NotIn", ProfileNames.All.Where(p => !p.Includes(policyProfile)))
            : scheme.ProfileRequirement("In", ProfileNames.All.Where(p => p.Includes(policyProfile)));
        return [profileRequirement, scheme.NotExcludedRequirement(policyName)];
    }

    private static List<V1LabelSelectorRequirement>? ByNames(string policyName, Profile? policyProfile, Profile defaultProfile,
        IReadOnlyList<NamespacePolicies> namespaces, IReadOnlyList<string> exempt)
    {
        var exemptSet = exempt.ToHashSet(StringComparer.Ordinal);
        if (defaultProfile.Includes(policyProfile))
        {
            // Everything but the listed namespaces where it does not apply: unlisted namespaces get the default.
            var outside = namespaces.Where(ns => !ns.Runs(policyName, policyProfile)).Select(ns => ns.Name).Concat(exemptSet).ToList();
            return outside.Count == 0 ? [] : [ModelFactory.Requirement(NameLabel, "NotIn", Sorted(outside))];
        }
        var inside = namespaces.Where(ns => ns.Runs(policyName, policyProfile) && !exemptSet.Contains(ns.Name)).Select(ns => ns.Name).ToList();
        return inside.Count == 0 ? null : [ModelFactory.Requirement(NameLabel, "In", Sorted(inside))];
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
