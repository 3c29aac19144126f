namespace PspReplacement.Profiles;

/// <summary>
/// The Pod Security Standards profiles, from least to most restrictive. A namespace is set to one (privileged binds no
/// policy); a policy of the library belongs to baseline or restricted, or to none when it is an add-back replacement.
/// </summary>
public enum Profile { Privileged, Baseline, Restricted }

/// <summary>The profiles' names as values, labels, policy.yaml, PSA and the command line write them.</summary>
public static class ProfileNames
{
    private static readonly string[] Names = ["privileged", "baseline", "restricted"];

    /// <summary>Every profile, least restrictive first.</summary>
    public static IReadOnlyList<Profile> All { get; } = [Profile.Privileged, Profile.Baseline, Profile.Restricted];

    public static string Name(this Profile profile) => Names[(int)profile];

    /// <summary>The profile of an exact lower-case name, as PSA's labels and values write it.</summary>
    public static bool TryParse(string? text, out Profile profile)
    {
        var index = Array.IndexOf(Names, text);
        profile = index < 0 ? default : (Profile)index;
        return index >= 0;
    }

    /// <summary>Does a namespace of this profile run the policies of that profile? Restricted includes baseline; add-back replacements (null) are bound only where an add-back brings them.</summary>
    public static bool Includes(this Profile namespaceProfile, Profile? policyProfile) =>
        policyProfile is { } p && p != Profile.Privileged && p <= namespaceProfile;
}
