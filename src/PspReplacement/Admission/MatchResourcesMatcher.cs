using k8s.Models;

namespace PspReplacement.Admission;

/// <summary>The outcome of matching: whether it applies, and the resource/kind it matched as (differs under matchPolicy: Equivalent).</summary>
public readonly record struct MatchResult(bool Matches, GroupVersionResource Resource, GroupVersionKind Kind)
{
    public static readonly MatchResult No = new(false, default, default);
}

/// <summary>
/// A policy's matchConstraints or a binding's matchResources, with the apiserver's outcome: namespaceSelector,
/// objectSelector, excludeResourceRules and resourceRules (exact first, then equivalent group/versions unless
/// matchPolicy is Exact) must all agree. Selector errors only count when everything else matches.
/// </summary>
public static class MatchResourcesMatcher
{
    public static MatchResult Match(V1MatchResources? criteria, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        // Rules first: the outcome equals the apiserver's selectors-first order (every test must pass, and selector
        // errors only count once the rules match), and most policies fail on the cheap rules.
        var equivalent = criteria?.MatchPolicy is null or "Equivalent"; // the API defaults matchPolicy to Equivalent
        if (criteria?.ExcludeResourceRules is { Count: > 0 } excludes && MatchRules(excludes, equivalent, request).Matches) return MatchResult.No;
        var result = criteria?.ResourceRules is { Count: > 0 } rules
            ? MatchRules(rules, equivalent, request)
            : new MatchResult(true, request.Resource, request.Kind);
        if (!result.Matches) return MatchResult.No;

        AdmissionConfigurationException? selectorError = null;
        bool Try(Func<bool> f)
        {
            try { return f(); }
            catch (AdmissionConfigurationException e) { selectorError ??= e; return true; }
        }
        if (!Try(() => NamespaceSelectorMatches(criteria?.NamespaceSelector, request, namespaceLabels))) return MatchResult.No;
        if (!Try(() => ObjectSelectorMatches(criteria?.ObjectSelector, request))) return MatchResult.No;
        if (selectorError is not null) throw selectorError;
        return result;
    }

    private static MatchResult MatchRules(IList<V1NamedRuleWithOperations> rules, bool equivalent, AdmissionRequest request)
    {
        foreach (var rule in rules)
            if (ResourceRuleMatcher.Matches(rule, request, request.Resource)) return new MatchResult(true, request.Resource, request.Kind);
        if (!equivalent) return MatchResult.No;
        var equivalents = ResourceCatalog.EquivalentsOf(request.Kind);
        if (equivalents.Count == 0) return MatchResult.No;
        foreach (var rule in rules)
            foreach (var (resource, kind) in equivalents)
                if (ResourceRuleMatcher.Matches(rule, request, resource)) return new MatchResult(true, resource, kind);
        return MatchResult.No;
    }

    private static bool NamespaceSelectorMatches(V1LabelSelector? selector, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        // Cluster-scoped objects other than namespaces are never exempted by a namespaceSelector.
        if (request.Namespace.Length == 0 && !request.IsNamespaceObject) return true;
        if (IsEmpty(selector)) return true;
        IReadOnlyDictionary<string, string> labels = request.IsNamespaceObject && request.SubResource.Length == 0 && request.Operation is "CREATE" or "UPDATE"
            ? Manifests.ManifestObject.StringMap((request.Object?.GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("labels"))
            : namespaceLabels ?? new Dictionary<string, string>();
        return LabelSelectorMatcher.Matches(selector, labels);
    }

    private static bool ObjectSelectorMatches(V1LabelSelector? selector, AdmissionRequest request)
    {
        if (IsEmpty(selector)) return true;
        // An UPDATE matches when either the new or the old object matches.
        return (request.Object is not null && LabelSelectorMatcher.Matches(selector, LabelsOf(request.Object)))
            || (request.OldObject is not null && LabelSelectorMatcher.Matches(selector, LabelsOf(request.OldObject)));
    }

    private static IReadOnlyDictionary<string, string> LabelsOf(Dictionary<string, object?> o) =>
        Manifests.ManifestObject.StringMap((o.GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("labels"));

    private static bool IsEmpty(V1LabelSelector? s) => s is null || ((s.MatchLabels?.Count ?? 0) == 0 && (s.MatchExpressions?.Count ?? 0) == 0);
}
