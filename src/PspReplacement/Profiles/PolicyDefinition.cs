using k8s.Models;

namespace PspReplacement.Profiles;

/// <summary>
/// One policy of the library (profiles/**/policy.yaml): one Pod Security Standards control (or one add-back
/// replacement), in pod form, with the rule as it stood in each PSS version it covers.
/// </summary>
public sealed record PolicyDefinition(
    string Name,
    Profile? Profile,
    string Control,
    string Title,
    string Description,
    IReadOnlyList<PolicyVariant> Variants,
    string SourcePath)
{
    /// <summary>How policy.yaml writes the profile of an add-back replacement, which belongs to no profile.</summary>
    public const string AddBackProfileName = "add-back";

    /// <summary>An add-back replacement: bound only where an add-back brings it, never by a profile.</summary>
    public bool IsAddBack => Profile is null;

    /// <summary>The profile as policy.yaml writes it: baseline, restricted or add-back.</summary>
    public string ProfileName => Profile?.Name() ?? AddBackProfileName;

    /// <summary>Reads policy.yaml's profile: baseline, restricted, or add-back (null).</summary>
    public static bool TryParseProfile(string text, out Profile? profile)
    {
        profile = null;
        if (text == AddBackProfileName) return true;
        if (!ProfileNames.TryParse(text, out var p) || p == Profiles.Profile.Privileged) return false;
        profile = p;
        return true;
    }

    /// <summary>The variant in force at a PSS version, or null when the policy does not apply at that version.</summary>
    public PolicyVariant? VariantFor(PssVersion version) => Variants.FirstOrDefault(v => v.Covers(version));

    /// <summary>Upstream's severity (low, medium, high) of an imported policy, for reports; null when not given.</summary>
    public string? Severity { get; init; }

    /// <summary>
    /// The policy's own validation actions, when it should not act like the cluster's default: an imported upstream
    /// Audit policy stays [Audit]. Values (policies.NAME, namespaces) still override it.
    /// </summary>
    public IReadOnlyList<string>? ValidationActions { get; init; }

    /// <summary>
    /// The pod controller kinds (Deployment, CronJob, ...) render derives controller forms for: null means render's
    /// default (every kind the cluster's controllers setting allows), empty means none.
    /// </summary>
    public IReadOnlyList<string>? AutogenControllers { get; init; }

    /// <summary>Where an imported policy came from (pspr import kyverno); null for a hand-written policy.</summary>
    public ImportOrigin? ImportedFrom { get; init; }

    /// <summary>
    /// Baseline policies this restricted policy overrides, like PSA's OverrideCheckIDs: wherever this policy is in force
    /// (restricted namespaces, at a PSS version it covers) the overridden baseline policy does not run at all.
    /// </summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
}

/// <summary>The upstream object an imported policy was translated from (importedFrom in policy.yaml).</summary>
public sealed record ImportOrigin(string File, string ApiVersion, string Kind, string Policy, string? Rule, string? Action,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>The rule as it stood from MinVersion to MaxVersion (inclusive; null means up to the newest).</summary>
public sealed record PolicyVariant(PssVersion MinVersion, PssVersion? MaxVersion, V1ValidatingAdmissionPolicySpec Spec)
{
    public bool Covers(PssVersion version) => version >= MinVersion && (MaxVersion is null || version <= MaxVersion.Value);
}

/// <summary>An add-back (profiles/add-backs/NAME/add-back.yaml): a named bundle that swaps base policies for relaxed replacements.</summary>
public sealed record AddBack(string Name, string Description, IReadOnlyList<Replacement> Replaces, string SourcePath);

/// <summary>Where a namespace's effective policies include Policy, exclude it and include With instead.</summary>
public sealed record Replacement(string Policy, string With);

/// <summary>The policy library: every policy and add-back under profiles/.</summary>
public sealed record PolicyLibrary(IReadOnlyList<PolicyDefinition> Policies, IReadOnlyList<AddBack> AddBacks);
