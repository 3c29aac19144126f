using PspReplacement.Cel.Runtime;

namespace PspReplacement.Admission;

/// <summary>What one validation decided: Deny (a false validation, or an error under failurePolicy Fail), with message and reason.</summary>
internal readonly record struct PolicyDecision(int ExpressionIndex, string Message, string Reason, bool IsError);

internal readonly record struct AuditAnnotationResult(string Key, string? Value, string? Error);

internal sealed record ValidationOutcome(bool Evaluated, IReadOnlyList<PolicyDecision> Denials, IReadOnlyList<AuditAnnotationResult> AuditAnnotations);

/// <summary>
/// The apiserver's validator for one policy, binding and param: matchConditions (any false skips; errors follow
/// failurePolicy), then validations with their messages, then auditAnnotations.
/// </summary>
internal static class PolicyValidator
{
    private const int MaxMessageBytes = 5 * 1024; // celconfig.MaxEvaluatedMessageExpressionSizeBytes

    public static ValidationOutcome Validate(CompiledPolicy policy, RequestValues values, MatchResult match, object? paramsValue)
    {
        var activation = new AdmissionActivation(values, match, paramsValue, policy.Variables);
        var ignore = policy.IgnoresFailures;

        if (policy.MatchConditions.Count > 0)
        {
            var errors = new List<string>();
            foreach (var condition in policy.MatchConditions)
            {
                var result = condition.Program.Evaluate(activation);
                if (result is bool b) { if (!b) return new ValidationOutcome(false, [], []); }
                else errors.Add(AdmissionMessages.EvaluationError(condition.Expression, ErrorText(result, "bool")));
            }
            if (errors.Count > 0)
            {
                if (ignore) return new ValidationOutcome(false, [], []);
                // utilerrors.NewAggregate prints one error as itself and several as a bracketed list.
                var message = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
                return new ValidationOutcome(true, [new PolicyDecision(0, message, "", true)], []);
            }
        }

        var denials = new List<PolicyDecision>();
        foreach (var validation in policy.Validations)
        {
            var result = validation.Program.Evaluate(activation);
            if (result is true) continue;
            if (result is not false)
            {
                if (!ignore) denials.Add(new PolicyDecision(validation.Index, AdmissionMessages.EvaluationError(validation.Expression, ErrorText(result, "bool")), "", true));
                continue;
            }
            denials.Add(new PolicyDecision(validation.Index, MessageOf(validation, activation), string.IsNullOrEmpty(validation.Reason) ? "Invalid" : validation.Reason, false));
        }

        var annotations = new List<AuditAnnotationResult>();
        foreach (var annotation in policy.AuditAnnotations)
        {
            var result = annotation.Program.Evaluate(activation);
            switch (result)
            {
                case string s when s.Trim().Length > 0: annotations.Add(new AuditAnnotationResult(annotation.Key, s.Trim(), null)); break;
                case string or CelNull: break;
                case CelError e: if (!ignore) annotations.Add(new AuditAnnotationResult(annotation.Key, null, AdmissionMessages.EvaluationError(annotation.ValueExpression, e.Message))); break;
                default:
                    annotations.Add(new AuditAnnotationResult(annotation.Key, null,
                        $"valueExpression '{annotation.ValueExpression}' resulted in unsupported return type: {TypeName(result)}. Return type must be either string or null."));
                    break;
            }
        }
        return new ValidationOutcome(true, denials, annotations);
    }

    // messageExpression first (a string without newlines, not too long, not blank), then message, then the expression.
    private static string MessageOf(CompiledValidation validation, AdmissionActivation activation)
    {
        var message = "";
        if (validation.MessageProgram is not null && validation.MessageProgram.Evaluate(activation) is string s)
        {
            message = s.Trim();
            if (System.Text.Encoding.UTF8.GetByteCount(message) > MaxMessageBytes || message.Contains('\n')) message = "";
        }
        if (message.Length == 0 && !string.IsNullOrEmpty(validation.Message)) message = validation.Message.Trim();
        if (message.Length == 0) message = AdmissionMessages.FailedExpression(validation.Expression);
        return message;
    }

    private static string ErrorText(object result, string expected) => result is CelError e
        ? e.Message
        : $"expected {expected} result, got {TypeName(result)}";

    private static string TypeName(object value) => value switch
    {
        bool => "bool", long => "int", ulong => "uint", double => "double", string => "string", CelNull => "null_type",
        CelBytes => "bytes", IReadOnlyList<object> => "list", ICelMap => "map", ICelOpaque o => o.Type.Name, _ => value.GetType().Name,
    };
}
