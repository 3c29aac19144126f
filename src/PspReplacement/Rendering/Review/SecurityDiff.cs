using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;

namespace PspReplacement.Rendering.Review;

/// <summary>One thing a values or library change does to a cluster's security; Risky when it opens something up.</summary>
public sealed record SecurityChange(string Cluster, string? Namespace, string Text, bool Risky);

/// <summary>
/// What a change means for security, cluster by cluster and namespace by namespace, computed from the rendered plans
/// before and after: clusters and namespaces added or removed, profiles, add-backs (with what each allows),
/// exclusions, PSS version pins, cluster versions, validation actions per policy, exemptions, and policies whose
/// rendered rules changed. A namespace that ends up privileged in effect (the privileged profile, exempt, or opted out
/// of privileged-containers) and a runtime class exemption are flagged as risky.
/// </summary>
public static class SecurityDiff
{
    public static IReadOnlyList<SecurityChange> Between(IReadOnlyList<ClusterPlan> before, PolicyLibrary beforeLibrary, IReadOnlyList<ClusterPlan> after, PolicyLibrary library)
    {
        var changes = new List<SecurityChange>();
        var names = before.Select(p => p.Cluster.Name).Union(after.Select(p => p.Cluster.Name)).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var old = before.FirstOrDefault(p => p.Cluster.Name == name);
            var now = after.FirstOrDefault(p => p.Cluster.Name == name);
            if (old is null) changes.Add(new(name, null, $"new cluster: Kubernetes {now!.Cluster.KubernetesVersion}, PSS {now.Cluster.PssVersion}, defaultProfile {now.Cluster.DefaultProfile.Name()}", now.Cluster.DefaultProfile == Profile.Privileged));
            else if (now is null) changes.Add(new(name, null, "cluster removed: its charts and helmfile environment go; what is deployed stays until uninstalled", false));
            else changes.AddRange(Cluster(old, now, beforeLibrary, library));
        }
        return changes;
    }

    private static IEnumerable<SecurityChange> Cluster(ClusterPlan old, ClusterPlan now, PolicyLibrary beforeLibrary, PolicyLibrary library)
    {
        var (a, b) = (old.Cluster, now.Cluster);
        var name = b.Name;
        if (a.KubernetesVersion != b.KubernetesVersion) yield return new(name, null, $"Kubernetes {a.KubernetesVersion} → {b.KubernetesVersion}", false);
        if (a.PssVersion != b.PssVersion)
        {
            var changed = library.Policies.Where(p => p.VariantFor(a.PssVersion) != p.VariantFor(b.PssVersion)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            yield return new(name, null, $"PSS {a.PssVersion} → {b.PssVersion}" + (changed.Count == 0 ? ": no rule changes" : $": rules change in {string.Join(", ", changed)}"), false);
        }
        if (a.DefaultProfile != b.DefaultProfile)
            yield return new(name, null, $"defaultProfile {a.DefaultProfile.Name()} → {b.DefaultProfile.Name()} (every namespace not listed in values)", Weaker(a.DefaultProfile, b.DefaultProfile));
        foreach (var c in ListChange(name, null, "exempt users", a.Exemptions.Usernames, b.Exemptions.Usernames, riskyWhenAdded: true)) yield return c;
        foreach (var c in ListChange(name, null, "exempt runtime classes", a.Exemptions.RuntimeClassNames, b.Exemptions.RuntimeClassNames, riskyWhenAdded: true)) yield return c;
        foreach (var c in ListChange(name, null, "exempt namespaces (privileged in effect)", a.Exemptions.Namespaces, b.Exemptions.Namespaces, riskyWhenAdded: true)) yield return c;
        if (a.LabelGuard.Enabled != b.LabelGuard.Enabled)
            yield return new(name, null, b.LabelGuard.Enabled ? "label guard turned on" : "label guard turned off: anyone who may patch a namespace can now choose its profile", !b.LabelGuard.Enabled);
        foreach (var policy in library.Policies.Select(p => p.Name).Append(LabelGuard.PolicyName).Order(StringComparer.Ordinal))
        {
            var before = a.ActionsFor(policy, library.Policies.FirstOrDefault(p => p.Name == policy)?.ValidationActions);
            var after = b.ActionsFor(policy, library.Policies.FirstOrDefault(p => p.Name == policy)?.ValidationActions);
            if (!before.SequenceEqual(after))
                yield return new(name, null, $"policy {policy}: validationActions [{string.Join(", ", before)}] → [{string.Join(", ", after)}]", before.Contains("Deny") && !after.Contains("Deny"));
        }
        foreach (var c in Namespaces(old, now, library)) yield return c;
        foreach (var c in RuleChanges(name, b.PssVersion, beforeLibrary, library)) yield return c;
    }

    // A library policy whose rule for the cluster's PSS version changed (its CEL, its match rules): what values do to the
    // rendered objects (exemptions, actions, bindings) is reported above in values' own terms.
    private static IEnumerable<SecurityChange> RuleChanges(string cluster, PssVersion version, PolicyLibrary beforeLibrary, PolicyLibrary library)
    {
        static string? Rule(PolicyDefinition? p, PssVersion v) => p?.VariantFor(v) is { } variant ? ChartBuilder.ToJson(variant.Spec)?.ToJsonString() : null;
        foreach (var policy in library.Policies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var old = beforeLibrary.Policies.FirstOrDefault(p => p.Name == policy.Name);
            if (old is null) yield return new(cluster, null, $"new library policy {policy.Name}", false);
            else if (Rule(old, version) != Rule(policy, version)) yield return new(cluster, null, $"policy {policy.Name}: its rule changed in the library (review its template diff)", false);
        }
        foreach (var gone in beforeLibrary.Policies.Select(p => p.Name).Except(library.Policies.Select(p => p.Name)).Order(StringComparer.Ordinal))
            yield return new(cluster, null, $"library policy {gone} removed", true);
    }

    private static IEnumerable<SecurityChange> Namespaces(ClusterPlan old, ClusterPlan now, PolicyLibrary library)
    {
        var cluster = now.Cluster;
        var before = old.Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var after = now.Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(name, out var a);
            after.TryGetValue(name, out var b);
            if (a is null)
            {
                yield return new(cluster.Name, name, $"new namespace: {Describe(b!)}", PrivilegedInEffect(b!, cluster));
                continue;
            }
            if (b is null)
            {
                yield return new(cluster.Name, name, "namespace removed from values: the Namespace keeps its labels in the cluster (helm.sh/resource-policy: keep), " +
                                                     $"so its {a.Profile.Name()} bindings still apply; delete the namespace, or remove its {cluster.LabelPrefix}/ labels by hand " +
                                                     $"to give it defaultProfile {cluster.DefaultProfile.Name()}", false);
                continue;
            }
            if (a.Profile != b.Profile) yield return new(cluster.Name, name, $"profile {a.Profile.Name()} → {b.Profile.Name()}", Weaker(a.Profile, b.Profile));
            foreach (var gained in b.Config.AddBacks.Select(x => x.Name).Except(a.Config.AddBacks.Select(x => x.Name)).Order(StringComparer.Ordinal))
                yield return new(cluster.Name, name, $"gains add-back {gained}: {Allows(gained, library)}", false);
            foreach (var lost in a.Config.AddBacks.Select(x => x.Name).Except(b.Config.AddBacks.Select(x => x.Name)).Order(StringComparer.Ordinal))
                yield return new(cluster.Name, name, $"loses add-back {lost}: its rules apply in full again", false);
            foreach (var excluded in b.Config.Exclude.Select(x => x.Name).Except(a.Config.Exclude.Select(x => x.Name)).Order(StringComparer.Ordinal))
                yield return new(cluster.Name, name, $"opts out of {excluded}", excluded == "privileged-containers");
            foreach (var included in a.Config.Exclude.Select(x => x.Name).Except(b.Config.Exclude.Select(x => x.Name)).Order(StringComparer.Ordinal))
                yield return new(cluster.Name, name, $"no longer opts out of {included}", false);
            if (a.PinnedVersion != b.PinnedVersion || a.PssVersion != b.PssVersion)
                yield return new(cluster.Name, name, b.PinnedVersion ? $"pinned to PSS {b.PssVersion}" + (a.PinnedVersion ? $" (was {a.PssVersion})" : "") : $"no longer pinned (PSS {b.PssVersion})", b.PinnedVersion && b.PssVersion < a.PssVersion);
            if (PrivilegedInEffect(b, cluster) && !PrivilegedInEffect(a, old.Cluster))
                yield return new(cluster.Name, name, "now privileged in effect", true);
        }
    }

    private static string Describe(NamespacePolicies ns) => string.Join(", ", ns.Config.Settings().Prepend($"profile {ns.Profile.Name()}"));

    private static string Allows(string addBack, PolicyLibrary library)
    {
        var description = library.AddBacks.FirstOrDefault(a => a.Name == addBack)?.Description ?? "";
        var sentence = description.Split(". ", 2)[0].TrimEnd('.');
        return sentence.Length == 0 ? "see its add-back.yaml" : sentence;
    }

    /// <summary>No Pod Security rule that matters holds: the privileged profile, an exempt namespace, or an opt-out of privileged-containers.</summary>
    private static bool PrivilegedInEffect(NamespacePolicies ns, ClusterConfig cluster) =>
        ns.Profile == Profile.Privileged || cluster.Exemptions.Namespaces.Contains(ns.Name) || ns.Config.Exclude.Any(e => e.Name == "privileged-containers");

    private static bool Weaker(Profile before, Profile after) => after < before;

    private static IEnumerable<SecurityChange> ListChange(string cluster, string? ns, string what, IReadOnlyList<string> before, IReadOnlyList<string> after, bool riskyWhenAdded)
    {
        var added = after.Except(before).Order(StringComparer.Ordinal).ToList();
        var removed = before.Except(after).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0) yield return new(cluster, ns, $"{what}: + {string.Join(", ", added)}", riskyWhenAdded);
        if (removed.Count > 0) yield return new(cluster, ns, $"{what}: − {string.Join(", ", removed)}", false);
    }
}
