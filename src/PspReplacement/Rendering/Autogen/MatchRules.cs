using k8s.Models;
using PspReplacement.Kubernetes;

namespace PspReplacement.Rendering.Autogen;

/// <summary>The resources each form of a policy matches (its VAP's matchConstraints).</summary>
public static class MatchRules
{
    /// <summary>
    /// Pods and their subresources on CREATE and UPDATE, except the subresources PSA ignores
    /// (<see cref="UpdateExemption.IgnoredPodSubresources"/>: status, binding, eviction, exec, ...). What is left is what PSA
    /// evaluates: the pod itself, ephemeralcontainers (how <c>kubectl debug</c> adds a container to a running pod),
    /// resize, and any subresource a later Kubernetes adds, so that one fails safe as in PSA. Which of their UPDATEs are
    /// evaluated is the pod form's matchCondition (<see cref="UpdateExemption.ForPods"/>). Excluding in matchConstraints
    /// keeps the frequent status updates from reaching any CEL.
    /// </summary>
    public static V1MatchResources Pods() => new()
    {
        ResourceRules =
        [
            Rule("", "v1", ["CREATE", "UPDATE"], ["pods", "pods/*"]),
        ],
        ExcludeResourceRules =
        [
            Rule("", "v1", ["*"], [.. UpdateExemption.IgnoredPodSubresources.Select(s => "pods/" + s)]),
        ],
    };

    /// <summary>Whether matchConstraints select pods: none given means render's own (pods), else a rule for the core group's pods.</summary>
    public static bool SelectsPods(V1MatchResources? constraints) =>
        constraints?.ResourceRules is not { } rules
        || rules.Any(r => (r.ApiGroups ?? []).Any(g => g is "" or "*") && (r.Resources ?? []).Any(x => x is "pods" or "*" or "pods/*" or "pods/ephemeralcontainers" or "*/*"));

    /// <summary>The main resources (no subresources: scale cannot change a template) of the given controller kinds, CREATE and UPDATE.</summary>
    public static V1MatchResources Controllers(IEnumerable<ControllerKind> kinds) => new()
    {
        ResourceRules =
        [
            .. kinds
                .GroupBy(k => (k.ApiGroup, k.ApiVersion))
                .OrderBy(g => g.Key.ApiGroup, StringComparer.Ordinal)
                .Select(g => Rule(g.Key.ApiGroup, g.Key.ApiVersion, ["CREATE", "UPDATE"], [.. g.Select(k => k.Resource).Order(StringComparer.Ordinal)])),
        ],
    };

    private static V1NamedRuleWithOperations Rule(string group, string version, IList<string> operations, IList<string> resources) => new()
    {
        ApiGroups = [group],
        ApiVersions = [version],
        Operations = operations,
        Resources = resources,
        Scope = "Namespaced",
    };
}
