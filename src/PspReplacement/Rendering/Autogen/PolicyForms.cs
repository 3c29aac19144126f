using static PspReplacement.Rendering.Autogen.ModelFactory;
using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Kubernetes;

namespace PspReplacement.Rendering.Autogen;

/// <summary>One VAP (+ its binding) that render emits for a policy: the pod form and, by autogen, controller forms.</summary>
public sealed record PolicyForm(string Name, V1ValidatingAdmissionPolicySpec Spec, bool IsController)
{
    /// <summary>The controller kinds this form matches (empty for the pod form).</summary>
    public IReadOnlyList<ControllerKind> Kinds { get; init; } = [];
}

/// <summary>The cluster's (or namespace's) choices that shape the forms of a policy.</summary>
public sealed record FormOptions(ControllerMode Controllers, IReadOnlyList<string> ExemptUsernames, IReadOnlyList<string> ExemptRuntimeClassNames)
{
    /// <summary>The cluster's Kubernetes version: PSA's update rule is its apiserver's (<see cref="UpdateExemption"/>).</summary>
    public KubernetesVersion Kubernetes { get; init; } = KubernetesVersion.Latest;
}

/// <summary>
/// Turns one policy's pod-form spec into the VAP specs render emits:
/// <list type="bullet">
/// <item><c>&lt;policy&gt;</c>: pods and the pod subresources PSA evaluates, CREATE/UPDATE, with PSA's update rule;</item>
/// <item><c>&lt;policy&gt;-controllers</c>: Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and
/// Jobs (pod template at spec.template), unless controllers are off;</item>
/// <item><c>&lt;policy&gt;-cronjobs</c>: CronJobs (template at spec.jobTemplate.spec.template), unless controllers are off.</item>
/// </list>
/// Controller forms are derived by rewriting the CEL AST (<see cref="PodFormRewriter"/>). Warn versus Same is not a
/// property of the VAP but of its binding's validationActions: see <see cref="ControllerActions"/>.
/// </summary>
public static class PolicyForms
{
    public const string ControllersSuffix = "-controllers";
    public const string CronJobsSuffix = "-cronjobs";

    /// <summary>Throws InvalidInputException naming the policy, the field and the column for every expression that cannot be carried over.</summary>
    public static IReadOnlyList<PolicyForm> Expand(string policyName, V1ValidatingAdmissionPolicySpec podFormSpec, FormOptions options)
    {
        // A policy whose own matchConstraints select no pods (an imported Service rule, say) is not a pod policy:
        // PSA's exemptions and update rule are about pods, and its object has no pod template to rewrite.
        if (!MatchRules.SelectsPods(podFormSpec.MatchConstraints))
            return [new PolicyForm(policyName, CopySpec(podFormSpec, podFormSpec.MatchConstraints!, [.. (podFormSpec.MatchConditions ?? []).Select(Copy)]), IsController: false)];

        var exemptions = new[]
        {
            Exemptions.UsernameCondition(options.ExemptUsernames),
            Exemptions.RuntimeClassCondition(options.ExemptRuntimeClassNames),
        }.OfType<V1MatchCondition>().ToList();
        var sharedConditions = exemptions.Concat(podFormSpec.MatchConditions ?? []).ToList();
        CheckConditionNames(policyName, sharedConditions);

        var pod = new PolicyForm(policyName, CopySpec(podFormSpec,
            podFormSpec.MatchConstraints ?? MatchRules.Pods(),
            [UpdateExemption.ForPods(options.Kubernetes), .. sharedConditions.Select(Copy)]), IsController: false);
        if (options.Controllers == ControllerMode.Off)
            return [pod];

        var problems = new List<string>();
        var controllers = ControllerForm(policyName + ControllersSuffix, ControllerKind.TemplateKinds, podFormSpec, sharedConditions, policyName, problems);
        var cronJobs = ControllerForm(policyName + CronJobsSuffix, [ControllerKind.CronJob], podFormSpec, sharedConditions, policyName, problems);
        if (problems.Count > 0)
            throw new InvalidInputException([.. problems.Distinct()]);
        return [pod, controllers, cronJobs];
    }

    private static PolicyForm ControllerForm(string name, IReadOnlyList<ControllerKind> kinds, V1ValidatingAdmissionPolicySpec pod,
        IReadOnlyList<V1MatchCondition> sharedConditions, string policyName, List<string> problems)
    {
        // Every kind of a form shares one template path, so the first kind's rewriter serves them all.
        var rewriter = new PodFormRewriter(kinds[0]);
        string Rewrite(string? expression, string field)
        {
            if (expression is null) return null!;
            try
            {
                return rewriter.RewriteText(expression);
            }
            catch (UnsafeRewriteException e)
            {
                problems.Add($"policy {policyName}: {field} at {e.Position.Line}:{e.Position.Column} cannot be carried over to pod controllers: {e.Message}" +
                             $" (expression: {OneLine(expression)}); rewrite it, or set the cluster's controllers to off");
            }
            catch (CelCompileException e)
            {
                problems.Add($"policy {policyName}: {field} does not parse: {OneLine(e.Message)}");
            }
            return expression;
        }

        var conditions = new List<V1MatchCondition>
        {
            UpdateExemption.ForControllers(kinds[0]),
        };
        conditions.AddRange(sharedConditions.Select(c => Condition(c.Name, Rewrite(c.Expression, $"matchConditions[{c.Name}].expression"))));
        var spec = CopySpec(pod, MatchRules.Controllers(kinds), conditions);
        spec.Variables = spec.Variables?.Select(v => Variable(v.Name, Rewrite(v.Expression, $"variables[{v.Name}].expression"))).ToList();
        spec.Validations = spec.Validations?.Select((v, i) => Validation(
            Rewrite(v.Expression, $"validations[{i}].expression"), v.Message,
            v.MessageExpression is null ? null : Rewrite(v.MessageExpression, $"validations[{i}].messageExpression"), v.Reason)).ToList();
        spec.AuditAnnotations = spec.AuditAnnotations?.Select(a => AuditAnnotation(a.Key, Rewrite(a.ValueExpression, $"auditAnnotations[{a.Key}].valueExpression"))).ToList();
        return new PolicyForm(name, spec, IsController: true) { Kinds = kinds };
    }

    private static V1ValidatingAdmissionPolicySpec CopySpec(V1ValidatingAdmissionPolicySpec source, V1MatchResources match, IList<V1MatchCondition> conditions) => new()
    {
        FailurePolicy = source.FailurePolicy ?? "Fail",
        ParamKind = source.ParamKind,
        MatchConstraints = match,
        MatchConditions = conditions,
        Variables = source.Variables?.Select(v => Variable(v.Name, v.Expression)).ToList(),
        Validations = source.Validations?.Select(v => Validation(v.Expression, v.Message, v.MessageExpression, v.Reason)).ToList(),
        AuditAnnotations = source.AuditAnnotations?.Select(a => AuditAnnotation(a.Key, a.ValueExpression)).ToList(),
    };

    private static V1MatchCondition Copy(V1MatchCondition c) => Condition(c.Name, c.Expression);

    private static void CheckConditionNames(string policyName, IReadOnlyList<V1MatchCondition> conditions)
    {
        var reserved = new HashSet<string>(StringComparer.Ordinal) { UpdateExemption.PodConditionName, UpdateExemption.ControllerConditionName };
        var problems = conditions
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1 || reserved.Contains(g.Key))
            .Select(g => $"policy {policyName}: matchConditions name '{g.Key}' is used twice or is reserved by render (names starting 'pspr-' are); rename it")
            .ToList();
        if (problems.Count > 0)
            throw new InvalidInputException(problems);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
