
namespace PspReplacement.Import;

/// <summary>
/// Turns upstream test expectations into fixtures of the imported policies: kyverno-test.yaml results by policy and
/// rule (autogen rules test their pod rule), chainsaw manifests by the policy folder they sit in. A denial that upstream
/// attributes to a whole policy of several rules (chainsaw never names a rule) becomes one case judging the imported
/// rules of that policy together: one of them must deny.
/// </summary>
internal static class FixtureMapper
{
    public static Dictionary<string, List<PolicyWriter.TestCase>> Attach(
        List<(ImportedPolicy Policy, string Folder)> policies, ImportInputs inputs, List<ImportSkip> skips)
    {
        var cases = policies.ToDictionary(p => p.Policy.Name, _ => new List<PolicyWriter.TestCase>(), StringComparer.Ordinal);
        var byRule = policies.ToLookup(p => (p.Policy.Source.Policy, p.Policy.Source.Rule));
        var byPolicy = policies.ToLookup(p => p.Policy.Source.Policy, StringComparer.Ordinal);

        foreach (var test in inputs.KyvernoTests)
        {
            var (expectations, testSkips) = KyvernoTestReader.Read(test.FullPath, test.DisplayPath, test.RelativePath);
            skips.AddRange(testSkips);
            var unmatched = 0;
            foreach (var e in expectations)
            {
                var rule = e.Rule is null ? null : ClusterPolicyReader.AutogenBase(e.Rule) ?? e.Rule;
                var targets = byRule[(e.Policy, rule)].ToList();
                // A ValidatingPolicy is one policy, whatever rule name a result carries.
                if (targets.Count == 0 && rule is not null) targets = byRule[(e.Policy, null)].ToList();
                // A result naming no rule of a ClusterPolicy speaks for the whole policy: every rule admits a passing
                // resource, but only a one-rule policy tells which rule denies a failing one.
                var wholePolicy = targets.Count == 0 && rule is null;
                if (wholePolicy) targets = byPolicy[e.Policy].ToList();
                if (targets.Count == 0) { unmatched++; continue; }
                if (wholePolicy && e.Deny && targets[0].Policy.Source.RulesInPolicy > 1)
                {
                    if (AddPolicyLevelDenial(cases, targets.Select(t => t.Policy).ToList(), e.Origin, e.Object) is { } reason)
                        skips.Add(new ImportSkip(test.RelativePath, $"{e.Origin} for {e.Policy}", reason));
                    continue;
                }
                foreach (var (policy, _) in targets) Add(cases[policy.Name], policy, e.Origin, e.Deny, e.Object);
            }
            if (unmatched > 0)
                skips.Add(new ImportSkip(test.RelativePath, $"{unmatched} expected result(s)", "their policy or rule was not imported (see its skip), or is not among the imported paths"));
        }

        foreach (var folder in inputs.ChainsawFolders)
        {
            var policyFolder = Path.GetDirectoryName(folder.FullPath)!;
            var owners = policies.Where(p => p.Folder == policyFolder).Select(p => p.Policy).ToList();
            if (owners.Count == 0) continue;
            foreach (var manifest in ChainsawTestReader.Read(folder.FullPath, folder.DisplayPath))
                foreach (var resource in manifest.Resources)
                {
                    var origin = $"chainsaw {manifest.File} {ResourceIndex.Kind(resource)} {ResourceIndex.Name(resource)}";
                    foreach (var upstream in owners.Where(p => Applies(p, resource)).GroupBy(p => p.Source.Policy, StringComparer.Ordinal))
                    {
                        // A denied manifest says the Kyverno policy denied it, not which rule.
                        if (manifest.Deny && upstream.First().Source.RulesInPolicy > 1)
                        {
                            if (AddPolicyLevelDenial(cases, owners.Where(p => p.Source.Policy == upstream.Key).ToList(), origin, resource) is { } reason)
                                skips.Add(new ImportSkip($"{folder.RelativePath}/{manifest.File}", $"{origin} for {upstream.Key}", reason));
                            continue;
                        }
                        foreach (var policy in upstream) Add(cases[policy.Name], policy, origin, manifest.Deny, resource);
                    }
                }
        }
        return cases;
    }

    private static readonly HashSet<string> PodControllers = new(StringComparer.Ordinal)
        { "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "ReplicationController" };

    /// <summary>Whether the imported policy can see the resource at all (chainsaw manifests also carry set-up like Namespaces).</summary>
    private static bool Applies(ImportedPolicy policy, Dictionary<string, object?> resource)
    {
        var kind = ResourceIndex.Kind(resource);
        if (policy.Spec.MatchConstraints is not { } constraints)
            return kind == "Pod" || PodControllers.Contains(kind) && (policy.AutogenControllers is null || policy.AutogenControllers.Contains(kind));
        var resourceName = new KindReference(null, null, kind, null).Resource;
        return (constraints.ResourceRules ?? []).Any(r => (r.Resources ?? []).Any(x => x == "*" || x == resourceName));
    }

    /// <summary>
    /// One deny case, in the fixtures of the first of the rules (by name), judging every imported rule of the upstream
    /// policy: the denial must come from one of them, and names one of them (their common name prefix). Null when added;
    /// else why not (a rule that was not imported may be the one that denies).
    /// </summary>
    private static string? AddPolicyLevelDenial(Dictionary<string, List<PolicyWriter.TestCase>> cases, List<ImportedPolicy> rules, string origin, object resource)
    {
        var source = rules[0].Source;
        var imported = rules.Select(r => r.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (imported.Count < source.RulesInPolicy)
            return $"{source.Kind} {source.Policy} has {source.RulesInPolicy} rules, {imported.Count} of them imported, and the test does not say which one denies it; import every rule or name the rule upstream";
        var prefix = imported.Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]);
        var host = cases[imported[0]];
        var name = origin;
        for (var n = 2; host.Any(c => c.Name == name); n++) name = $"{origin} ({n})";
        host.Add(new PolicyWriter.TestCase(name, "deny", $"ValidatingAdmissionPolicy '{prefix}", resource, Policies: imported));
        return null;
    }

    private static void Add(List<PolicyWriter.TestCase> cases, ImportedPolicy policy, string origin, bool deny, object resource)
    {
        var name = origin;
        for (var n = 2; cases.Any(c => c.Name == name); n++) name = $"{origin} ({n})";
        cases.Add(new PolicyWriter.TestCase(name, deny ? "deny" : "allow", deny ? DenyMessage.Fragment(policy.Name, policy.Spec) : null, resource));
    }
}
