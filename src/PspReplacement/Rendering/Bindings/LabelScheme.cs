using k8s.Models;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// The namespace labels that bind policies, in one place so bindings and labels cannot drift:
/// &lt;prefix&gt;/profile, &lt;prefix&gt;/&lt;policy&gt;: exclude|include and, for namespaces pinned to another PSS version, &lt;prefix&gt;/pss-version.
/// A namespace's labels and the bindings' selectors are both derived here from NamespacePolicies.
/// </summary>
public sealed record LabelScheme(string Prefix)
{
    public const string Exclude = "exclude";
    public const string Include = "include";

    public string ProfileKey => $"{Prefix}/profile";
    public string PssVersionKey => $"{Prefix}/pss-version";
    public string PolicyKey(string policyName) => $"{Prefix}/{policyName}";
    /// <summary>Marks rendered objects with the policy they come from (grouping in charts, lookups in check).</summary>
    public string PolicyLabel => $"{Prefix}/policy";
    /// <summary>On an add-back's policy: the rule it replaces, and the add-back (read back by <see cref="Relaxation"/>).</summary>
    public string RelaxesAnnotation => $"{Prefix}/{Relaxation.RelaxesName}";
    public string AddBackAnnotation => $"{Prefix}/{Relaxation.AddBackName}";

    /// <summary>
    /// A namespace's binding labels, sorted by key. Bound by name, the opt-out labels would mean nothing: only the profile
    /// (and version pin) stay, for people and tools.
    /// </summary>
    public SortedDictionary<string, string> LabelsOf(NamespacePolicies ns, NamespaceBindingMode mode)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ProfileKey] = ns.Profile.Name() };
        if (ns.PinnedVersion) labels[PssVersionKey] = ns.PssVersion.ToString();
        if (mode == NamespaceBindingMode.Names) return labels;
        foreach (var policy in ns.Excluded) labels[PolicyKey(policy)] = Exclude;
        foreach (var policy in ns.Included) labels[PolicyKey(policy)] = Include;
        return labels;
    }

    /// <summary>The profile label In or NotIn those profiles.</summary>
    public V1LabelSelectorRequirement ProfileRequirement(string op, IEnumerable<Profile> profiles) =>
        ModelFactory.Requirement(ProfileKey, op, profiles.Select(p => p.Name()).Order(StringComparer.Ordinal));

    /// <summary>The PSS version label In or NotIn those versions.</summary>
    public V1LabelSelectorRequirement PssVersionRequirement(string op, IEnumerable<PssVersion> versions) =>
        ModelFactory.Requirement(PssVersionKey, op, versions.Select(v => v.ToString()).Order(StringComparer.Ordinal));

    /// <summary>Namespaces that opt into an add-back replacement policy.</summary>
    public V1LabelSelectorRequirement IncludedRequirement(string policyName) => ModelFactory.Requirement(PolicyKey(policyName), "In", [Include]);

    /// <summary>Namespaces that do not opt out of a policy (also those without the label).</summary>
    public V1LabelSelectorRequirement NotExcludedRequirement(string policyName) => ModelFactory.Requirement(PolicyKey(policyName), "NotIn", [Exclude]);
}
