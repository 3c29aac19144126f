using System.Collections.Concurrent;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Testing;

namespace PspReplacement.Tests.Profiles.Pss;

/// <summary>
/// Admits pods the way a namespace would: what render emits for a profile, PSS version and add-back
/// (AdmissionSetup.ForProfile), evaluated by the admission engine, with each denial named by its library policy.
/// </summary>
public static class PssAdmission
{
    /// <summary>The oldest PSS version a cluster can pin (the oldest Kubernetes the product supports).</summary>
    public static readonly PssVersion OldestSupported = new(1, 26);

    private static readonly ConcurrentDictionary<(Profile, PssVersion, string), AdmissionSetup> Setups = new();
    private static readonly LabelScheme Scheme = new(ClusterConfig.DefaultLabelPrefix);

    public static AdmissionSetup Setup(Profile profile, PssVersion version, string? addBack = null) =>
        Setups.GetOrAdd((profile, version, addBack ?? ""), key => AdmissionSetup.ForProfile(
            PssLibrary.Library, key.Item1, key.Item2, key.Item3.Length == 0 ? [] : [key.Item3],
            // As pspr test does: every PSS version on the newest apiserver, where no feature gate drops a field.
            KubernetesVersion.Latest));

    /// <summary>A denial, named by the library policy it comes from (the VAP may be a versioned or controller form of it).</summary>
    public sealed record Denial(string LibraryPolicy, string Message);

    public static IReadOnlyList<Denial> Denials(AdmissionSetup setup, TestCase c, ManifestObject? objectOverride = null)
    {
        var result = CaseEvaluator.Admit(setup, c, objectOverride ?? c.Object, c.OldObject);
        var verdict = result.Verdict ?? throw new InvalidOperationException($"{c.Name}: the apiserver refuses the object: {result.Invalid}");
        var origin = setup.Policies.Policies.ToDictionary(
            b => b.Policy.Name,
            b => b.Policy.Policy.Metadata?.Labels is { } labels && labels.TryGetValue(Scheme.PolicyLabel, out var name) ? name : b.Policy.Name,
            StringComparer.Ordinal);
        return verdict.Violations.Where(v => v.Denies).Select(v => new Denial(origin.GetValueOrDefault(v.Policy, v.Policy), v.Message)).ToList();
    }

    /// <summary>A Pod CREATE case built in code.</summary>
    public static TestCase PodCase(string name, Dictionary<string, object?> pod)
    {
        var location = new ManifestLocation("(test)", 1, 1, 1);
        return new TestCase(name, false, null, null, null, "CREATE", "", null, null, new ManifestObject(location, pod), null, location);
    }
}
