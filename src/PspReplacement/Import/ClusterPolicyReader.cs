using k8s.Models;
using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>
/// Reads kyverno.io/v1 and v2beta1 ClusterPolicy and Policy: each validate.cel rule becomes one policy named
/// &lt;policy&gt;-&lt;rule&gt;; every other rule kind, and whatever a VAP cannot say, is reported as a skip.
/// </summary>
internal static class ClusterPolicyReader
{
    // validate.* keys that are Kyverno's own languages, not CEL, with what they are called in the report.
    private static readonly (string Key, string Name)[] NonCelValidations =
    [
        ("pattern", "validate.pattern (Kyverno overlay pattern)"),
        ("anyPattern", "validate.anyPattern (Kyverno overlay patterns)"),
        ("deny", "validate.deny (JMESPath conditions)"),
        ("foreach", "validate.foreach (JMESPath iteration)"),
        ("podSecurity", "validate.podSecurity (Kyverno's built-in PSS checks)"),
        ("manifests", "validate.manifests (signed manifests)"),
        ("assert", "validate.assert (kyverno-json assertion trees)"),
    ];

    public static ReadResult Read(SourceNode doc, string file, PolicyHints hints, IReadOnlyList<string>? autogenControllers)
    {
        var apiVersion = doc.Text("apiVersion") ?? "";
        var kind = doc.Text("kind") ?? "";
        var metadata = doc.Child("metadata");
        var policyName = metadata.Text("name") ?? "";
        var policyNamespace = kind == "Policy" ? metadata.Text("namespace") ?? "default" : null;
        var spec = doc.Child("spec");
        var rules = spec.Items("rules");
        var policies = new List<ImportedPolicy>();
        var skips = new List<ImportSkip>();
        if (rules.Count == 0) skips.Add(new ImportSkip(file, $"{kind} {policyName}", "the policy has no rules"));

        var ruleNames = rules.Select(r => r.Text("name") ?? "").ToHashSet(StringComparer.Ordinal);
        var ruleCount = ruleNames.Count(r => AutogenBase(r) is not { } b || !ruleNames.Contains(b));
        foreach (var rule in rules)
        {
            var ruleName = rule.Text("name") ?? "";
            // Kyverno before 1.10 wrote its autogen rules into spec.rules; the pod rule they came from is imported once,
            // in pod form, and render's autogen recreates the controller forms.
            if (AutogenBase(ruleName) is { } baseRule && ruleNames.Contains(baseRule)) continue;

            // Kyverno's enforcement (Audit or Enforce) becomes the policy's own validationActions ([Audit] stays audit-only).
            var action = rule.Path("validate").Text("failureAction") ?? spec.Text("validationFailureAction");
            var source = new ImportSource(file, apiVersion, kind, policyName, ruleName, ruleCount, action);
            var problems = new List<string>();
            if (spec.Text("admission") == "false")
                problems.Add("spec.admission is false: the policy only runs in background scans, never at admission");
            var result = ReadRule(rule, policyNamespace, spec, problems);
            if (problems.Count > 0 || result is null)
                skips.AddRange(problems.Select(p => new ImportSkip(file, source.Display, p)));
            else
                policies.Add(new ImportedPolicy(PolicyNames.ForRule(policyName, ruleName), source, hints, result, autogenControllers));
        }
        return new ReadResult(policies, skips);
    }

    /// <summary>The pod rule an autogen rule ("autogen-X", "autogen-cronjob-X") was generated from.</summary>
    public static string? AutogenBase(string ruleName) =>
        ruleName.StartsWith("autogen-cronjob-", StringComparison.Ordinal) ? ruleName["autogen-cronjob-".Length..]
        : ruleName.StartsWith("autogen-", StringComparison.Ordinal) ? ruleName["autogen-".Length..]
        : null;

    private static V1ValidatingAdmissionPolicySpec? ReadRule(SourceNode rule, string? policyNamespace, SourceNode? spec, List<string> problems)
    {
        var validate = rule.Child("validate");
        foreach (var other in new[] { "mutate", "generate", "verifyImages" })
            if (rule.Child(other) is not null)
                problems.Add($"a {other} rule: only validate rules with CEL can become a ValidatingAdmissionPolicy");
        if (validate is null)
        {
            if (problems.Count == 0) problems.Add("the rule has no validate block");
            return null;
        }
        foreach (var (key, name) in NonCelValidations)
            if (validate.Child(key) is not null)
                problems.Add($"{name} is not CEL; rewrite the rule with validate.cel or as a ValidatingPolicy upstream");
        var cel = validate.Child("cel");
        if (cel is null)
        {
            if (problems.Count == 0) problems.Add("validate has no cel block");
            return null;
        }
        if (rule.Child("preconditions") is not null)
            problems.Add("preconditions are JMESPath; a ValidatingAdmissionPolicy can only use CEL matchConditions (celPreconditions upstream)");
        if (rule.Child("context") is not null)
            problems.Add("context lookups (API calls, ConfigMaps, image registries) have no ValidatingAdmissionPolicy equivalent");
        if (cel.Child("paramKind") is not null || cel.Child("paramRef") is not null)
            problems.Add("validate.cel.paramKind/paramRef: parameter resources need a binding paramRef, which render's bindings do not have");

        var match = MatchTranslator.Translate(rule.Child("match"), rule.Child("exclude"), policyNamespace);
        problems.AddRange(match.Problems);

        var expressions = cel.Items("expressions");
        if (expressions.Count == 0) problems.Add("validate.cel has no expressions");
        if (problems.Count > 0) return null;

        var conditions = match.Conditions.ToList();
        // The policy's webhook matchConditions filter every request before any rule sees it.
        conditions.AddRange(spec.Path("webhookConfiguration").Items("matchConditions").Select(c => new V1MatchCondition { Name = c.Text("name") ?? "", Expression = c.Text("expression") ?? "" }));
        conditions.AddRange(rule.Items("celPreconditions").Select(c => new V1MatchCondition { Name = c.Text("name") ?? "", Expression = c.Text("expression") ?? "" }));
        return new V1ValidatingAdmissionPolicySpec
        {
            FailurePolicy = spec.Text("failurePolicy"),
            MatchConstraints = match.MatchConstraints,
            MatchConditions = conditions.Count > 0 ? conditions : null,
            Variables = NullIfEmpty(cel.Items("variables").Select(v => new V1Variable { Name = v.Text("name") ?? "", Expression = v.Text("expression") ?? "" })),
            Validations = expressions.Select(VapFields.Validation).ToList(),
            AuditAnnotations = NullIfEmpty(cel.Items("auditAnnotations").Select(VapFields.AuditAnnotation)),
        };
    }

    internal static List<T>? NullIfEmpty<T>(IEnumerable<T> items) => items.ToList() is { Count: > 0 } list ? list : null;
}
