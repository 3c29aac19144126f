using PspReplacement.Config;
using PspReplacement.Profiles;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// What render decided for one listed namespace, computed once from its values by NamespacePlanner: the PSS version it
/// follows, the policies it opts out of (its excludes plus the base policies its add-backs replace) and the add-back
/// replacement policies it opts into. Its labels (LabelScheme.LabelsOf) and every binding's selector come from it.
/// </summary>
public sealed record NamespacePolicies(NamespaceConfig Config, PssVersion PssVersion, bool PinnedVersion,
    IReadOnlySet<string> Excluded, IReadOnlySet<string> Included)
{
    public string Name => Config.Name;
    public Profile Profile => Config.Profile;

    /// <summary>Exactly a Pod Security Standards profile: no add-backs and no excludes.</summary>
    public bool IsPlainProfile => Excluded.Count == 0 && Included.Count == 0;

    /// <summary>Does a policy of that profile (null: an add-back replacement) run here, before PSA's check overrides?</summary>
    public bool Runs(string policyName, Profile? policyProfile) => policyProfile is null
        ? Included.Contains(policyName)
        : Profile.Includes(policyProfile) && !Excluded.Contains(policyName);
}
