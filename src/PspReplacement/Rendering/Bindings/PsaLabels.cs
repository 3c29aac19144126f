using PspReplacement.Profiles;
using PspReplacement.Vap;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// Belt and braces: the built-in Pod Security Admission labels for namespaces whose setting is exactly a PSS profile, so
/// PSA enforces the same profile should the VAPs be deleted or fail open.
/// </summary>
public static class PsaLabels
{
    public const string Prefix = "pod-security.kubernetes.io/";

    /// <summary>
    /// The labels to add to a namespace (sorted by key), or none when it has add-backs or excludes (PSA cannot express them
    /// and would deny what the add-back allows) or is exempt. enforce only when every policy bound there denies: PSA must
    /// not deny a rule the staged rollout still only audits; warn and audit never block, so they are always set.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(NamespacePolicies ns, PssVersion pssVersion, bool exempt,
        IReadOnlyList<IReadOnlyList<string>> actionsOfBoundPolicies)
    {
        if (exempt || !ns.IsPlainProfile)
            return [];
        var level = ns.Profile.Name();
        var version = pssVersion.ToString();
        var modes = new List<string> { "audit", "warn" };
        if (actionsOfBoundPolicies.All(ValidationActions.Denies))
            modes.Add("enforce");
        return
        [
            .. modes.SelectMany(m => new[] { KeyValuePair.Create(Prefix + m, level), KeyValuePair.Create($"{Prefix}{m}-version", version) })
                .OrderBy(kv => kv.Key, StringComparer.Ordinal),
        ];
    }
}
