using static PspReplacement.Rendering.Autogen.ModelFactory;
using k8s.Models;
using PspReplacement.Cel.Parsing;
using PspReplacement.Config;
using PspReplacement.Vap;

namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// With label binding, whoever may patch a namespace could label it privileged or opt it out of a rule. The guard is
/// a policy on namespaces (CREATE and UPDATE) that refuses any change to the binding labels (every label under the
/// prefix, and the PSA labels when render sets them) unless the request comes from a deployer named in values, so the
/// labels in the cluster can only be what the namespaces chart says. It cannot stop a cluster-admin who deletes the
/// policy or its binding, or who acts as a deployer.
/// </summary>
public static class LabelGuard
{
    public const string PolicyName = "namespace-label-guard";

    private const string Before =
        "oldObject == null || !has(oldObject.metadata.labels) ? [] : " +
        "oldObject.metadata.labels.filter(k, variables.guardedPrefixes.exists(p, k.startsWith(p))).map(k, k + '=' + oldObject.metadata.labels[k])";

    private const string After =
        "!has(object.metadata.labels) ? [] : " +
        "object.metadata.labels.filter(k, variables.guardedPrefixes.exists(p, k.startsWith(p))).map(k, k + '=' + object.metadata.labels[k])";

    private const string Unchanged = "variables.before.all(l, l in variables.after) && variables.after.all(l, l in variables.before)";

    /// <summary>The guard's policy and binding for the cluster, or nothing when values turn it off.</summary>
    public static (V1ValidatingAdmissionPolicy Policy, V1ValidatingAdmissionPolicyBinding Binding)? For(ClusterConfig cluster, LabelScheme scheme)
    {
        var guard = cluster.LabelGuard;
        if (!guard.Enabled) return null;
        var prefixes = cluster.PsaLabels ? new[] { scheme.Prefix + "/", PsaLabels.Prefix } : [scheme.Prefix + "/"];
        var spec = new V1ValidatingAdmissionPolicySpec
        {
            FailurePolicy = "Fail",
            MatchConstraints = new V1MatchResources
            {
                ResourceRules = [new V1NamedRuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE", "UPDATE"], Resources = ["namespaces"] }],
            },
            MatchConditions = [Condition("pspr-not-a-deployer", CelAst.Print(CelAst.Not(IsDeployer(guard))))],
            Variables =
            [
                Variable("guardedPrefixes", CelAst.Print(CelAst.StringList(prefixes))),
                Variable("before", Before),
                Variable("after", After),
            ],
            Validations =
            [
                Validation(Unchanged,
                    $"the namespace's Pod Security labels ({string.Join(", ", prefixes.Select(p => p + "*"))}) are set by the namespaces chart from values; " +
                    "only its deployers may change them: change values and deploy", null, "Forbidden"),
            ],
        };
        var labels = new Dictionary<string, string> { [scheme.PolicyLabel] = PolicyName };
        var policy = new V1ValidatingAdmissionPolicy
        {
            ApiVersion = $"{KubernetesApi.AdmissionGroup}/v1",
            Kind = "ValidatingAdmissionPolicy",
            Metadata = new V1ObjectMeta { Name = PolicyName, Labels = labels },
            Spec = ApiServerForm.For(spec, cluster.KubernetesVersion, PolicyName),
        };
        var binding = new V1ValidatingAdmissionPolicyBinding
        {
            ApiVersion = $"{KubernetesApi.AdmissionGroup}/v1",
            Kind = "ValidatingAdmissionPolicyBinding",
            Metadata = new V1ObjectMeta { Name = PolicyName, Labels = new Dictionary<string, string>(labels) },
            Spec = new V1ValidatingAdmissionPolicyBindingSpec { PolicyName = PolicyName, ValidationActions = [.. ValidationActions.Canonical(cluster.ValidationActions)] },
        };
        return (policy, binding);
    }

    // request.userInfo.groups is absent for a user without groups: has() keeps that from being an error.
    private static Expr IsDeployer(LabelGuardConfig guard)
    {
        var terms = new List<Expr>();
        if (guard.Usernames.Count > 0)
            terms.Add(CelAst.In(CelAst.Path("request.userInfo.username"), CelAst.StringList(guard.Usernames.Distinct().Order(StringComparer.Ordinal))));
        if (guard.Groups.Count > 0)
            terms.Add(CelAst.And(CelAst.Has(CelAst.Path("request.userInfo"), "groups"),
                CelAst.Exists(CelAst.Path("request.userInfo.groups"), "g", CelAst.In(CelAst.Ident("g"), CelAst.StringList(guard.Groups.Distinct().Order(StringComparer.Ordinal))))));
        return CelAst.Or(terms);
    }
}
