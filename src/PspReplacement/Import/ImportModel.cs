using k8s.Models;
using PspReplacement.Profiles;

namespace PspReplacement.Import;

/// <summary>Where an imported policy came from: the Kyverno resource, its rule, and the file (relative to the import root).</summary>
/// <param name="Action">Kyverno's enforcement as written upstream (validationFailureAction, failureAction, validationActions).</param>
/// <param name="RulesInPolicy">How many rules the Kyverno policy has (a test that only says "denied" names no rule).</param>
public sealed record ImportSource(string File, string ApiVersion, string Kind, string Policy, string? Rule, int RulesInPolicy = 1, string? Action = null)
{
    /// <summary>"ClusterPolicy disallow-privileged/privileged-containers" in reports.</summary>
    public string Display => Rule is null ? $"{Kind} {Policy}" : $"{Kind} {Policy}, rule {Rule}";
}

/// <summary>The annotations of a Kyverno policy that say which PSS profile and version it implements and how it reads.</summary>
public sealed record PolicyHints(
    Profile Profile,
    string Control,
    string Title,
    string Description,
    string? Severity,
    PssVersion MinPssVersion,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>One Kyverno rule (or ValidatingPolicy) as a policy of the library.</summary>
/// <param name="AutogenControllers">The pod controllers upstream's autogen covers: null for Kyverno's default, empty for none.</param>
public sealed record ImportedPolicy(
    string Name,
    ImportSource Source,
    PolicyHints Hints,
    V1ValidatingAdmissionPolicySpec Spec,
    IReadOnlyList<string>? AutogenControllers);

/// <summary>Something the import could not carry over, with the reason (reported, never silently dropped).</summary>
public sealed record ImportSkip(string Where, string What, string Reason)
{
    public override string ToString() => $"{Where}: {What}: {Reason}";
}

/// <summary>What reading one Kyverno document produced: policies (one per rule) and skips.</summary>
public sealed record ReadResult(IReadOnlyList<ImportedPolicy> Policies, IReadOnlyList<ImportSkip> Skips)
{
    public static readonly ReadResult Empty = new([], []);
}
