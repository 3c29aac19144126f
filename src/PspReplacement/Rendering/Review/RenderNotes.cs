using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Rendering.Bindings;

namespace PspReplacement.Rendering.Review;

/// <summary>
/// What render prints about a cluster besides the files it writes: exemptions that exempt too much, which
/// namespaces end up privileged and why, and which policies do not deny yet. Computed from what was rendered, so the
/// notes describe the charts, not the intent.
/// </summary>
public static class RenderNotes
{
    public static IReadOnlyList<string> For(ClusterConfig cluster, IReadOnlyList<NamespacePolicies> namespaces, RenderedCluster rendered)
    {
        var mode = cluster.BindNamespacesByName ? NamespaceBindingMode.Names : NamespaceBindingMode.Labels;
        return
        [
            $"cluster {cluster.Name}: system namespaces: {string.Join(", ", ClusterConfig.SystemNamespaces.Select(n => $"{n} {cluster.SystemNamespaceDecision(n)}"))}",
            .. Exemptions.Warnings(cluster.Name, cluster.Exemptions.Usernames),
            .. FailClosed.PrivilegedReport(cluster.Name, cluster.DefaultProfile, namespaces, cluster.Exemptions.Namespaces, mode),
            .. RolloutReport.NotYetDenying(cluster.Name, rendered.Bindings.Select(Describe)),
        ];
    }

    /// <summary>A binding as the rollout report names it: its policy and, when it is kept to named namespaces, which.</summary>
    public static BoundActions Describe(V1ValidatingAdmissionPolicyBinding binding)
    {
        var named = binding.Spec.MatchResources?.NamespaceSelector?.MatchExpressions?
            .FirstOrDefault(r => r.Key == BindingSelectors.NameLabel && r.OperatorProperty == "In");
        var where = named is null ? "every namespace it binds" : $"namespaces {string.Join(", ", named.Values)}";
        return new BoundActions(binding.Spec.PolicyName, where, [.. binding.Spec.ValidationActions ?? []]);
    }
}
