using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;

namespace PspReplacement.Rendering.Review;

/// <summary>
/// Which namespaces end up with no Pod Security Standard enforced, and why, so a reviewer sees every hole render leaves
/// open (a namespace is never left privileged by omission: unlisted ones get the cluster's default profile).
/// </summary>
public static class FailClosed
{
    /// <summary>One line per reason, sorted; render prints them.</summary>
    public static IReadOnlyList<string> PrivilegedReport(string cluster, Profile defaultProfile,
        IReadOnlyList<NamespacePolicies> namespaces, IReadOnlyList<string> exemptNamespaces, NamespaceBindingMode mode)
    {
        var lines = new List<string>();
        var exempt = exemptNamespaces.ToHashSet(StringComparer.Ordinal);
        // The system namespaces have a summary line of their own (RenderNotes); the others are worth a line each.
        foreach (var name in exempt.Except(ClusterConfig.SystemNamespaces).Order(StringComparer.Ordinal))
            lines.Add($"cluster {cluster}: namespace {name} is privileged: it is listed in exemptions.namespaces");
        foreach (var ns in namespaces.Where(n => !exempt.Contains(n.Name)).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (ns.Profile == Profile.Privileged)
                lines.Add($"cluster {cluster}: namespace {ns.Name} is privileged: its values set profile: privileged" +
                          (ns.Included.Count > 0 ? $" (add-back policies still apply: {string.Join(", ", ns.Included.Order(StringComparer.Ordinal))})" : ""));
        }
        var unlisted = defaultProfile == Profile.Privileged
            ? "is privileged: the cluster's defaultProfile is privileged"
            : $"gets the cluster's defaultProfile, {defaultProfile.Name()}";
        var how = mode == NamespaceBindingMode.Labels
            ? " (also any namespace whose profile label is missing or unknown)"
            : "";
        lines.Add($"cluster {cluster}: every namespace not listed in values {unlisted}{how}");
        return lines;
    }
}
