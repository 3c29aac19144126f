using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>The value of the <c>authorizer</c> variable offline: it exists so expressions compile, but decides nothing.</summary>
public sealed class CelAuthorizer : ICelOpaque
{
    public static readonly CelAuthorizer Offline = new();
    public static readonly CelType CelTypeValue = new("kubernetes.authorization.Authorizer");

    /// <summary>The value of the <c>authorizer.requestResource</c> variable offline (a ResourceCheck for the request's resource).</summary>
    public static readonly ICelOpaque RequestResourceOffline = new OfflineResourceCheck();

    private CelAuthorizer() { }
    public CelType Type => CelTypeValue;

    private sealed class OfflineResourceCheck : ICelOpaque
    {
        public CelType Type => AuthzLibrary.ResourceCheck;
    }
}

/// <summary>
/// Kubernetes' authz library (k8s.io/apiserver pkg/cel/library/authz.go, from 1.27) and, with
/// <paramref name="withSelectors"/>, the authz selectors library (fieldSelector/labelSelector, from 1.31).
/// Authorization needs a live API server, so every function yields an error saying so; no decision is ever invented.
/// </summary>
public sealed class AuthzLibrary(bool withSelectors) : ICelLibrary
{
    private const string Prefix = "kubernetes.authorization.";
    public static readonly CelType PathCheck = new(Prefix + "PathCheck");
    public static readonly CelType GroupCheck = new(Prefix + "GroupCheck");
    public static readonly CelType ResourceCheck = new(Prefix + "ResourceCheck");
    public static readonly CelType Decision = new(Prefix + "Decision");

    public string Name => withSelectors ? "authz-selectors" : "authz";
    public IEnumerable<CelType> Types => withSelectors ? [] : [CelAuthorizer.CelTypeValue, PathCheck, GroupCheck, ResourceCheck, Decision];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var s = CelType.String;
            if (withSelectors)
            {
                yield return Overload.Of("authorizer_fieldselector", "fieldSelector", true, ResourceCheck, s, (_, a) => Offline("fieldSelector", a));
                yield return Overload.Of("authorizer_labelselector", "labelSelector", true, ResourceCheck, s, (_, a) => Offline("labelSelector", a));
                yield break;
            }
            var authz = CelAuthorizer.CelTypeValue;
            yield return Overload.Of("authorizer_path", "path", true, authz, s, (_, a) => Offline("path", a));
            yield return Overload.Of("authorizer_group", "group", true, authz, s, (_, a) => Offline("group", a));
            yield return Overload.Of("authorizer_serviceaccount", "serviceAccount", true, authz, s, s, (_, a, b) => Offline("serviceAccount", a, b));
            yield return Overload.Of("pathcheck_check", "check", true, PathCheck, s, (_, a) => Offline("check", a));
            yield return Overload.Of("groupcheck_resource", "resource", true, GroupCheck, s, (_, a) => Offline("resource", a));
            yield return Overload.Of("resourcecheck_subresource", "subresource", true, ResourceCheck, s, (_, a) => Offline("subresource", a));
            yield return Overload.Of("resourcecheck_namespace", "namespace", true, ResourceCheck, s, (_, a) => Offline("namespace", a));
            yield return Overload.Of("resourcecheck_name", "name", true, ResourceCheck, s, (_, a) => Offline("name", a));
            yield return Overload.Of("resourcecheck_check", "check", true, ResourceCheck, s, (_, a) => Offline("check", a));
            yield return Overload.Of("decision_allowed", "allowed", true, Decision, _ => Offline("allowed"));
            yield return Overload.Of("decision_reason", "reason", true, Decision, _ => Offline("reason"));
            yield return Overload.Of("decision_errored", "errored", true, Decision, _ => Offline("errored"));
            yield return Overload.Of("decision_error", "error", true, Decision, _ => Offline("error"));
        }
    }

    private static CelError Offline(string function, params object[] args) =>
        new($"authorizer is not available offline: {function}({string.Join(", ", args.Select(a => a is string t ? StringsLibrary.Quote(t) : a.ToString()))}) " +
            "asks the API server's authorizers, which only a live cluster can answer");
}
