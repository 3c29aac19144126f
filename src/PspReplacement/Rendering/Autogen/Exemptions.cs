using static PspReplacement.Rendering.Autogen.ModelFactory;
using System.Text.RegularExpressions;
using k8s.Models;
using PspReplacement.Cel.Parsing;

namespace PspReplacement.Rendering.Autogen;

/// <summary>
/// PSA's exemptions (AdmissionConfiguration exemptions.usernames, runtimeClasses, namespaces) in VAP form.
/// Usernames and runtime classes become matchConditions on every form of every policy (PSA exempts pods and controllers
/// alike); namespaces become a requirement in every binding's namespaceSelector.
/// </summary>
public static partial class Exemptions
{
    public const string UsernameConditionName = "pspr-exempt-usernames";
    public const string RuntimeClassConditionName = "pspr-exempt-runtime-classes";
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>True unless the request comes from an exempt user; null when there are none.</summary>
    public static V1MatchCondition? UsernameCondition(IReadOnlyList<string> usernames) =>
        usernames.Count == 0 ? null
            : Condition(UsernameConditionName, CelAst.Print(CelAst.Not(CelAst.In(CelAst.Path("request.userInfo.username"), CelAst.StringList(Sorted(usernames))))));

    /// <summary>
    /// In pod form (object is a Pod): true unless the pod runs under an exempt runtime class. The controller forms get
    /// it through the same rewrite as the policy, so it reads the template's runtimeClassName. Null when there are none.
    /// </summary>
    public static V1MatchCondition? RuntimeClassCondition(IReadOnlyList<string> runtimeClassNames) =>
        runtimeClassNames.Count == 0 ? null
            : Condition(RuntimeClassConditionName, CelAst.Print(CelAst.Or(
                CelAst.Not(CelAst.Has(CelAst.Path("object.spec"), "runtimeClassName")),
                CelAst.Not(CelAst.In(CelAst.Path("object.spec.runtimeClassName"), CelAst.StringList(Sorted(runtimeClassNames)))))));

    /// <summary>The binding namespaceSelector requirement that leaves exempt namespaces out; null when there are none (NotIn needs values).</summary>
    public static V1LabelSelectorRequirement? NamespaceRequirement(IReadOnlyList<string> namespaces) =>
        namespaces.Count == 0 ? null : Requirement(NamespaceNameLabel, "NotIn", Sorted(namespaces));

    /// <summary>
    /// Warnings for render to print: exempting a controller's identity exempts every pod that controller creates, i.e.
    /// everyone who may create the workload (the PSA documentation warns the same).
    /// </summary>
    public static IReadOnlyList<string> Warnings(string cluster, IReadOnlyList<string> usernames) =>
    [
        .. Sorted(usernames)
            .Where(u => ControllerServiceAccount().IsMatch(u) || u == "system:kube-controller-manager")
            .Select(u => $"warning: cluster {cluster}: exempting user '{u}' exempts every pod that controller creates, " +
                         "so anyone who may create the workload it manages bypasses every policy; exempt the people or the namespaces instead"),
    ];

    [GeneratedRegex(@"^system:serviceaccount:kube-system:[a-z0-9-]*-controller$")]
    private static partial Regex ControllerServiceAccount();

    private static IEnumerable<string> Sorted(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
