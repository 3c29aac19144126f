using System.Collections.Concurrent;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Manifests;
using PspReplacement.Profiles;

namespace PspReplacement.Tests.PsaFidelity;

/// <summary>Our verdict on one corpus case at one level and PSS version, beside PSA's.</summary>
public sealed record FidelityOutcome(FidelityFile File, FidelityCase Case, ProfileLevel Level, PssVersion Version, bool Allowed, IReadOnlyList<PolicyViolation> Denials)
{
    public string Key => PsaFidelityRun.Key($"{File.Id}: {Case.Name}", Level, Version);
    public bool Agrees => Allowed == Case.ExpectAllow;
}

/// <summary>
/// Admits every corpus case the way a namespace of that level admits a pod: what render emits for the profile and
/// PSS version (AdmissionSetup.ForProfile, newest Kubernetes) through the same checker as pspr check.
/// </summary>
public static class PsaFidelityRun
{
    /// <summary>The PSS versions a cluster can pin: v1.26 (oldest supported Kubernetes) to the newest.</summary>
    public static readonly PssVersion Oldest = new(1, 26);
    public static readonly PssVersion Newest = PssVersion.Latest;

    private static readonly Lazy<PolicyLibrary> Library = new(() => PolicyLibraryLoader.Load(Path.Combine(RepositoryRoot.Find(), "profiles")));
    private static readonly ConcurrentDictionary<(ProfileLevel, PssVersion), AdmissionSetup> Setups = new();

    public static string Key(string caseId, ProfileLevel level, PssVersion version) =>
        $"{caseId} [{level.ToString().ToLowerInvariant()} {version}]";

    public static AdmissionSetup Setup(ProfileLevel level, PssVersion version) =>
        Setups.GetOrAdd((level, version), k => AdmissionSetup.ForProfile(Library.Value, k.Item1, k.Item2, [], KubernetesVersion.Latest));

    public static FidelityOutcome Evaluate(FidelityFile file, FidelityCase c, ProfileLevel level, PssVersion version)
    {
        var setup = Setup(level, version);
        var pod = FidelityCorpus.PodFor(c, level);
        var checker = new ManifestChecker(setup.Policies, setup.Namespaces, RequestOptions.Default);
        var entry = checker.CheckOne(ManifestEntry.Of(new ManifestObject(new ManifestLocation(c.Location, 1, 1, 1), pod)));
        var verdict = entry.Result?.Verdict ?? throw new InvalidOperationException($"{c.Location}: {entry.Problem}");
        if (!verdict.Matched) throw new InvalidOperationException($"{c.Location}: no policy matched the pod at {level} {version}; the render is not what a namespace gets");
        return new FidelityOutcome(file, c, level, version, verdict.Allowed, verdict.Violations.Where(v => v.Denies).ToList());
    }

    public static IReadOnlyList<FidelityOutcome> EvaluateAll(IReadOnlyList<FidelityFile> corpus)
    {
        var work = corpus.SelectMany(f => f.Cases.SelectMany(c => f.Levels.SelectMany(l => f.VersionsWithin(Oldest, Newest).Select(v => (f, c, l, v))))).ToList();
        var outcomes = new FidelityOutcome[work.Count];
        Parallel.For(0, work.Count, i => outcomes[i] = Evaluate(work[i].f, work[i].c, work[i].l, work[i].v));
        return outcomes;
    }
}
