using System.Collections.Concurrent;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;

namespace PspReplacement.Tests.Profiles.PsaFidelity;

/// <summary>How a case's pod reaches admission: itself, or as the pod template of a controller.</summary>
public enum ControllerForm { Pod, Deployment, CronJob }

/// <summary>Our verdict on one corpus case at one level and PSS version, beside PSA's.</summary>
public sealed record FidelityOutcome(FidelityFile File, FidelityCase Case, Profile Level, PssVersion Version, bool Allowed,
    IReadOnlyList<PolicyViolation> Denials, IReadOnlyList<string> DenyingPolicies)
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
    private static readonly ConcurrentDictionary<(Profile, PssVersion), AdmissionSetup> Setups = new();
    private static readonly LabelScheme Scheme = new(ClusterConfig.DefaultLabelPrefix);

    public static string Key(string caseId, Profile level, PssVersion version) =>
        $"{caseId} [{level.ToString().ToLowerInvariant()} {version}]";

    public static AdmissionSetup Setup(Profile level, PssVersion version) =>
        Setups.GetOrAdd((level, version), k => AdmissionSetup.ForProfile(Library.Value, k.Item1, k.Item2, [], KubernetesVersion.Latest));

    /// <summary>
    /// A CREATE case as the pod itself or wrapped in a controller's pod template (PSA's run.go createController does the
    /// same with a Deployment: PSA only warns there, where render's autogen forms deny with the pod's verdict).
    /// </summary>
    public static FidelityOutcome Evaluate(FidelityFile file, FidelityCase c, Profile level, PssVersion version, ControllerForm form)
    {
        var setup = Setup(level, version);
        var location = new ManifestLocation(c.Location, 1, 1, 1);
        var options = new RequestOptions(c.Operation, c.SubResource);
        var old = FidelityCorpus.OldPodFor(c, level) is { } oldPod ? new OldObjectIndex([new ManifestObject(location, oldPod)], options) : null;
        var checker = new ManifestChecker(setup, options, old);
        var entry = checker.CheckOne(ManifestEntry.Of(new ManifestObject(location, Wrap(FidelityCorpus.PodFor(c, level), form))));
        if (entry.Result?.Invalid is { } invalid) throw new InvalidOperationException($"{c.Location}: the apiserver refuses the case's pod: {invalid}");
        var verdict = entry.Result?.Verdict ?? throw new InvalidOperationException($"{c.Location}: {entry.Problem}");
        // A pod CREATE that no policy matches means the setup is not what a namespace gets (updates may be exempt).
        if (!verdict.Matched && c.Operation == "CREATE" && form == ControllerForm.Pod) throw new InvalidOperationException($"{c.Location}: no policy matched the pod at {level} {version}");
        var denials = verdict.Violations.Where(v => v.Denies).ToList();
        return new FidelityOutcome(file, c, level, version, verdict.Allowed, denials, denials.Select(d => LibraryPolicyOf(setup, d.Policy)).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    // A rendered VAP carries the library policy it comes from in a label (its name may be a versioned form).
    private static string LibraryPolicyOf(AdmissionSetup setup, string vapName) =>
        setup.Policies.Policies.FirstOrDefault(b => b.Policy.Name == vapName)?.Policy.Policy.Metadata?.Labels is { } labels
        && labels.TryGetValue(Scheme.PolicyLabel, out var name) ? name : vapName;

    public static IReadOnlyList<FidelityOutcome> EvaluateAll(IReadOnlyList<FidelityFile> corpus, ControllerForm form = ControllerForm.Pod)
    {
        var work = corpus.SelectMany(f => f.Cases.Where(c => form == ControllerForm.Pod || c.Operation == "CREATE")
            .SelectMany(c => f.Levels.SelectMany(l => f.VersionsWithin(Oldest, Newest).Select(v => (f, c, l, v))))).ToList();
        var outcomes = new FidelityOutcome[work.Count];
        Parallel.For(0, work.Count, i => outcomes[i] = Evaluate(work[i].f, work[i].c, work[i].l, work[i].v, form));
        return outcomes;
    }

    private static Dictionary<string, object?> Wrap(Dictionary<string, object?> pod, ControllerForm form)
    {
        if (form == ControllerForm.Pod) return pod;
        var template = new Dictionary<string, object?> { ["metadata"] = pod["metadata"], ["spec"] = pod["spec"] };
        var labels = new Dictionary<string, object?> { ["app"] = "psa-fidelity" };
        ((Dictionary<string, object?>)template["metadata"]!)["labels"] = labels;
        var metadata = new Dictionary<string, object?> { ["name"] = "psa-fidelity" };
        return form switch
        {
            ControllerForm.Deployment => new()
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = metadata,
                ["spec"] = new Dictionary<string, object?> { ["selector"] = new Dictionary<string, object?> { ["matchLabels"] = labels }, ["template"] = template },
            },
            ControllerForm.CronJob => new()
            {
                ["apiVersion"] = "batch/v1", ["kind"] = "CronJob", ["metadata"] = metadata,
                ["spec"] = new Dictionary<string, object?>
                {
                    ["schedule"] = "*/5 * * * *",
                    ["jobTemplate"] = new Dictionary<string, object?> { ["spec"] = new Dictionary<string, object?> { ["template"] = template } },
                },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };
    }
}
