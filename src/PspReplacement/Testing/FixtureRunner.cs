using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Kubernetes;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Testing;

/// <summary>
/// Runs every policy's fixtures (tests.yaml beside policy.yaml) against exactly what render emits for the policy's
/// profile (ClusterRenderer.RenderProfile; add-back policies with their add-back), at the first and last PSS version of
/// each policy variant the case covers. Pod CREATE cases also run through every autogen'ed controller form. Only the
/// policy's own forms (NAME, NAME-controllers, NAME-cronjobs) count, so a deny must come from the policy under test.
/// </summary>
public sealed class FixtureRunner(PolicyLibrary library)
{
    private readonly Dictionary<(Profile, PssVersion, string), AdmissionSetup> _setups = [];

    // Fixtures test the rule: a policy whose own validationActions are audit-only (an upstream Audit policy) still
    // fails the requests its fixtures deny, so its forms are bound with the default actions here.
    private readonly PolicyLibrary _enforced = library with { Policies = library.Policies.Select(p => p with { ValidationActions = null }).ToList() };

    /// <summary>
    /// The fixture files of the library, parsed (throws InvalidInputException for bad files, e.g. a deny case without
    /// message). A policy without tests.yaml (an import whose upstream had no tests, say) is left out and listed in
    /// <see cref="Unfixtured"/>: a warning for the reader, not a failure of every other suite.
    /// </summary>
    public IReadOnlyList<(PolicyDefinition Policy, TestFile File)> Fixtures()
    {
        var problems = new List<string>();
        var result = new List<(PolicyDefinition, TestFile)>();
        var unfixtured = new List<PolicyDefinition>();
        foreach (var policy in library.Policies.OrderBy(p => p.SourcePath, StringComparer.Ordinal))
        {
            var path = Path.Combine(Path.GetDirectoryName(policy.SourcePath) ?? ".", "tests.yaml");
            if (!File.Exists(path)) { unfixtured.Add(policy); continue; }
            try { result.Add((policy, TestFileReader.Read(path, scenario: false))); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }
        Unfixtured = unfixtured;
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return result;
    }

    /// <summary>The policies without a tests.yaml, as found by the last <see cref="Fixtures"/> call.</summary>
    public IReadOnlyList<PolicyDefinition> Unfixtured { get; private set; } = [];

    public IEnumerable<TestOutcome> Run(PolicyDefinition policy, TestFile file)
    {
        var suite = $"{policy.ProfileName}/{policy.Name}";
        foreach (var c in file.Cases)
        {
            var judged = c.Policies.Count > 0 ? c.Policies : [policy.Name];
            var forms = judged.SelectMany(p => new[] { p, p + PolicyForms.ControllersSuffix, p + PolicyForms.CronJobsSuffix }).ToHashSet(StringComparer.Ordinal);
            var what = c.Policies.Count > 0 ? $"one of the policies {string.Join(", ", c.Policies)}" : $"policy '{policy.Name}'";
            if (c.Policies.FirstOrDefault(p => !library.Policies.Any(l => l.Name == p)) is { } unknown)
            {
                yield return new TestOutcome(suite, c.Name, c.Location.ToString(), $"the case judges policy '{unknown}', which is not in the library; fix its policies");
                continue;
            }
            var versions = VersionsFor(policy, c).ToList();
            if (versions.Count == 0)
            {
                yield return new TestOutcome(suite, c.Name, c.Location.ToString(), $"the case covers no PSS version of policy '{policy.Name}'; fix its pssVersions");
                continue;
            }
            foreach (var version in versions)
            {
                AdmissionSetup setup;
                string? setupProblem = null;
                try { setup = SetupFor(policy, version); }
                catch (InvalidInputException e) { setup = null!; setupProblem = string.Join("; ", e.Problems); }
                if (setupProblem is not null) { yield return new TestOutcome(suite, $"{c.Name} [{version}]", c.Location.ToString(), $"rendering failed: {setupProblem}"); continue; }

                var verdict = CaseEvaluator.Admit(setup, c, c.Object, c.OldObject);
                yield return new TestOutcome(suite, $"{c.Name} [{version}, {c.Object.Kind}]", c.Location.ToString(),
                    CaseEvaluator.Judge(c, verdict, forms.Contains, what));

                if (c.Object is not { ApiVersion: "v1", Kind: "Pod" } || c.Operation != "CREATE" || c.SubResource.Length > 0) continue;
                foreach (var kind in ControllerKind.All)
                {
                    var suffix = kind == ControllerKind.CronJob ? PolicyForms.CronJobsSuffix : PolicyForms.ControllersSuffix;
                    var formNames = judged.Select(p => p + suffix).ToHashSet(StringComparer.Ordinal);
                    var formName = string.Join(", ", formNames);
                    // Not autogen'ed for this kind (controllers off, or autogenControllers leaves the kind out).
                    if (!setup.Policies.Policies.Any(p => formNames.Contains(p.Policy.Name) && Matches(p.Policy.Policy.Spec?.MatchConstraints, kind))) continue;
                    var wrapped = ControllerWrapper.Wrap(c.Object, kind);
                    var controllerVerdict = CaseEvaluator.Admit(setup, c, wrapped, null);
                    yield return new TestOutcome(suite, $"{c.Name} [{version}, {kind.Kind}]", c.Location.ToString(),
                        CaseEvaluator.Judge(c, controllerVerdict, forms.Contains, $"{what} (form {formName})"));
                }
            }
        }
    }

    private static bool Matches(k8s.Models.V1MatchResources? match, ControllerKind kind) =>
        (match?.ResourceRules ?? []).Any(r => (r.ApiGroups ?? []).Contains(kind.ApiGroup) && (r.Resources ?? []).Contains(kind.Resource));

    
    // The ends of each variant the case covers: where a rule changes, both sides get tested.
    private static IEnumerable<PssVersion> VersionsFor(PolicyDefinition policy, TestCase c)
    {
        var versions = new SortedSet<PssVersion>();
        foreach (var variant in policy.Variants)
        {
            var low = variant.MinVersion;
            var high = variant.MaxVersion ?? PssVersion.Latest;
            if (c.MinVersion is { } min && min > low) low = min;
            if (c.MaxVersion is { } max && max < high) high = max;
            if (low > high) continue;
            versions.Add(low);
            versions.Add(high);
        }
        return versions;
    }

    private AdmissionSetup SetupFor(PolicyDefinition policy, PssVersion version)
    {
        var (profile, addBack) = policy.Profile is { } level ? (level, "") : AddBackProfile(policy);
        var key = (profile, version, addBack);
        lock (_setups)
        {
            if (_setups.TryGetValue(key, out var setup)) return setup;
            // Every PSS version is tested on the newest apiserver (a cluster may pin any older PSS version): there every
            // field a policy reads exists and no feature gate drops it before admission.
            setup = AdmissionSetup.ForProfile(_enforced, profile, version, addBack.Length == 0 ? [] : [addBack], KubernetesVersion.Latest);
            _setups[key] = setup;
            return setup;
        }
    }

    private (Profile, string) AddBackProfile(PolicyDefinition policy)
    {
        var addBack = library.AddBacks.FirstOrDefault(a => a.Replaces.Any(r => r.With == policy.Name))
            ?? throw new InvalidInputException($"{policy.SourcePath}: add-back policy '{policy.Name}' is not used by any add-back.yaml; list it under replaces");
        var replaced = addBack.Replaces.First(r => r.With == policy.Name).Policy;
        // The add-back is tested in a namespace of the profile whose rule it relaxes.
        return (library.Policies.FirstOrDefault(p => p.Name == replaced)?.Profile ?? Profile.Restricted, addBack.Name);
    }
}
