using PspReplacement.Profiles;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Profiles;

public class PolicyLibraryLoaderTests
{
    [Fact]
    public void Loads_policies_variants_and_add_backs_sorted_by_name()
    {
        var library = PolicyLibraryLoader.Load(RenderTestRepo.FixtureLibrary);
        Assert.Equal(["capabilities-baseline", "capabilities-restricted", "privileged-containers", "run-as-non-root",
            "sys-ptrace-capabilities-baseline", "sys-ptrace-capabilities-restricted"], library.Policies.Select(p => p.Name));
        var runAsNonRoot = library.Policies.Single(p => p.Name == "run-as-non-root");
        Assert.Equal(Profile.Restricted, runAsNonRoot.Profile);
        Assert.Equal("Running as Non-root", runAsNonRoot.Control);
        Assert.Equal("runAsNonRoot must be set (before v1.25)", runAsNonRoot.VariantFor(new PssVersion(1, 24))!.Spec.Validations[0].Message);
        Assert.Equal("runAsNonRoot must be true", runAsNonRoot.VariantFor(new PssVersion(1, 25))!.Spec.Validations[0].Message);
        Assert.Null(library.Policies.Single(p => p.Name == "capabilities-restricted").VariantFor(new PssVersion(1, 21)));
        var addBack = Assert.Single(library.AddBacks);
        Assert.Equal("sys-ptrace", addBack.Name);
        Assert.Equal(new Replacement("capabilities-restricted", "sys-ptrace-capabilities-restricted"), addBack.Replaces[1]);
    }

    [Fact]
    public void Loads_the_real_library()
    {
        var library = PolicyLibraryLoader.Load(Path.Combine(RenderTestRepo.RepositoryRoot(), "profiles"));
        Assert.Contains(library.Policies, p => p.Profile == Profile.Baseline);
        Assert.Contains(library.Policies, p => p.Profile == Profile.Restricted);
        Assert.Contains(library.AddBacks, a => a.Name == "sys-ptrace");
    }

    private static InvalidInputException Fails(params (string Path, string Yaml)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("pspr-lib-").FullName;
        try
        {
            foreach (var (path, yaml) in files)
            {
                var full = Path.Combine(dir, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, yaml);
            }
            return Assert.Throws<InvalidInputException>(() => PolicyLibraryLoader.Load(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    private const string Valid = "name: p\nprofile: baseline\nvariants:\n  - pssVersions: {min: v1.0}\n    spec:\n      validations:\n        - expression: 'true'\n";

    [Fact]
    public void A_misspelled_spec_field_is_reported_where_it_was_written()
    {
        var e = Fails(("baseline/p/policy.yaml", Valid + "          mesage: typo\n"));
        Assert.Matches(@"policy\.yaml:8:11: spec\.validations\.0\.mesage is not a field", e.Problems.Single());
    }

    [Fact]
    public void Unknown_profile_missing_fields_and_bad_versions_are_all_reported()
    {
        var e = Fails(("baseline/p/policy.yaml", "name: p\nprofile: strict\nvariants:\n  - pssVersions: {min: 1.2}\n    spec: {}\n"));
        Assert.Contains(e.Problems, p => p.Contains("policy.yaml:2:10: unknown profile 'strict'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("policy.yaml:4:24: '1.2' is not a PSS version", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("has no 'validations'", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlapping_variants_are_refused()
    {
        var e = Fails(("baseline/p/policy.yaml", "name: p\nprofile: baseline\nvariants:\n  - pssVersions: {min: v1.0}\n    spec: {validations: [{expression: 'true'}]}\n  - pssVersions: {min: v1.25}\n    spec: {validations: [{expression: 'true'}]}\n"));
        Assert.Contains("variants overlap", e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_and_dangling_add_back_references_are_refused()
    {
        var e = Fails(
            ("baseline/p/policy.yaml", Valid),
            ("restricted/p/policy.yaml", Valid),
            ("add-backs/a/add-back.yaml", "name: a\nreplaces:\n  - {policy: nope, with: p}\n"));
        Assert.Contains(e.Problems, p => p.Contains("policy name 'p' is already used", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("replaces unknown policy 'nope'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("brings 'p', whose profile is not add-back", StringComparison.Ordinal));
    }

    [Fact]
    public void A_policy_name_must_fit_a_label_key()
    {
        var e = Fails(("baseline/p/policy.yaml", Valid.Replace("name: p", "name: Bad_Name")));
        Assert.Contains("policy name 'Bad_Name' must be lower-case", e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_autogen_controllers_and_imported_from_are_checked_where_written()
    {
        var restricted = Valid.Replace("name: p\nprofile: baseline", "name: r\nprofile: restricted");
        var e = Fails(
            ("baseline/p/policy.yaml", Valid.Replace("variants:", "overrides: [x]\nvariants:")),
            ("restricted/r/policy.yaml", restricted.Replace("variants:", "overrides: [nope, q]\nvariants:")),
            ("restricted/s/policy.yaml", restricted.Replace("name: r", "name: s").Replace("variants:", "autogenControllers: [Deployment, deployment]\nimportedFrom: {file: f.yaml, kind: ClusterPolicy, extra: 1}\nvariants:")),
            ("restricted/q/policy.yaml", restricted.Replace("name: r", "name: q")));
        Assert.Contains(e.Problems, p => p.Contains("baseline/p/policy.yaml:3:12: only a restricted policy can override", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("policy 'r' overrides unknown policy 'nope'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("policy 'r' overrides 'q', which is not a baseline policy", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("restricted/s/policy.yaml:3:34: 'deployment' is not a pod controller kind", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("unknown key 'extra' in 'importedFrom'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("missing 'apiVersion'; importedFrom is written by pspr import kyverno", StringComparison.Ordinal));
    }

    [Fact]
    public void Overrides_and_import_fields_load_into_the_model()
    {
        var dir = Directory.CreateTempSubdirectory("pspr-lib-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "baseline", "p"));
            Directory.CreateDirectory(Path.Combine(dir, "restricted", "r"));
            File.WriteAllText(Path.Combine(dir, "baseline", "p", "policy.yaml"), Valid);
            File.WriteAllText(Path.Combine(dir, "restricted", "r", "policy.yaml"), Valid.Replace("name: p\nprofile: baseline",
                "name: r\nprofile: restricted\noverrides: [p]\nseverity: high\nautogenControllers: []\n" +
                "importedFrom: {file: a.yaml, apiVersion: kyverno.io/v1, kind: ClusterPolicy, policy: up, rule: one, annotations: {b: '2', a: '1'}}"));
            var library = PolicyLibraryLoader.Load(dir);
            var p = library.Policies.Single(x => x.Name == "p");
            Assert.Empty(p.Overrides);
            Assert.Null(p.AutogenControllers);
            Assert.Null(p.ImportedFrom);
            var r = library.Policies.Single(x => x.Name == "r");
            Assert.Equal(["p"], r.Overrides);
            Assert.Equal("high", r.Severity);
            Assert.Equal([], r.AutogenControllers);
            Assert.Equal(("a.yaml", "kyverno.io/v1", "ClusterPolicy", "up", "one", (string?)null),
                (r.ImportedFrom!.File, r.ImportedFrom.ApiVersion, r.ImportedFrom.Kind, r.ImportedFrom.Policy, r.ImportedFrom.Rule, r.ImportedFrom.Action));
            Assert.Equal(["a", "b"], r.ImportedFrom.Annotations.Keys);
        }
        finally { Directory.Delete(dir, true); }
    }
}
