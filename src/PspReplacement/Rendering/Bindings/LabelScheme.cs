namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// The namespace labels that bind policies, in one place so bindings and labels cannot drift:
/// &lt;prefix&gt;/profile, &lt;prefix&gt;/&lt;policy&gt;: exclude|include and, for namespaces pinned to another PSS version, &lt;prefix&gt;/pss-version.
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
}
