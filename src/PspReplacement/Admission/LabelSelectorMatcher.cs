using k8s.Models;

namespace PspReplacement.Admission;

/// <summary>
/// metav1.LabelSelector semantics: matchLabels and matchExpressions are ANDed; In, NotIn, Exists, DoesNotExist.
/// NotIn and DoesNotExist match objects without the key. An empty selector matches everything; a null one is what the
/// API defaults to {} for namespaceSelector/objectSelector, so callers treat null as empty.
/// </summary>
public static class LabelSelectorMatcher
{
    /// <summary>True when the labels satisfy the selector. Throws AdmissionConfigurationException for an invalid selector.</summary>
    public static bool Matches(V1LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return true;
        if (selector.MatchLabels is { } matchLabels)
            foreach (var (key, value) in matchLabels)
                if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        if (selector.MatchExpressions is { } expressions)
            foreach (var requirement in expressions)
                // A null entry is the zero value the apiserver decodes it to: no key, no operator, so invalid.
                if (!Matches(requirement ?? new V1LabelSelectorRequirement(), labels)) return false;
        return true;
    }

    private static bool Matches(V1LabelSelectorRequirement requirement, IReadOnlyDictionary<string, string> labels)
    {
        var values = requirement.Values ?? [];
        var has = labels.TryGetValue(requirement.Key ?? "", out var actual);
        switch (requirement.OperatorProperty)
        {
            case "In":
                RequireValues(requirement, values);
                return has && values.Contains(actual!);
            case "NotIn":
                RequireValues(requirement, values);
                return !has || !values.Contains(actual!);
            case "Exists":
                RequireNoValues(requirement, values);
                return has;
            case "DoesNotExist":
                RequireNoValues(requirement, values);
                return !has;
            default:
                throw new AdmissionConfigurationException($"label selector operator '{requirement.OperatorProperty}' for key '{requirement.Key}' is not one of In, NotIn, Exists, DoesNotExist");
        }
    }

    private static void RequireValues(V1LabelSelectorRequirement r, IList<string> values)
    {
        if (values.Count == 0) throw new AdmissionConfigurationException($"label selector requirement '{r.Key} {r.OperatorProperty}' needs at least one value");
    }

    private static void RequireNoValues(V1LabelSelectorRequirement r, IList<string> values)
    {
        if (values.Count > 0) throw new AdmissionConfigurationException($"label selector requirement '{r.Key} {r.OperatorProperty}' must not list values");
    }
}

/// <summary>A policy or binding is misconfigured in a way the apiserver only notices when a request arrives (handled per failurePolicy).</summary>
public sealed class AdmissionConfigurationException(string message) : Exception(message);
