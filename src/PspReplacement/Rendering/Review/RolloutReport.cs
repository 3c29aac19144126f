using PspReplacement.Vap;
namespace PspReplacement.Rendering.Review;

/// <summary>One binding as the rollout report sees it: which policy, where ("all namespaces" or a list) and with what actions.</summary>
public sealed record BoundActions(string Policy, string Where, IReadOnlyList<string> Actions);

/// <summary>Per cluster, the policies that do not deny yet (staged rollout [Audit] → [Warn, Audit] → [Deny, Audit]), for render to print.</summary>
public static class RolloutReport
{
    public static IReadOnlyList<string> NotYetDenying(string cluster, IEnumerable<BoundActions> bindings)
    {
        var pending = bindings
            .Where(b => b.Actions.Count > 0 && !ValidationActions.Denies(b.Actions))
            .OrderBy(b => b.Policy, StringComparer.Ordinal).ThenBy(b => b.Where, StringComparer.Ordinal)
            .Select(b => $"cluster {cluster}: policy {b.Policy} is not denying yet in {b.Where}: [{string.Join(", ", ValidationActions.Canonical(b.Actions))}]")
            .Distinct()
            .ToList();
        return pending.Count == 0 ? [$"cluster {cluster}: every policy denies"] : pending;
    }
}
