
namespace PspReplacement.Import;

/// <summary>
/// Turns upstream test expectations into fixtures of the imported policies: kyverno-test.yaml results by policy and
/// rule (autogen rules test their pod rule), chainsaw manifests by the policy folder they sit in.
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
                    skips.Add(new ImportSkip(test.RelativePath, $"{e.Origin} for {e.Policy}",
                        $"the result names no rule and {targets[0].Policy.Source.Kind} {e.Policy} has {targets[0].Policy.Source.RulesInPolicy} rules; name the rule upstream"));
                    continue;
                }
                foreach (var (policy, _) in targets) Add(cases[policy.Name], policy, e.Origin, e.Deny, e.Object);
            }
            if (unmatched > 0)
                skips.Add(new ImportSkip(test.RelativePath, $"{unmatched} expected result(s)", "their policy or rule was not imported (see its skip), or is not among the imported paths"));
        }

        var ambiguous = new HashSet<(string, string)>();
        foreach (var folder in inputs.ChainsawFolders)
        {
            var policyFolder = Path.GetDirectoryName(folder.FullPath)!;
            var owners = policies.Where(p => p.Folder == policyFolder).Select(p => p.Policy).ToList();
            if (owners.Count == 0) continue;
            foreach (var manifest in ChainsawTestReader.Read(folder.FullPath, folder.DisplayPath))
                foreach (var resource in manifest.Resources)
                {
                    var origin = $"chainsaw {manifest.File} {ResourceIndex.Kind(resource)} {ResourceIndex.Name(resource)}";
                    foreach (var policy in owners.Where(p => Applies(p, resource)))
                    {
                        // A denied manifest says the Kyverno policy denied it, not which rule: only a one-rule policy can tell.
                        if (manifest.Deny && policy.Source.RulesInPolicy > 1)
                        {
                            if (ambiguous.Add((origin, policy.Source.Policy)))
                                skips.Add(new ImportSkip($"{folder.RelativePath}/{manifest.File}", $"{origin} for {policy.Source.Policy}",
                                    $"{policy.Source.Kind} {policy.Source.Policy} has {policy.Source.RulesInPolicy} rules and chainsaw does not say which one denies it; add a kyverno-test.yaml result upstream"));
                            continue;
                        }
                        Add(cases[policy.Name], policy, origin, manifest.Deny, resource);
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

    private static void Add(List<PolicyWriter.TestCase> cases, ImportedPolicy policy, string origin, bool deny, object resource)
    {
        var name = origin;
        for (var n = 2; cases.Any(c => c.Name == name); n++) name = $"{origin} ({n})";
        cases.Add(new PolicyWriter.TestCase(name, deny ? "deny" : "allow", deny ? DenyMessage.Fragment(policy.Name, policy.Spec) : null, resource));
    }
}
