using System.Text;
using PspReplacement.Profiles;
using Xunit.Abstractions;

namespace PspReplacement.Tests.PsaFidelity;

/// <summary>
/// "restricted here means exactly PSA's restricted": every PSA fixture in testdata/psa-fidelity, at every level and PSS
/// version (v1.26 to v1.35) it covers, gets PSA's verdict from what render emits, except the known discrepancies.
/// </summary>
public sealed class PsaFidelityTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<FidelityFile>> Corpus = new(() => FidelityCorpus.Load());

    // Every check PSA registers at policy v1.35 (policy/check_*.go).
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
        Assert.True(idle.Count == 0, $"files outside v1.26..v1.35 (they would test nothing): {string.Join(", ", idle)}");
    }

    [Fact]
    public void Our_levels_give_PSA_verdicts_except_the_known_discrepancies()
    {
        var outcomes = PsaFidelityRun.EvaluateAll(Corpus.Value);
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
