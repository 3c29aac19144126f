namespace PspReplacement.Admission;

/// <summary>
/// One failed validation (or failure per failurePolicy) of a policy through a binding. Message is what the user sees
/// through the binding's strongest action, worded as the apiserver words it: the denial for Deny, the warning for
/// Warn, and the policy's own message for Audit only. PolicyMessage is the policy's message alone.
/// </summary>
public sealed record PolicyViolation(string Policy, string Binding, IReadOnlyList<string> Actions, string Message, string PolicyMessage, string Reason, int ExpressionIndex)
{
    public bool Denies => Actions.Contains("Deny");

    /// <summary>Set when the policy is an add-back's replacement of a base rule: the rule and add-back the denial comes from.</summary>
    public Rendering.Bindings.Relaxation? Relaxes { get; init; }
}

/// <summary>The apiserver's decision on one request, with everything it would report.</summary>
public sealed record AdmissionVerdict(
    bool Matched,
    IReadOnlyList<string> EvaluatedPolicies,
    IReadOnlyList<PolicyViolation> Violations,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<string, string> AuditAnnotations)
{
    public bool Allowed => !Violations.Any(v => v.Denies);

    /// <summary>The error the apiserver returns: it reports the first denial only.</summary>
    public string? DenialMessage => Violations.FirstOrDefault(v => v.Denies)?.Message;

    public static readonly AdmissionVerdict NotMatched = new(false, [], [], [], new Dictionary<string, string>());
}
