using k8s.Models;

namespace PspReplacement.Admission;

/// <summary>
/// One rule of matchConstraints/matchResources against a request, as the apiserver's rules.Matcher does it:
/// scope, operation, apiGroup, apiVersion, resource[/subresource] (with "*" and "*/x", "x/*"), then resourceNames.
/// </summary>
public static class ResourceRuleMatcher
{
    public static bool Matches(V1NamedRuleWithOperations rule, AdmissionRequest request, GroupVersionResource resource)
    {
        return Scope(rule.Scope, request)
            && ExactOrWildcard(rule.Operations, request.Operation)
            && ExactOrWildcard(rule.ApiGroups, resource.Group)
            && ExactOrWildcard(rule.ApiVersions, resource.Version)
            && Resource(rule.Resources, resource.Resource, request.SubResource)
            && ResourceName(rule.ResourceNames, request.Name);
    }

    private static bool Scope(string? scope, AdmissionRequest request) => scope switch
    {
        null or "*" => true,
        // Namespace objects are cluster-scoped even though the request carries their name as its namespace.
        "Namespaced" => !request.IsNamespaceObject && request.Namespace.Length > 0,
        "Cluster" => request.IsNamespaceObject || request.Namespace.Length == 0,
        _ => false,
    };

    private static bool ExactOrWildcard(IList<string>? items, string requested)
    {
        if (items is null) return false;
        foreach (var item in items)
            if (item == "*" || item == requested) return true;
        return false;
    }

    private static bool Resource(IList<string>? resources, string resource, string subResource)
    {
        if (resources is null) return false;
        foreach (var entry in resources)
        {
            var slash = entry.IndexOf('/');
            var (res, sub) = slash < 0 ? (entry, "") : (entry[..slash], entry[(slash + 1)..]);
            if ((res == "*" || res == resource) && (sub == "*" || sub == subResource)) return true;
        }
        return false;
    }

    private static bool ResourceName(IList<string>? names, string name) => names is null || names.Count == 0 || names.Contains(name);
}
