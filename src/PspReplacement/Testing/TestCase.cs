using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Testing;

/// <summary>
/// One case of a fixture file (profiles/**/tests.yaml) or a cluster scenario (tests/scenarios/*.yaml): a request and
/// what admission must decide. A deny case must name a fragment of the expected message, so a policy that denies for
/// the wrong reason fails.
/// </summary>
public sealed record TestCase(
    string Name,
    bool ExpectDeny,
    string? Message,
    PssVersion? MinVersion,
    PssVersion? MaxVersion,
    string Operation,
    string SubResource,
    string? Namespace,
    string? User,
    ManifestObject Object,
    ManifestObject? OldObject,
    ManifestLocation Location)
{
    /// <summary>The requester's groups besides system:authenticated (the label guard's deployers, say).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>
    /// Fixtures only: the policies judged together, when upstream tests a policy that pspr imports as several (a
    /// Kyverno policy of many rules whose test says only that the policy denies). A deny case then passes when one of
    /// them denies, an allow case when none does. Empty: the policy the fixture belongs to.
    /// </summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    public bool Covers(PssVersion version) => (MinVersion is null || version >= MinVersion.Value) && (MaxVersion is null || version <= MaxVersion.Value);
}

/// <summary>A parsed test file: its cases and, for scenarios, the cluster they run against.</summary>
public sealed record TestFile(string Path, string? Cluster, IReadOnlyList<TestCase> Cases);
