using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Cel.Runtime;
using PspReplacement.Vap;

namespace PspReplacement.Admission;

/// <summary>A policy with the bindings that refer to it, sorted by name.</summary>
public sealed record BoundPolicy(CompiledPolicy Policy, IReadOnlyList<V1ValidatingAdmissionPolicyBinding> Bindings);

/// <summary>
/// Compiled policies and their bindings, ready to admit requests the way the kube-apiserver's ValidatingAdmissionPolicy
/// plugin does: policy matchConstraints, then each binding's matchResources, params, matchConditions, validations and
/// auditAnnotations; a failed validation is enforced per the binding's validationActions. Compiled once; Admit is
/// thread-safe. Policies are visited in name order, so "the first denial" is deterministic.
/// </summary>
public sealed class PolicySet
{
    private readonly IReadOnlyList<BoundPolicy> _policies;
    private readonly ParamStore _params;

    private PolicySet(IReadOnlyList<BoundPolicy> policies, ParamStore paramStore) { _policies = policies; _params = paramStore; }

    public IReadOnlyList<BoundPolicy> Policies => _policies;

    /// <summary>The namespace label keys that policies and bindings select on: relabelling one of them changes which policies apply.</summary>
    public IReadOnlySet<string> NamespaceSelectorKeys => _selectorKeys ??= _policies
        .SelectMany(p => p.Bindings.Select(b => b.Spec?.MatchResources?.NamespaceSelector).Prepend(p.Policy.Policy.Spec?.MatchConstraints?.NamespaceSelector))
        .OfType<V1LabelSelector>()
        .SelectMany(s => (s.MatchLabels?.Keys ?? []).Concat(s.MatchExpressions?.OfType<V1LabelSelectorRequirement>().Select(e => e.Key) ?? []))
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    private IReadOnlySet<string>? _selectorKeys;

    /// <summary>
    /// Compiles the policies for a Kubernetes version and pairs them with their bindings (bindings of unknown policies
    /// are ignored, as the apiserver does). Throws InvalidInputException for policies or bindings the apiserver would refuse.
    /// </summary>
    public static PolicySet Create(IEnumerable<V1ValidatingAdmissionPolicy> policies, IEnumerable<V1ValidatingAdmissionPolicyBinding> bindings,
        KubernetesVersion version, ParamStore? paramStore = null)
    {
        var problems = new List<string>();
        var byPolicy = bindings.GroupBy(b => b.Spec?.PolicyName ?? "").ToDictionary(g => g.Key, g => g.OrderBy(b => b.Metadata?.Name, StringComparer.Ordinal).ToList());
        foreach (var binding in byPolicy.Values.SelectMany(b => b)) problems.AddRange(BindingProblems(binding));
        var compiled = new List<BoundPolicy>();
        foreach (var policy in policies.OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal))
        {
            try { compiled.Add(new BoundPolicy(CompiledPolicy.Compile(policy, version), byPolicy.GetValueOrDefault(policy.Metadata?.Name ?? "") ?? [])); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }
        var duplicates = compiled.GroupBy(p => p.Policy.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        problems.AddRange(duplicates.Select(d => $"ValidatingAdmissionPolicy '{d}' is defined more than once; policy names must be unique"));
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new PolicySet(compiled, paramStore ?? ParamStore.Empty);
    }

    /// <summary>A binding per policy, named like it, that applies it everywhere with Deny (check --policies without bindings).</summary>
    public static IReadOnlyList<V1ValidatingAdmissionPolicyBinding> BindEverywhere(IEnumerable<V1ValidatingAdmissionPolicy> policies) =>
        policies.Select(p => new V1ValidatingAdmissionPolicyBinding
        {
            ApiVersion = "admissionregistration.k8s.io/v1",
            Kind = "ValidatingAdmissionPolicyBinding",
            Metadata = new V1ObjectMeta { Name = p.Metadata?.Name },
            Spec = new V1ValidatingAdmissionPolicyBindingSpec { PolicyName = p.Metadata?.Name, ValidationActions = ["Deny"] },
        }).ToList();

    private static IEnumerable<string> BindingProblems(V1ValidatingAdmissionPolicyBinding binding) =>
        ValidationActions.Problems(binding.Spec?.ValidationActions?.ToList() ?? [], $"ValidatingAdmissionPolicyBinding '{binding.Metadata?.Name ?? ""}'");

    /// <summary>Admits one request. namespaceLabels are the labels of the request's namespace; namespaceObject is what CEL sees as namespaceObject.</summary>
    public AdmissionVerdict Admit(AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels, Dictionary<string, object?>? namespaceObject)
    {
        // The apiserver unsets the namespace object for a Namespace itself, and cluster-scoped objects have none.
        var isNamespace = request.Kind is { Group: "", Version: "v1", Kind: "Namespace" };
        var values = new RequestValues(request, isNamespace || request.Namespace.Length == 0 ? null : namespaceObject);
        List<PolicyViolation>? violations = null;
        List<string>? warnings = null;
        SortedDictionary<string, string>? audit = null;
        List<string>? evaluated = null;
        List<object?>? validationFailures = null;

        foreach (var bound in _policies)
        {
            var policy = bound.Policy;
            MatchResult match;
            try { match = MatchResourcesMatcher.Match(policy.Policy.Spec?.MatchConstraints, request, namespaceLabels); }
            catch (AdmissionConfigurationException e)
            {
                AddConfigError(policy, null, $"failed to configure policy: {e.Message}");
                continue;
            }
            if (!match.Matches) continue;

            foreach (var binding in bound.Bindings)
            {
                var bindingName = binding.Metadata?.Name ?? "";
                try
                {
                    if (!MatchResourcesMatcher.Match(binding.Spec?.MatchResources, request, namespaceLabels).Matches) continue;
                }
                catch (AdmissionConfigurationException e) { AddConfigError(policy, binding, $"failed to configure binding: {e.Message}"); continue; }

                IReadOnlyList<Dictionary<string, object?>?> paramObjects;
                try { paramObjects = _params.Collect(policy.Policy.Spec?.ParamKind, binding.Spec?.ParamRef, request.Namespace); }
                catch (AdmissionConfigurationException e) { AddConfigError(policy, binding, $"failed to configure binding: {e.Message}"); continue; }

                // KubernetesClient reads the actions into a List; only a hand-built binding needs a copy.
                var actions = binding.Spec?.ValidationActions as IReadOnlyList<string> ?? binding.Spec?.ValidationActions?.ToList() ?? [];
                foreach (var param in paramObjects)
                {
                    var outcome = PolicyValidator.Validate(policy, values, match, param is null ? null : CelValue.FromPlain(param));
                    if (!outcome.Evaluated) continue;
                    (evaluated ??= []).Add(policy.Name);
                    foreach (var decision in outcome.Denials) AddViolation(policy, bindingName, actions, decision);
                    foreach (var annotation in outcome.AuditAnnotations)
                    {
                        if (annotation.Error is not null) AddViolation(policy, bindingName, ["Deny"], new PolicyDecision(0, annotation.Error, "", true));
                        else (audit ??= new(StringComparer.Ordinal)).TryAdd($"{policy.Name}/{annotation.Key}", annotation.Value!);
                    }
                }
            }
        }

        if (validationFailures is not null)
            (audit ??= new(StringComparer.Ordinal))[AdmissionMessages.ValidationFailureAnnotation] = System.Text.Json.JsonSerializer.Serialize(validationFailures);
        var matched = evaluated is not null || violations is not null;
        if (!matched) return AdmissionVerdict.NotMatched;
        return new AdmissionVerdict(true, evaluated?.Distinct().ToList() ?? [], violations ?? [], warnings ?? [],
            audit ?? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>());

        void AddViolation(CompiledPolicy policy, string bindingName, IReadOnlyList<string> actions, PolicyDecision decision)
        {
            var policyName = policy.Name;
            string? shown = null;
            foreach (var action in actions)
            {
                switch (action)
                {
                    case "Deny":
                        shown ??= AdmissionMessages.Denied(policyName, bindingName, decision.Message);
                        break;
                    case "Warn":
                        var warning = AdmissionMessages.Warning(policyName, bindingName, decision.Message);
                        (warnings ??= []).Add(warning);
                        if (!actions.Contains("Deny")) shown ??= warning;
                        break;
                    case "Audit":
                        (validationFailures ??= []).Add(new Dictionary<string, object?>
                        {
                            ["message"] = decision.Message, ["policy"] = policyName, ["binding"] = bindingName,
                            ["expressionIndex"] = decision.ExpressionIndex, ["validationActions"] = actions,
                        });
                        break;
                }
            }
            (violations ??= []).Add(new PolicyViolation(policyName, bindingName, actions, shown ?? decision.Message, decision.Message,
                decision.Reason.Length == 0 ? "Invalid" : decision.Reason, decision.ExpressionIndex) { Relaxes = policy.Relaxes });
        }

        // Configuration errors deny under failurePolicy Fail whatever the binding's actions (the apiserver's addConfigError).
        void AddConfigError(CompiledPolicy policy, V1ValidatingAdmissionPolicyBinding? binding, string message)
        {
            if (policy.IgnoresFailures) return;
            var bindingName = binding?.Metadata?.Name;
            (violations ??= []).Add(new PolicyViolation(policy.Name, bindingName ?? "", ["Deny"], AdmissionMessages.Denied(policy.Name, bindingName, message), message, "Invalid", 0));
        }
    }
}
