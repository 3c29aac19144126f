using System.Text;
using Xunit.Abstractions;

namespace PspReplacement.Tests.Profiles.PsaFidelity;

/// <summary>
/// "restricted here means exactly PSA's restricted": every PSA fixture in testdata/psa-fidelity, at every level and PSS
/// version (v1.26 to the newest, PssVersion.Latest) it covers, gets PSA's verdict from what render emits, except the known
/// discrepancies.
/// </summary>
public sealed class PsaFidelityTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<FidelityFile>> Corpus = new(() => FidelityCorpus.Load());
    private static readonly Lazy<IReadOnlyList<FidelityOutcome>> Outcomes = new(() => PsaFidelityRun.EvaluateAll(Corpus.Value));

    // Every check PSA registers at policy v1.37 (policy/check_*.go at pod-security-admission v0.37.0-alpha.2).
    private static readonly string[] PsaChecks =
    [
        "allowPrivilegeEscalation", "appArmorProfile", "capabilities_baseline", "capabilities_restricted", "hostNamespaces",
        "hostPathVolumes", "hostPorts", "hostProbesAndHostLifecycle", "privileged", "procMount", "procMount_restricted",
        "restrictedVolumes", "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile_baseline",
        "seccompProfile_restricted", "sysctls", "windowsHostProcess",
    ];

    [Fact]
    public void Corpus_covers_every_PSA_check_with_both_verdicts()
    {
        var byCheck = Corpus.Value.GroupBy(f => f.Check).ToDictionary(g => g.Key, g => g.SelectMany(f => f.Cases).ToList());
        var missing = PsaChecks.Where(c => !byCheck.ContainsKey(c)).ToList();
        Assert.True(missing.Count == 0, $"no fixtures for PSA checks: {string.Join(", ", missing)}");
        var oneSided = PsaChecks.Where(c => !(byCheck[c].Any(x => x.ExpectAllow) && byCheck[c].Any(x => !x.ExpectAllow))).ToList();
        Assert.True(oneSided.Count == 0, $"checks without both an allow and a deny fixture: {string.Join(", ", oneSided)}");
    }

    [Fact]
    public void Every_file_covers_some_supported_PSS_version()
    {
        var idle = Corpus.Value.Where(f => !f.VersionsWithin(PsaFidelityRun.Oldest, PsaFidelityRun.Newest).Any()).Select(f => f.Id).ToList();
        Assert.True(idle.Count == 0, $"files outside {PsaFidelityRun.Oldest}..{PsaFidelityRun.Newest} (they would test nothing): {string.Join(", ", idle)}");
    }

    [Fact]
    public void Our_levels_give_PSA_verdicts_except_the_known_discrepancies()
    {
        var outcomes = Outcomes.Value;
        var known = KnownDiscrepancies.All.SelectMany(k => k.Keys().Select(key => (key, k.Reason))).ToDictionary(x => x.key, x => x.Reason, StringComparer.Ordinal);
        var failing = outcomes.Where(o => !o.Agrees).ToList();
        output.WriteLine(Summary(outcomes, known.Count));

        var unexpected = failing.Where(o => !known.ContainsKey(o.Key)).ToList();
        var failingKeys = failing.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var stale = known.Keys.Where(k => !failingKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var report = new StringBuilder();
        if (unexpected.Count > 0)
        {
            report.AppendLine($"{unexpected.Count} verdicts differ from PSA's:");
            foreach (var o in unexpected.OrderBy(o => o.Key, StringComparer.Ordinal))
                report.AppendLine($"  {o.Key} at {o.Case.Location}: PSA {(o.Case.ExpectAllow ? "allows" : "denies")}, we {(o.Allowed ? "allow" : "deny: " + string.Join(" | ", o.Denials.Select(d => d.Policy + ": " + d.PolicyMessage)))}");
        }
        if (stale.Count > 0)
        {
            report.AppendLine($"{stale.Count} known discrepancies now agree with PSA; remove them from KnownDiscrepancies:");
            foreach (var k in stale) report.AppendLine($"  {k}");
        }
        Assert.True(report.Length == 0, report.ToString());
    }

    [Theory]
    [InlineData(ControllerForm.Deployment)]
    [InlineData(ControllerForm.CronJob)]
    public void Controller_forms_judge_the_pod_template_as_the_pod(ControllerForm form)
    {
        // PSA evaluates a controller's template too (warn and audit only); render's autogen forms must reach the same
        // verdict as the pod form, so a template is refused exactly when its pods would be.
        var pods = Outcomes.Value.Where(o => o.Case.Operation == "CREATE").ToDictionary(o => o.Key, StringComparer.Ordinal);
        var differing = PsaFidelityRun.EvaluateAll(Corpus.Value, form)
            .Where(o => o.Allowed != pods[o.Key].Allowed)
            .Select(o => $"  {o.Key}: pod {(pods[o.Key].Allowed ? "allowed" : "denied")}, {form} {(o.Allowed ? "allowed" : "denied: " + string.Join(" | ", o.Denials.Select(d => d.Policy)))}")
            .ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} {form} verdicts differ from the pod's:\n{string.Join("\n", differing)}");
    }

    [Fact]
    public void Denials_come_from_the_policies_the_fixture_names()
    {
        // A right verdict for the wrong reason hides a bug: a deny case must be denied by (one of) its check's policies.
        var wrongReason = Outcomes.Value
            .Where(o => o.Agrees && !o.Allowed && o.File.Policies.Count > 0 && !o.DenyingPolicies.Intersect(o.File.Policies).Any())
            .Select(o => $"  {o.Key}: expected a denial from {string.Join(" or ", o.File.Policies)}, denied by {string.Join(", ", o.DenyingPolicies)}")
            .ToList();
        Assert.True(wrongReason.Count == 0, $"{wrongReason.Count} deny cases denied by other policies only:\n{string.Join("\n", wrongReason)}");
    }

    [Fact]
    public void A_fixture_that_contradicts_our_verdict_is_reported()
    {
        // The measurement itself must be able to fail: the same pod expected both ways disagrees exactly once per version.
        var dir = Directory.CreateTempSubdirectory("psa-fidelity-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "probe.yaml"), """
                check: privileged
                level: baseline
                levels: [baseline]
                pssVersions: {min: v1.36}
                policies: [privileged-containers]
                cases:
                  - name: privileged said to be allowed
                    expect: allow
                    set: {"spec.containers[0].securityContext.privileged": true}
                  - name: privileged denied
                    expect: deny
                    set: {"spec.containers[0].securityContext.privileged": true}
                """);
            var outcomes = PsaFidelityRun.EvaluateAll(FidelityCorpus.Load(dir));
            Assert.Equal(4, outcomes.Count);
            Assert.Equal(["probe: privileged said to be allowed [baseline v1.36]", "probe: privileged said to be allowed [baseline v1.37]"],
                outcomes.Where(o => !o.Agrees).Select(o => o.Key).Order(StringComparer.Ordinal));
            Assert.All(outcomes, o => Assert.Equal(["privileged-containers"], o.DenyingPolicies));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_malformed_fixture_names_its_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("psa-fidelity-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.yaml"), "check: privileged\nlevel: baseline\npssVersions: {min: v1.26}\ncases:\n  - name: x\n    expect: maybe\n    set: {}\n");
            var e = Assert.Throws<InvalidInputException>(() => FidelityCorpus.Load(dir));
            Assert.Contains("bad.yaml:5:", e.Message);
            Assert.Contains("expect is 'maybe'; write allow or deny", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Known_discrepancies_name_real_cases()
    {
        var cases = Corpus.Value.SelectMany(f => f.Cases.Select(c => $"{f.Id}: {c.Name}")).ToHashSet(StringComparer.Ordinal);
        var unknown = KnownDiscrepancies.All.Where(k => !cases.Contains(k.Case) || k.From > k.To || string.IsNullOrWhiteSpace(k.Reason)).Select(k => k.Case).ToList();
        Assert.True(unknown.Count == 0, $"known discrepancies that name no corpus case, an empty range or no reason: {string.Join(", ", unknown)}");
    }

    private static string Summary(IReadOnlyList<FidelityOutcome> outcomes, int knownCount)
    {
        var text = new StringBuilder();
        text.AppendLine($"PSA fidelity: {outcomes.Count} evaluations, {outcomes.Count(o => o.Agrees)} agree with PSA, {knownCount} known discrepancies");
        text.AppendLine("per check (cases, evaluations, agreeing):");
        foreach (var g in outcomes.GroupBy(o => o.File.Check).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.AppendLine($"  {g.Key}: {g.Select(o => (o.File.Id, o.Case.Name)).Distinct().Count()} cases, {g.Count()} evaluations, {g.Count(o => o.Agrees)} agree");
        text.AppendLine("per PSS version (evaluations, agreeing):");
        foreach (var g in outcomes.GroupBy(o => o.Version).OrderBy(g => g.Key))
            text.AppendLine($"  {g.Key}: {g.Count()} evaluations, {g.Count(o => o.Agrees)} agree");
        return text.ToString();
    }
}
