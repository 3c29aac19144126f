using k8s;
using k8s.Models;
using PspReplacement.Cel.Parsing;
using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>
/// Reads policies.kyverno.io ValidatingPolicy and NamespacedValidatingPolicy (v1alpha1, v1beta1, v1): a superset of a
/// VAP, imported as one policy; Kyverno-only settings that change what is admitted are reported as skips.
/// </summary>
internal static class ValidatingPolicyReader
{
    private static readonly HashSet<string> PodResources = new(StringComparer.Ordinal) { "pods", "pods/ephemeralcontainers" };

    public static ReadResult Read(SourceNode doc, string file, PolicyHints hints)
    {
        var kind = doc.Text("kind") ?? "";
        var metadata = doc.Child("metadata");
        var name = metadata.Text("name") ?? "";
        var spec = doc.Child("spec");
        var actions = spec.Strings("validationActions");
        var source = new ImportSource(file, doc.Text("apiVersion") ?? "", kind, name, null, 1, actions.Count > 0 ? string.Join(", ", actions) : null);
        var problems = new List<string>();

        var mode = spec.Path("evaluation", "mode").AsText();
        if (mode is not null && mode != "Kubernetes")
            problems.Add($"evaluation.mode {mode} validates {mode} payloads, not Kubernetes admission requests");
        if (spec.Path("evaluation", "admission", "enabled").AsText() is "false")
            problems.Add("evaluation.admission.enabled is false: the policy only runs in background scans, never at admission");
        if (spec.Child("paramKind") is not null)
            problems.Add("paramKind: parameter resources need a binding paramRef, which render's bindings do not have");

        var conditions = new List<V1MatchCondition>();
        if (kind == "NamespacedValidatingPolicy")
            conditions.Add(new V1MatchCondition { Name = "kyverno-policy-namespace", Expression = CelAst.Print(CelAst.Equal(CelAst.Path("request.namespace"), CelAst.Literal(metadata.Text("namespace") ?? "default"))) });
        var constraints = MatchConstraints(spec.Child("matchConstraints"), conditions, problems);
        conditions.AddRange(spec.Items("matchConditions").Select(c => new V1MatchCondition { Name = c.Text("name") ?? "", Expression = c.Text("expression") ?? "" }));

        var validations = spec.Items("validations");
        if (validations.Count == 0) problems.Add("the policy has no validations");
        if (problems.Count > 0)
            return new ReadResult([], problems.Select(p => new ImportSkip(file, source.Display, p)).ToList());

        var vap = new V1ValidatingAdmissionPolicySpec
        {
            FailurePolicy = spec.Text("failurePolicy"),
            MatchConstraints = constraints,
            MatchConditions = conditions.Count > 0 ? conditions : null,
            Variables = ClusterPolicyReader.NullIfEmpty(spec.Items("variables").Select(v => new V1Variable { Name = v.Text("name") ?? "", Expression = v.Text("expression") ?? "" })),
            Validations = validations.Select(VapFields.Validation).ToList(),
            AuditAnnotations = ClusterPolicyReader.NullIfEmpty(spec.Items("auditAnnotations").Select(VapFields.AuditAnnotation)),
        };
        return new ReadResult([new ImportedPolicy(PolicyNames.ForPolicy(name), source, hints, vap, AutogenControllers(spec))], []);
    }

    /// <summary>spec.autogen.podControllers.controllers: null when absent (Kyverno's default), else the kinds (empty: none).</summary>
    private static IReadOnlyList<string>? AutogenControllers(SourceNode? spec)
    {
        var podControllers = spec.Path("autogen", "podControllers");
        if (podControllers.Child("controllers") is null) return null;
        return podControllers.Strings("controllers").Select(ControllerKind).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    // Kyverno lists controllers as resources ("deployments") in ValidatingPolicy and as kinds in the annotation.
    private static string ControllerKind(string controller) => controller.ToLowerInvariant() switch
    {
        "deployments" or "deployment" => "Deployment",
        "replicasets" or "replicaset" => "ReplicaSet",
        "daemonsets" or "daemonset" => "DaemonSet",
        "statefulsets" or "statefulset" => "StatefulSet",
        "jobs" or "job" => "Job",
        "cronjobs" or "cronjob" => "CronJob",
        "replicationcontrollers" or "replicationcontroller" => "ReplicationController",
        _ => controller,
    };

    /// <summary>Null (pod form) when the policy matches only Pods; else the constraints as written.</summary>
    private static V1MatchResources? MatchConstraints(SourceNode? node, List<V1MatchCondition> conditions, List<string> problems)
    {
        var rules = node.Items("resourceRules");
        if (rules.Count == 0)
        {
            problems.Add("matchConstraints.resourceRules is empty: the policy matches no resource");
            return null;
        }
        var podOnly = rules.All(r =>
            r.Strings("apiGroups").All(g => g is "" or "*") &&
            r.Strings("apiVersions").All(v => v is "v1" or "*") &&
            r.Strings("resources").Count > 0 && r.Strings("resources").All(PodResources.Contains) &&
            r.Strings("resourceNames").Count == 0);
        if (!podOnly) return KubernetesJson.Deserialize<V1MatchResources>(System.Text.Json.JsonSerializer.Serialize(node!.ToPlain()));

        if (node.Items("excludeResourceRules").Count > 0)
            problems.Add("matchConstraints.excludeResourceRules on a Pod policy: render's pod form binds every Pod");
        if (node.Child("namespaceSelector") is SourceMap { Entries.Count: > 0 })
            problems.Add("matchConstraints.namespaceSelector on a Pod policy: render binds namespaces by their profile labels");
        if (node.Child("objectSelector") is SourceMap { Entries.Count: > 0 } objectSelector)
        {
            var selector = MatchTranslator.LabelSelector(objectSelector, "matchConstraints.objectSelector", problems);
            if (selector.Count > 0) conditions.Add(new V1MatchCondition { Name = "kyverno-object-selector", Expression = CelAst.Print(CelAst.And(selector)) });
        }
        var operations = rules.SelectMany(r => r.Strings("operations")).Select(o => o.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (operations.Contains("*")) return null;
        var extra = operations.Except(MatchTranslator.DefaultOperations).ToList();
        if (extra.Count > 0)
            problems.Add($"operations {string.Join(", ", extra)} on Pods: render's pod form admits CREATE and UPDATE only");
        else if (operations.Count == 1)
            conditions.Add(new V1MatchCondition { Name = "kyverno-operations", Expression = CelAst.Print(CelAst.In(CelAst.Path("request.operation"), CelAst.StringList(operations))) });
        return null;
    }
}
