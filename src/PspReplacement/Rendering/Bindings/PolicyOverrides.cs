using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// PSA's check overrides (OverrideCheckIDs in k8s.io/pod-security-admission): where a restricted policy that overrides a
/// baseline policy is in force, the baseline policy does not run at all. A Windows pod adding NET_ADMIN is admitted at
/// restricted (capabilities-restricted exempts Windows pods) although capabilities-baseline would deny it.
/// </summary>
public static class PolicyOverrides
{
    /// <summary>The baseline policies overridden at a PSS version: those named by a restricted policy that has a variant for it.</summary>
    public static IReadOnlySet<string> At(PolicyLibrary library, PssVersion version) =>
        library.Policies
            .Where(p => p.Profile == Profile.Restricted && p.Overrides.Count > 0 && p.VariantFor(version) is not null)
            .SelectMany(p => p.Overrides)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The baseline policies overridden in a whole cluster: those overridden at the cluster's PSS version and at every
    /// version a namespace is pinned to. Bindings select by profile, not by version, so where the versions disagree the
    /// baseline policy keeps running in restricted namespaces too: stricter than PSA only where the restricted rule
    /// already denies more (fail-closed), never a namespace left without either rule.
    /// </summary>
    public static IReadOnlySet<string> InCluster(PolicyLibrary library, ClusterConfig cluster)
    {
        var versions = cluster.Namespaces.Select(n => n.PssVersion ?? cluster.PssVersion).Append(cluster.PssVersion).Distinct();
        var overridden = new HashSet<string>(At(library, cluster.PssVersion), StringComparer.Ordinal);
        foreach (var version in versions) overridden.IntersectWith(At(library, version));
        return overridden;
    }

    /// <summary>Does a namespace of that profile run the policy (before its excludes and add-backs), given the cluster's overridden policies?</summary>
    public static bool Applies(PolicyDefinition policy, Profile profile, IReadOnlySet<string> overridden) =>
        profile.Includes(policy.Profile)
        && !(profile == Profile.Restricted && overridden.Contains(policy.Name));

    /// <summary>
    /// The namespaceSelector of an overridden baseline policy: baseline namespaces only, never restricted ones (labels:
    /// <c>P/profile In [baseline]</c>, or <c>NotIn [privileged, restricted]</c> where baseline is the cluster's default, so
    /// unlabelled namespaces stay covered). Null when it would select no namespace.
    /// </summary>
    public static V1LabelSelector? BaselineOnlySelector(string policyName, Profile defaultProfile, LabelScheme scheme,
        NamespaceBindingMode mode, IReadOnlyList<NamespacePolicies> namespaces, IReadOnlyList<string> exemptNamespaces)
    {
        // For the selector, restricted namespaces opt out of the policy and a restricted default does not include it.
        var asBaselineOnly = namespaces
            .Select(ns => ns.Profile == Profile.Restricted ? ns with { Excluded = new HashSet<string>(ns.Excluded) { policyName } } : ns)
            .ToList();
        var effectiveDefault = defaultProfile == Profile.Restricted ? Profile.Privileged : defaultProfile;
        var selector = BindingSelectors.For(policyName, Profile.Baseline, effectiveDefault, scheme, mode, asBaselineOnly, exemptNamespaces);
        if (selector is null || mode != NamespaceBindingMode.Labels) return selector;

        var restricted = Profile.Restricted.Name();
        foreach (var requirement in selector.MatchExpressions.Where(r => r.Key == scheme.ProfileKey))
        {
            var values = requirement.Values.Where(v => v != restricted).ToList();
            if (requirement.OperatorProperty == "NotIn") values.Add(restricted);
            requirement.Values = values.Order(StringComparer.Ordinal).ToList();
        }
        return selector;
    }
}
