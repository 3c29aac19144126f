using static PspReplacement.Rendering.Autogen.ModelFactory;
using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// How a binding picks its namespaces. Labels: the label scheme (profile label, per-policy exclude/include labels),
/// fail-closed. Names: by <c>kubernetes.io/metadata.name</c>, which the apiserver sets and nobody can edit, for clusters
/// where tenants can edit their namespace's labels and could otherwise opt themselves out.
/// </summary>
public enum NamespaceBindingMode { Labels, Names }

/// <summary>The namespaceSelector of each policy's binding.</summary>
public static class BindingSelectors
{
    public const string NameLabel = Exemptions.NamespaceNameLabel;

    /// <summary>
    /// The selector for a policy's binding, or null when it would select no namespace (render then emits no binding:
    /// In needs at least one value).
    /// Fail-closed: where the cluster's default profile includes the policy, the profile requirement is NotIn the profiles
    /// that do not include it, which also selects namespaces without the label (unlisted, or created outside the chart),
    /// and with a misspelt value.
    /// </summary>
    public static V1LabelSelector? For(string policyName, ProfileLevel level, NamespaceProfile defaultProfile, string labelPrefix,
        NamespaceBindingMode mode, IReadOnlyList<NamespacePolicies> namespaces, IReadOnlyList<string> exemptNamespaces)
    {
        var requirements = mode == NamespaceBindingMode.Labels
            ? ByLabels(policyName, level, defaultProfile, labelPrefix)
            : ByNames(policyName, level, defaultProfile, namespaces, exemptNamespaces);
        if (requirements is null)
            return null;
        // In Names mode exempt namespaces are already left out of every In list and added to every NotIn list.
        if (mode == NamespaceBindingMode.Labels && Exemptions.NamespaceRequirement(exemptNamespaces) is { } exempt)
            requirements.Add(exempt);
        return new V1LabelSelector { MatchExpressions = requirements };
    }

    /// <summary>Does a namespace's profile include a policy of that level?</summary>
    public static bool Includes(NamespaceProfile profile, ProfileLevel level) => level switch
    {
        ProfileLevel.Restricted => profile == NamespaceProfile.Restricted,
        ProfileLevel.Baseline => profile is NamespaceProfile.Baseline or NamespaceProfile.Restricted,
        _ => false,
    };

    public static string ProfileValue(NamespaceProfile profile) => profile.ToString().ToLowerInvariant();

    private static List<V1LabelSelectorRequirement> ByLabels(string policyName, ProfileLevel level, NamespaceProfile defaultProfile, string prefix)
    {
        var policyLabel = $"{prefix}/{policyName}";
        if (level == ProfileLevel.AddBack)
            return [Requirement(policyLabel, "In", ["include"])];
        var all = Enum.GetValues<NamespaceProfile>();
        var profileRequirement = Includes(defaultProfile, level)
            ? Requirement($"{prefix}/profile", "NotIn", Values(all.Where(p => !Includes(p, level))))
            : Requirement($"{prefix}/profile", "In", Values(all.Where(p => Includes(p, level))));
        return [profileRequirement, Requirement(policyLabel, "NotIn", ["exclude"])];
    }

    private static List<V1LabelSelectorRequirement>? ByNames(string policyName, ProfileLevel level, NamespaceProfile defaultProfile,
        IReadOnlyList<NamespacePolicies> namespaces, IReadOnlyList<string> exempt)
    {
        var exemptSet = exempt.ToHashSet(StringComparer.Ordinal);
        bool Applies(NamespacePolicies ns) => level == ProfileLevel.AddBack
            ? ns.Included.Contains(policyName)
            : Includes(ns.Profile, level) && !ns.Excluded.Contains(policyName);

        if (level != ProfileLevel.AddBack && Includes(defaultProfile, level))
        {
            // Everything but the listed namespaces where it does not apply: unlisted namespaces get the default.
            var outside = namespaces.Where(ns => !Applies(ns)).Select(ns => ns.Name).Concat(exemptSet).ToList();
            return outside.Count == 0 ? [] : [Requirement(NameLabel, "NotIn", Sorted(outside))];
        }
        var inside = namespaces.Where(ns => Applies(ns) && !exemptSet.Contains(ns.Name)).Select(ns => ns.Name).ToList();
        return inside.Count == 0 ? null : [Requirement(NameLabel, "In", Sorted(inside))];
    }

    private static IEnumerable<string> Values(IEnumerable<NamespaceProfile> profiles) => profiles.Select(ProfileValue).Order(StringComparer.Ordinal);
    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
