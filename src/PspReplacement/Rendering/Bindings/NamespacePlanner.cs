using PspReplacement.Config;
using PspReplacement.Profiles;

namespace PspReplacement.Rendering.Bindings;

/// <summary>Computes what a namespace gets from its profile, add-backs and excludes, checking every name against the library.</summary>
public static class NamespacePlanner
{
    public static NamespacePolicies Plan(NamespaceConfig ns, ClusterConfig cluster, PolicyLibrary library, List<string> problems)
    {
        var version = ns.PssVersion ?? cluster.PssVersion;
        var pinned = version != cluster.PssVersion;
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        var included = new HashSet<string>(StringComparer.Ordinal);
        var where = $"namespace '{ns.Name}'";

        if (ns.Profile == Profile.Privileged)
        {
            foreach (var r in ns.AddBacks.Concat(ns.Exclude))
                problems.Add($"{r.Mark}: {where} is privileged, so '{r.Name}' has no effect; remove it or choose profile baseline or restricted");
            return new NamespacePolicies(ns, version, pinned, excluded, included);
        }

        var overridden = PolicyOverrides.InCluster(library, cluster);
        var inEffect = library.Policies
            .Where(p => PolicyOverrides.Applies(p, ns.Profile, overridden))
            .Where(p => p.VariantFor(version) is not null)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        var replacedBy = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var reference in ns.AddBacks)
        {
            var addBack = library.AddBacks.FirstOrDefault(a => a.Name == reference.Name);
            if (addBack is null)
            {
                problems.Add($"{reference.Mark}: unknown add-back '{reference.Name}' in {where}; known add-backs: {Known(library.AddBacks.Select(a => a.Name))}");
                continue;
            }
            var applied = false;
            foreach (var replacement in addBack.Replaces)
            {
                // A replacement only relaxes a rule the namespace has; applying a restricted replacement to a baseline
                // namespace would tighten it instead.
                if (!inEffect.Contains(replacement.Policy)) continue;
                if (replacedBy.TryGetValue(replacement.Policy, out var other))
                {
                    problems.Add($"{reference.Mark}: add-backs '{other}' and '{addBack.Name}' both replace policy '{replacement.Policy}' in {where}; a pod would have to pass both replacements, so combine them into one add-back");
                    continue;
                }
                var with = library.Policies.First(p => p.Name == replacement.With);
                if (with.VariantFor(version) is null)
                {
                    problems.Add($"{reference.Mark}: add-back '{addBack.Name}' has no variant of '{with.Name}' for PSS {version} ({with.SourcePath}); add one or pin another pssVersion");
                    continue;
                }
                replacedBy[replacement.Policy] = addBack.Name;
                excluded.Add(replacement.Policy);
                included.Add(replacement.With);
                applied = true;
            }
            if (!applied)
                problems.Add($"{reference.Mark}: add-back '{addBack.Name}' replaces nothing in {where} (profile {ns.Profile.Name()}, PSS {version}); remove it");
        }

        foreach (var reference in ns.Exclude)
        {
            var policy = library.Policies.FirstOrDefault(p => p.Name == reference.Name);
            if (policy is null)
                problems.Add($"{reference.Mark}: unknown policy '{reference.Name}' in exclude of {where}; known policies: {Known(library.Policies.Where(p => !p.IsAddBack).Select(p => p.Name))}");
            else if (policy.IsAddBack)
                problems.Add($"{reference.Mark}: '{reference.Name}' is an add-back policy; to drop it from {where} remove its add-back instead of excluding it");
            else if (!inEffect.Contains(policy.Name))
                problems.Add($"{reference.Mark}: policy '{reference.Name}' does not apply to {where} (profile {ns.Profile.Name()}, PSS {version}), so excluding it has no effect; remove it");
            else if (replacedBy.TryGetValue(policy.Name, out var addBack))
                problems.Add($"{reference.Mark}: policy '{reference.Name}' is both excluded and replaced by add-back '{addBack}' in {where}; keep one of them");
            else
                excluded.Add(policy.Name);
        }
        foreach (var reference in ns.PolicyActionRefs)
            if (library.Policies.All(p => p.Name != reference.Name))
                problems.Add($"{reference.Mark}: unknown policy '{reference.Name}' under policies of {where}; known policies: {Known(library.Policies.Select(p => p.Name))}");
        return new NamespacePolicies(ns, version, pinned, excluded, included);
    }

    private static string Known(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none in profiles/)" : string.Join(", ", list);
    }
}
