using k8s.Models;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Vap;

namespace PspReplacement.Rendering.Bindings;

/// <summary>One binding of a VAP: its name suffix, its actions and the extra namespace requirement that keeps it to its namespaces.</summary>
public sealed record BindingVariant(string Suffix, IReadOnlyList<string> Actions, V1LabelSelectorRequirement? NamespaceRequirement, IReadOnlyList<string> Namespaces);

/// <summary>
/// A binding has one validationActions list, so namespaces that need other actions for the same VAP (per-namespace
/// rollout, or per-namespace controller mode) get bindings of their own, selected by namespace name, and the cluster-wide
/// binding leaves them out. Off (empty actions) means no binding.
/// </summary>
public static class BindingVariants
{
    public static IReadOnlyList<BindingVariant> Split(IReadOnlyList<string> clusterActions, IReadOnlyDictionary<string, IReadOnlyList<string>> namespaceActions)
    {
        var cluster = ValidationActions.Canonical(clusterActions);
        var overrides = namespaceActions
            .Select(kv => (Namespace: kv.Key, Actions: ValidationActions.Canonical(kv.Value)))
            .Where(o => !o.Actions.SequenceEqual(cluster))
            .ToList();
        var variants = new List<BindingVariant>();
        if (cluster.Count > 0)
        {
            var others = overrides.Select(o => o.Namespace).Order(StringComparer.Ordinal).ToList();
            variants.Add(new("", cluster, others.Count == 0 ? null : ModelFactory.Requirement(BindingSelectors.NameLabel, "NotIn", others), []));
        }
        foreach (var group in overrides.Where(o => o.Actions.Count > 0).GroupBy(o => string.Join(",", o.Actions)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var actions = group.First().Actions;
            var names = group.Select(o => o.Namespace).Order(StringComparer.Ordinal).ToList();
            variants.Add(new("-" + string.Join("-", actions).ToLowerInvariant(), actions, ModelFactory.Requirement(BindingSelectors.NameLabel, "In", names), names));
        }
        return variants;
    }
}
