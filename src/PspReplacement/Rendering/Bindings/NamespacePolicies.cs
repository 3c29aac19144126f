using PspReplacement.Config;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// What render decided for one listed namespace: its profile, the policies it opts out of (its excludes plus the base
/// policies its add-backs replace) and the add-back replacement policies it opts into. The same sets give its labels.
/// </summary>
public sealed record NamespacePolicies(string Name, NamespaceProfile Profile, IReadOnlySet<string> Excluded, IReadOnlySet<string> Included)
{
    /// <summary>Exactly a Pod Security Standards profile: no add-backs and no excludes.</summary>
    public bool IsPlainProfile => Excluded.Count == 0 && Included.Count == 0;

    /// <summary>Read back from a namespace plan's labels (&lt;prefix&gt;/&lt;policy&gt;: exclude|include), so both views agree by construction.</summary>
    public static NamespacePolicies From(NamespacePlan plan, LabelScheme scheme)
    {
        var prefix = scheme.Prefix + "/";
        HashSet<string> With(string value) =>
        [
            .. plan.Labels.Where(kv => kv.Value == value && kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(kv => kv.Key[prefix.Length..]),
        ];
        return new(plan.Config.Name, plan.Config.Profile, With(LabelScheme.Exclude), With(LabelScheme.Include));
    }
}
